"""Who made what is sold: the one answer for the product page, the basket, the receipt and the ledger.

A listing credits its makers once, on the product a buyer browses: a variant (a textile's size or colour) is made by
its parent's makers. A product credited to no maker is the co-op's own only when its stock is held by the co-op
itself, a partner that is not a workshop; a workshop's listing with no maker credited belongs to nobody yet, so its
sale is held until an admin credits its makers (payouts.allocation), never guessed into the co-op's surplus.
"""

from collections import defaultdict

from oscar.core.loading import get_model

from makers.models import Attribution
from payouts.ledger import one_of

StockRecord = get_model("partner", "StockRecord")


def credited_product(product):
    """The product whose credits say who made `product`: a variant's parent, otherwise the product itself."""
    return product.parent if product.is_child and product.parent_id else product


def credited_id(product_id, parent_id):
    """credited_product by ids, for rows read without model instances."""
    return parent_id or product_id


def attributions_of(product):
    """Who made `product`, in credit order (prefetch ``attributions__maker`` and ``parent__attributions__maker``
    to read them with no query)."""
    return list(credited_product(product).attributions.all())


def makers_of(credited_ids):
    """{credited product id: [(maker id, share weight)]} in credit order, in one query (ids from credited_id)."""
    found = defaultdict(list)
    rows = Attribution.objects.filter(one_of("product_id", set(credited_ids))).order_by("product_id", "position", "pk")
    for product_id, maker_id, weight in rows.values_list("product_id", "maker_id", "share_weight"):
        found[product_id].append((maker_id, weight))
    return found


def coops_own(product_ids):
    """Of these products (variants and standalone products: what holds stock), those that are the co-op's own: they
    have stock and none of it is held by a workshop. One query."""
    held = defaultdict(set)
    for product_id, workshop_id in StockRecord.objects.filter(product_id__in=set(product_ids)).values_list(
            "product_id", "partner__workshop__id"):
        held[product_id].add(workshop_id)
    return {product_id for product_id, workshops in held.items() if workshops == {None}}


def is_coops_own(product):
    """coops_own for one product as a buyer sees it: a parent is the co-op's own when all its variants are."""
    ids = list(product.children.values_list("pk", flat=True)) if product.is_parent else [product.pk]
    return bool(ids) and coops_own(ids) == set(ids)
