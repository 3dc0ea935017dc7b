"""Oscar's checkout forms with what the screens need for assistive technology."""

from oscar.apps.checkout import forms


class GatewayForm(forms.GatewayForm):
    """Oscar's "who are you?" form. Its template puts the password box inside the "returning customer" option with no
    label of its own, so the box is named for screen readers here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["aria-label"] = "Password (returning customers)"
