"""Which products the public pages show, fetched with everything their cards need in a fixed number of queries."""

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Attribution = get_model("makers", "Attribution")


def card_queryset():
    """Public products with what a product card renders (image, price, stock, makers) prefetched (trap 6).

    Not Oscar's ``base_queryset``: cards have no basket form, so they need none of its product options, and a parent's
    public variants with their stock replace its plain ``children``.
    """
    return (
        Product.objects.listings()
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
    """The newest products of every product line in turn (the newest of each line, then the next of each, ...), so
    the front page shows all four lines, not only the one stocked last: one query, however many lines there are."""
    newest_first = Window(RowNumber(), partition_by=F("product_class_id"), order_by=F("date_created").desc())
    return list(card_queryset().annotate(newest=newest_first).filter(newest__lte=limit)
                .order_by("newest", "product_class_id")[:limit])


def products_in_order(ids):
    """The public products with these ids, in the order given (an editor's choice); missing ones are skipped."""
    by_id = card_queryset().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
