"""The co-op admin's decision on a submitted listing: each flag confirmed or dismissed, then approve, request changes
or reject. The decision itself is ``catalogue.moderation``'s; this form gathers it and shows its refusals as field
errors."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from catalogue import flags, moderation
from catalogue.dashboard.forms import STALE, version_of

APPROVE, CHANGES, REJECT = "approve", "request_changes", "reject"
CONFIRM, DISMISS = "confirm", "dismiss"


class ReviewForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[(APPROVE, "Approve: put it in the shop"), (CHANGES, "Request changes: send it back with a reason"),
                 (REJECT, "Reject: it will never be listed")])
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the instructor or maker. Required when asking for changes or rejecting.")

    def __init__(self, listing, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing
        self.flags = flags.flags_for(listing)
        self.fields["version"].initial = version_of(listing)
        for n, flag in enumerate(self.flags):
            self.fields[f"flag_{n}"] = forms.ChoiceField(
                label=flag.message, widget=forms.RadioSelect,
                choices=[(CONFIRM, "Confirm: this needs changing"), (DISMISS, "Dismiss: this is fine")])
        self.outcome = ""

    def flag_fields(self):
        return [self[f"flag_{n}"] for n in range(len(self.flags))]

    def clean(self):
        data = super().clean()
        if data.get("decision") == APPROVE:
            for n in range(len(self.flags)):
                if data.get(f"flag_{n}") == CONFIRM:
                    self.add_error(f"flag_{n}", "You confirmed this flag: request changes or reject instead.")
        if data.get("version", "") != version_of(self.listing):
            raise ValidationError(STALE)
        return data

    def _note(self):
        confirmed = [flag.message for n, flag in enumerate(self.flags) if self.cleaned_data[f"flag_{n}"] == CONFIRM]
        dismissed = len(self.flags) - len(confirmed)
        parts = [self.cleaned_data["reason"].strip()]
        if confirmed:
            parts.append("Please see to: " + " ".join(confirmed))
        if dismissed:
            parts.append(f"{dismissed} flag(s) dismissed by the reviewer.")
        return "\n".join(part for part in parts if part)

    def decide(self, actor):
        """Apply the decision; False (with errors on the form) if moderation refuses it."""
        decision, reason = self.cleaned_data["decision"], self.cleaned_data["reason"]
        try:
            if decision == APPROVE:
                moderation.approve(self.listing, actor, note=self._note())
                self.outcome = "approved, it is in the shop"
            elif decision == CHANGES:
                moderation.request_changes(self.listing, actor, reason and self._note())
                self.outcome = "sent back with your reason"
            else:
                moderation.reject(self.listing, actor, reason and self._note())
                self.outcome = "rejected"
        except PermissionDenied as error:
            self.add_error(None, str(error))
            return False
        except ValidationError as error:
            self._show(error)
            return False
        return True

    def _show(self, error):
        """Moderation's and the product line's errors, on the field they name if the form has it."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            for message in errors:
                text = " ".join(message.messages)
                if field in self.fields:
                    self.add_error(field, text)
                else:
                    self.add_error(None, text)
