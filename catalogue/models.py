"""Oscar's catalogue with two changes: product classes know if they are age-restricted, and products obey their
product line's rules (``catalogue.product_lines``)."""

from django.db import models
from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractProductClass

from catalogue import product_lines


class ProductClass(AbstractProductClass):
    """A product line (Art, Craft beer, Textiles, Recycled IT)."""

    age_restricted = models.BooleanField(
        default=False,
        help_text="Buyers must confirm they are 18 or over, and delivery needs an ID check (Challenge 25).",
    )


class Product(AbstractProduct):
    """A listing. Its line's rules are checked in ``clean`` so every form that edits a product applies them."""

    def clean(self):
        super().clean()
        product_lines.validate_product(self)


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403  the rest of Oscar's catalogue models
