"""Oscar's catalogue with two changes: product classes know if they are age-restricted, and products obey their
product line's rules (``catalogue.product_lines``)."""

from django.db import models
from django.db.models import Prefetch
from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractProductClass
from wagtail.search import index

from catalogue import product_lines


class ProductClass(AbstractProductClass):
    """A product line (Art, Craft beer, Textiles, Recycled IT)."""

    age_restricted = models.BooleanField(
        default=False,
        help_text="Buyers must confirm they are 18 or over, and delivery needs an ID check (Challenge 25).",
    )


class Product(index.Indexed, AbstractProduct):
    """A listing. Its line's rules are checked in ``clean`` so every form that edits a product applies them.

    A listing is public only once a co-op admin has approved it (``catalogue.moderation`` owns the states and keeps
    Oscar's ``is_public`` in step with them, so every Oscar page already hides what is not approved). Buyers search
    listings through the database's full text index (``catalogue.search``): only public ones are indexed, and their
    rows are refreshed by ``catalogue.search.refresh_later`` rather than on every save.
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

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("search_text"),
        index.FilterField("id"),  # browse pages narrow to a product line's listings by id
        index.FilterField("parent"),
        index.FilterField("is_public"),
    ]
    search_auto_update = False

    class Meta(AbstractProduct.Meta):
        permissions = [("review_product", "Can approve, return or reject listings")]

    @classmethod
    def get_indexed_objects(cls):
        """The listings buyers may find (a variant is found through its parent), with what their text is made of."""
        return cls.objects.browsable().select_related("product_class").prefetch_related(
            "attribute_values__attribute", "categories",
            Prefetch("children", queryset=cls.objects.prefetch_related("attribute_values__attribute")),
            "attributions__maker",
        )

    def search_text(self):
        from catalogue.search import listing_text

        return listing_text(self)

    def clean(self):
        super().clean()
        product_lines.validate_product(self)


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403  the rest of Oscar's catalogue models
