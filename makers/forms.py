"""Forms of the makers administration. Edits carry the maker's version token (makers.actions.version_token)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from catalogue import images
from makers.actions import MEMBERSHIP_FIELDS, PRIVATE_FIELDS, PUBLIC_FIELDS
from makers.models import Consent, Maker, MakerStatus, Membership
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
        widgets = {"joined_on": DatePicker()}


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(choices=Consent.SCOPE_CHOICES)
    given_on = forms.DateField(widget=DatePicker(),
                               help_text="The day the maker agreed.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="Private: how and where consent was given.")


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(widget=DatePicker(),
                                   help_text="The day the maker withdrew it.")
