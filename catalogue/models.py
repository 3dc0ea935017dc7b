"""Oscar's catalogue with two changes: product classes know if they are age-restricted, and products obey their
product line's rules (``catalogue.product_lines``)."""

from django.db import models
from django.db.models import Prefetch, Q
from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractProductClass
from oscar.apps.catalogue.managers import ProductQuerySet as OscarProductQuerySet
from wagtail.search import index

from catalogue import product_lines


class ProductClass(AbstractProductClass):
    """A product line (Art, Craft beer, Textiles, Recycled IT)."""

    age_restricted = models.BooleanField(
        default=False,
        help_text="Buyers must confirm they are 18 or over, and delivery needs an ID check (Challenge 25).",
    )


class ProductQuerySet(OscarProductQuerySet):
    def in_shop(self):
        """What a buyer may have (put in a basket, a wish list or a stock alert): approved, public listings and the
        public variants of those. The same rule as ``Product.is_in_shop``, for lookups."""
        approved = {"is_public": True, "moderation_state": Product.APPROVED}
        return self.filter(
            Q(parent=None, **approved)
            | Q(is_public=True, **{f"parent__{field}": value for field, value in approved.items()}))

    def listings(self):
        """The listings buyers browse and find: approved, public products that are not variants (a variant is shown
        and found through its listing). Oscar's ``browsable`` with the review's approval required too."""
        return self.filter(parent=None, is_public=True, moderation_state=Product.APPROVED)


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
    markup_removed = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="What sanitising took out of the description as it was saved (storefront.rich_text), shown to the "
                  "reviewer until they decide.")

    objects = ProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("search_text"),
        index.FilterField("id"),  # browse pages narrow to a product line's listings by id
        index.FilterField("parent"),
        index.FilterField("is_public"),
        index.FilterField("moderation_state"),
    ]
    search_auto_update = False

    class Meta(AbstractProduct.Meta):
        permissions = [("review_product", "Can approve, return or reject listings")]

    @classmethod
    def get_indexed_objects(cls):
        """The listings buyers may find (a variant is found through its parent), with what their text is made of."""
        return cls.objects.listings().select_related("product_class").prefetch_related(
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

    @property
    def is_in_shop(self):
        """May a buyer have this? Only an approved, public listing, or a public variant of one (a variant has no
        review of its own: it follows its listing's). Hiding a listing is not enough on its own: a basket, wish list,
        stock alert or a direct POST names products by id, so each of them asks this (or ``in_shop``)."""
        listing = self.parent if self.is_child else self
        return self.is_public and listing.is_public and listing.moderation_state == self.APPROVED

    def get_title(self):
        """A variant is named with its listing ("Harbour print — 50 x 70 cm / Natural"): Oscar names it by its own
        title alone, which says nothing in a basket, an order, an email or a picker. Order lines keep this title."""
        if self.is_child and self.title and self.parent_id:
            return f"{self.parent.title} — {self.title}"
        return super().get_title()

    get_title.short_description = AbstractProduct.get_title.short_description

    def __str__(self):
        """The display title, so Django and Wagtail choosers name variants as every other page does."""
        if self.is_child and self.title:
            return self.get_title()
        return super().__str__()


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403  the rest of Oscar's catalogue models
