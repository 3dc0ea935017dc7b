"""Which products the public pages show, fetched with everything their cards need in a fixed number of queries."""

from django.db.models import Prefetch
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Attribution = get_model("makers", "Attribution")
Category = get_model("catalogue", "Category")


def card_queryset():
    """Public products with what a product card renders (image, price, stock, makers) prefetched (trap 6)."""
    return (
        Product.objects.base_queryset()
        .browsable()
        .prefetch_related(
            "children__stockrecords",
            Prefetch("attributions", queryset=Attribution.objects.select_related("maker")),
        )
    )


def featured_products(limit):
    return list(card_queryset().order_by("-date_created")[:limit])


def product_lines():
    """The top of the category tree: one category per product line."""
    return Category.get_root_nodes().filter(is_public=True)
