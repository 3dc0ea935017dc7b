"""Forms of the co-op admins' payout screens: closing a period, paying, cancelling, adding a policy version.

Business rules live in payouts.runs and the policy model; these forms turn their refusals into field errors.
"""

import datetime

from django import forms
from django.utils import timezone

from payouts.core.levy import LONDON
from payouts.models import SplitPolicy
from payouts.policies import POLICY_FIELDS
from storefront.dashboard import DatePicker


def london_midnight(day):
    return datetime.datetime.combine(day, datetime.time(0), LONDON)


class ClosePeriodForm(forms.Form):
    """Close a London week (Monday to Sunday, the ROTL levy posted first) or every day up to a chosen last day."""

    WEEK, UNTIL = "week", "until"
    how = forms.ChoiceField(choices=[(WEEK, "The week containing a day"), (UNTIL, "Up to and including a day")],
                            initial=WEEK, widget=forms.RadioSelect)
    day = forms.DateField(help_text="A London date (YYYY-MM-DD).", widget=DatePicker())

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("day")
        if day is None:
            return cleaned
        if cleaned.get("how") == self.WEEK:
            start = day - datetime.timedelta(days=day.weekday())
            cleaned["week_start"], end = start, london_midnight(start + datetime.timedelta(days=7))
        else:
            end = london_midnight(day + datetime.timedelta(days=1))
        if end > timezone.now():
            self.add_error("day", "That period has not ended yet: only a period in the past can be closed.")
        cleaned["period_end"] = end
        return cleaned


class CancelRunForm(forms.Form):
    reason = forms.CharField(max_length=200, help_text="Why the run is cancelled; kept in its history.")


class MarkPaidForm(forms.Form):
    """A payment reference for every payee who is sent money."""

    def __init__(self, *args, payees, **kwargs):
        super().__init__(*args, **kwargs)
        self.payees = [payee for payee in payees if payee.amount > 0]
        for payee in self.payees:
            self.fields[f"reference_{payee.pk}"] = forms.CharField(
                max_length=100, label=f"{payee.get_kind_display()}: {payee.name}",
                help_text=f"£{payee.amount / 100:,.2f}: the bank or cash-office reference of the payment.",
            )

    def references(self):
        return {payee.pk: self.cleaned_data[f"reference_{payee.pk}"] for payee in self.payees}


class PolicyForm(forms.ModelForm):
    """A new version of one status's split policy; the model's guard rails land on the fields they are about."""

    class Meta:
        model = SplitPolicy
        fields = POLICY_FIELDS
        widgets = {"effective_from": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                         format="%Y-%m-%dT%H:%M")}

    def clean_effective_from(self):
        moment = self.cleaned_data["effective_from"]
        if moment < timezone.now():
            raise forms.ValidationError("A new version takes effect now or later: what was allocated is never "
                                        "rewritten.")
        return moment
