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
    """A listing. Its line's rules are checked in ``clean`` so every form that edits a product applies them.

    A listing is public only once a co-op admin has approved it (``catalogue.moderation`` owns the states and keeps
    Oscar's ``is_public`` in step with them, so every Oscar page already hides what is not approved).
    """

    DRAFT, SUBMITTED, CHANGES_REQUESTED, APPROVED, REJECTED = (
        "draft", "submitted", "changes_requested", "approved", "rejected")
    MODERATION_CHOICES = [
        (DRAFT, "Draft"),
        (SUBMITTED, "Submitted for review"),
        (CHANGES_REQUESTED, "Changes requested"),
        (APPROVED, "Approved"),
        (REJECTED, "Rejected"),
    ]
    moderation_state = models.CharField(
        max_length=20, choices=MODERATION_CHOICES, default=DRAFT, db_index=True,
        help_text="Where the listing is in review; only approved listings are public.",
    )
    moderation_note = models.TextField(
        blank=True, help_text="The reviewer's reason when changes are requested or the listing is rejected.")
    markup_removed = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="What sanitising took out of the description as it was saved (storefront.rich_text), shown to the "
                  "reviewer until they decide.")

    class Meta(AbstractProduct.Meta):
        permissions = [("review_product", "Can approve, return or reject listings")]

    def clean(self):
        super().clean()
        product_lines.validate_product(self)


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403  the rest of Oscar's catalogue models
