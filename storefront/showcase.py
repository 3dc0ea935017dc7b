"""Which products the public pages show, fetched with everything their cards need in a fixed number of queries."""

from django.db.models import Prefetch
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Attribution = get_model("makers", "Attribution")
Category = get_model("catalogue", "Category")


def card_queryset():
    """Public products with what a product card renders (image, price, stock, makers) prefetched (trap 6).

    Not Oscar's ``base_queryset``: cards have no basket form, so they need none of its product options, and a parent's
    public variants with their stock replace its plain ``children``.
    """
    return (
        Product.objects.browsable()
        .select_related("product_class")
        .prefetch_related(
            "stockrecords",
            "images",
            # Oscar's parent pricing reads this attribute when present, instead of a query per parent.
            Prefetch("children", queryset=Product.objects.public().prefetch_related("stockrecords"),
                     to_attr="_prefetched_public_children"),
            Prefetch("attributions", queryset=Attribution.objects.select_related("maker")),
        )
    )


def featured_products(limit):
    return list(card_queryset().order_by("-date_created")[:limit])


def product_lines():
    """The top of the category tree: one category per product line."""
    return Category.get_root_nodes().filter(is_public=True)


def products_in_order(ids):
    """The public products with these ids, in the order given (an editor's choice); missing ones are skipped."""
    by_id = card_queryset().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
