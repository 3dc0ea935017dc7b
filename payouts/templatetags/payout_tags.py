from django import template

from payouts.runs import pounds

register = template.Library()


@register.filter
def gbp(pence):
    """Integer pence as pounds for the screens: 123456 → £1234.56 (no floats on the way)."""
    return f"£{pounds(int(pence or 0))}"
