"""Forms of the makers administration. Edits carry the maker's version token (makers.actions.version_token)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.utils import timezone

from catalogue import images
from makers.actions import MEMBERSHIP_FIELDS, PRIVATE_FIELDS, PUBLIC_FIELDS
from makers.models import Consent, Maker, MakerStatus, Meeting, Membership, Option, Proposal
from payouts.models import Account, PayoutRun
from payouts.core.units import pounds_text
from storefront import roles
from storefront.dashboard import DatePicker


class VersionedForm(forms.ModelForm):
    """A maker form that remembers which version of the maker it was shown for."""

    version = forms.CharField(widget=forms.HiddenInput)

    def changes(self):
        return {field: self.cleaned_data[field] for field in self._meta.fields}


class MakerForm(VersionedForm):
    """Public fields, the workshop the maker belongs to, the maker's own money terms and their photo.

    The photo goes through ``catalogue.images`` like every picture upload: a real image, of a sane size, stored
    without the EXIF and GPS data that would say where it was taken."""

    photo = images.ImageField(required=False, label="Photo")

    class Meta:
        model = Maker
        fields = PUBLIC_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = maker_logins(self.instance.user_id)
        self.fields["photo"].help_text = f"{Maker._meta.get_field('photo').help_text} {self.fields['photo'].help_text}"

    def changes(self):
        changes = super().changes()
        if "photo" not in self.changed_data:
            del changes["photo"]  # no upload: keep the stored photo
        elif changes["photo"] is False:
            changes["photo"] = ""  # "Clear" was ticked
        return changes


def maker_logins(current=None):
    """Only accounts in the Makers role can be linked to a maker (and the one already linked, if any)."""
    users = get_user_model().objects.filter(Q(groups__name=roles.MAKERS) | Q(pk=current))
    return users.distinct().order_by("email")


class PrivateFieldsForm(VersionedForm):
    class Meta:
        model = Maker
        fields = PRIVATE_FIELDS


class MakerCreateForm(forms.ModelForm):
    class Meta:
        model = Maker
        fields = PUBLIC_FIELDS + PRIVATE_FIELDS
        exclude = ("photo",)  # added on the maker's page, where their consent to show it is recorded too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = maker_logins(self.instance.user_id)


class StatusForm(forms.ModelForm):
    class Meta:
        model = MakerStatus
        fields = ("status", "starts_on", "ends_on")
        widgets = {"starts_on": DatePicker(), "ends_on": DatePicker()}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = MEMBERSHIP_FIELDS
        widgets = {"joined_on": DatePicker(), "ended_on": DatePicker()}


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(choices=Consent.SCOPE_CHOICES)
    given_on = forms.DateField(widget=DatePicker(),
                               help_text="The day the maker agreed.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="Private: how and where consent was given.")


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(widget=DatePicker(),
                                   help_text="The day the maker withdrew it.")


# Members decide (makers.governance): the co-op admins' meeting and proposal forms, paper ballots, online votes.

class DateTimePicker(forms.DateTimeInput):
    """The browser's date and time picker (London time, as the site's time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("title", "kind", "held_on", "notes")
        widgets = {"held_on": DatePicker(), "notes": forms.Textarea(attrs={"rows": 3})}


class SurplusRunsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, run):
        return f"Run #{run.pk}, period to {timezone.localtime(run.period_end):%-d %b %Y}: surplus {pounds_text(run.surplus or 0)}"


class ProposalForm(forms.ModelForm):
    """The proposal itself; its options come in ``OptionFormSet``. A surplus distribution names paid runs whose
    surplus has not been shared yet, each shown with what it sent to the reserve."""

    surplus_runs = SurplusRunsField(
        queryset=PayoutRun.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="For a surplus distribution only: the paid payout runs whose surplus the members share.")

    class Meta:
        model = Proposal
        fields = ("title", "text", "kind", "majority", "quorum_percent", "opens_at", "closes_at", "surplus_runs")
        widgets = {"opens_at": DateTimePicker(), "closes_at": DateTimePicker(),
                   "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        surplus = Sum("items__amount", filter=Q(items__account__kind=Account.SURPLUS))
        self.fields["surplus_runs"].queryset = (PayoutRun.objects.filter(state=PayoutRun.PAID,
                                                                         surplus_distribution__isnull=True)
                                                .annotate(surplus=surplus).order_by("-period_end"))


class OptionForm(forms.Form):
    label = forms.CharField(max_length=160, required=False)
    reserve_pence = forms.IntegerField(min_value=0, required=False, label="Reserve (pence)")
    community_fund_pence = forms.IntegerField(min_value=0, required=False, label="Community fund (pence)")
    victim_fund_pence = forms.IntegerField(min_value=0, required=False, label="Victim support fund (pence)")
    dividend_pence = forms.IntegerField(min_value=0, required=False, label="Members' dividend (pence)")
    dividend_rule = forms.ChoiceField(choices=Option.RULE_CHOICES, initial=Option.EQUAL, required=False)


class BaseOptionFormSet(forms.BaseFormSet):
    def options(self):
        """The filled-in rows as Option fields (blank amounts are 0)."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("label"):
                rows.append({"label": data["label"], "dividend_rule": data.get("dividend_rule") or Option.EQUAL}
                            | {name: data.get(name) or 0 for name in ("reserve_pence", "community_fund_pence",
                                                                      "victim_fund_pence", "dividend_pence")})
        return rows


OptionFormSet = forms.formset_factory(OptionForm, formset=BaseOptionFormSet, extra=4)


class PaperEntryForm(forms.Form):
    """The first entry of a ballot paper: whose it is, its reference and the box ticked on it."""

    member = forms.ModelChoiceField(queryset=Membership.objects.none(), help_text="Member number as on the paper.")
    reference = forms.CharField(max_length=20, help_text="As printed on the ballot paper, such as P12-3FA9C1.")
    option = forms.ModelChoiceField(queryset=Option.objects.none(), widget=forms.RadioSelect, empty_label=None,
                                    label="The box ticked on the paper")

    def __init__(self, *args, proposal, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.number} ({m.maker or m.get_member_class_display()})"
        self.fields["option"].queryset = proposal.options.all()


class PaperConfirmForm(forms.Form):
    """The second person's own reading of the same paper, made without seeing the first entry."""

    reference = forms.CharField(max_length=20, label="Reference on the paper")
    option = forms.ModelChoiceField(queryset=Option.objects.none(), widget=forms.RadioSelect, empty_label=None,
                                    label="The box ticked on the paper")

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = proposal.options.all()


class VoteForm(forms.Form):
    """A member's online vote; a change also needs the receipt code given with the first vote."""

    option = forms.ModelChoiceField(queryset=Option.objects.none(), widget=forms.RadioSelect, empty_label=None,
                                    label="Your choice")
    receipt = forms.CharField(max_length=40, required=False, label="Your receipt code",
                              help_text="Given when you voted, such as ABCD-EFGH-JKLM-NPQR.")

    def __init__(self, *args, proposal, changing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = proposal.options.all()
        if changing:
            self.fields["receipt"].required = True
        else:
            del self.fields["receipt"]
