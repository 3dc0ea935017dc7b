"""Age-restricted goods (DOMAIN.md "Safeguarding"): a basket with beer needs an 18+ confirmation and a date of birth.

The confirmation is kept in the checkout session and checked again on the server when the order is placed; the order
then records it (``AgeCheck``) and carries the courier's instruction on its packing slip.
"""

import datetime

from django import forms
from django.utils import timezone

MINIMUM_AGE = 18
SESSION_KEY = "age_check"


def basket_is_age_restricted(basket):
    return any(_restricted(line.product) for line in basket.all_lines())


def order_is_age_restricted(order):
    return lines_are_age_restricted(order.lines.all())


def lines_are_age_restricted(lines):
    """True if any of these order lines (a whole order, or one workshop's part of it) is age-restricted."""
    return any(line.product is not None and _restricted(line.product) for line in lines)


def _restricted(product):
    product_class = product.get_product_class()
    return bool(product_class and product_class.age_restricted)


def age_on(date_of_birth, today):
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


class AgeConfirmationForm(forms.Form):
    """Asked on the payment page when the basket holds age-restricted goods."""

    date_of_birth = forms.DateField(
        label="Your date of birth", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="We sell beer only to buyers aged 18 or over.",
    )
    confirm_18 = forms.BooleanField(
        label="I confirm I am 18 or over, and I will show ID (Challenge 25) when the courier delivers.",
        error_messages={"required": "Please confirm you are 18 or over: we cannot sell beer otherwise."},
    )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today or born < today.replace(year=today.year - 120):
            raise forms.ValidationError("Please give your real date of birth.")
        if age_on(born, today) < MINIMUM_AGE:
            raise forms.ValidationError("Sorry, you must be 18 or over to buy beer. Please remove it from your basket.")
        return born


def store(session, cleaned):
    session[SESSION_KEY] = {"date_of_birth": cleaned["date_of_birth"].isoformat(), "confirmed": True}


def stored_date_of_birth(session):
    """The date of birth confirmed in this checkout, if it is still 18+ today; None otherwise."""
    data = session.get(SESSION_KEY) or {}
    try:
        born = datetime.date.fromisoformat(data.get("date_of_birth", ""))
    except ValueError:
        return None
    if not data.get("confirmed") or age_on(born, timezone.localdate()) < MINIMUM_AGE:
        return None
    return born
