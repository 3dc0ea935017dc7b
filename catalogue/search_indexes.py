"""The product search index: Oscar's, plus the facets buyers browse by, reading results back with everything a product
card renders prefetched.

Oscar's browse and category pages are haystack searches (ARCHITECTURE.md trap 2). Haystack loads a page of results with
``read_queryset``; prefetching here keeps the product list at a fixed number of queries (trap 6). Whoosh's haystack
backend supports field facets but not query facets, so the price band is worked out here as a field; and it indexes
single-valued text fields as stemmed words, so each facet is a one-element multi-value field (a Whoosh KEYWORD) to keep
values such as "Craft beer" whole. Only public
things are indexed: the workshop's public name and whether the work was made inside or after release, never a maker's
private fields.
"""

from haystack import indexes
from oscar.apps.search import search_indexes as oscar_indexes  # a module: haystack collects classes it finds here

PRICE_BANDS = ((2000, "Under £20"), (5000, "£20 to £50"), (15000, "£50 to £150"), (None, "£150 and over"))
MADE = {
    "serving_inside": "Made inside",
    "rotl": "Made inside",
    "released": "Made after release",
    "community": "Made in the community",
}


def price_band(pence):
    for limit, name in PRICE_BANDS:
        if limit is None or pence < limit:
            return name
    return None


class ProductIndex(oscar_indexes.ProductIndex, indexes.Indexable):
    product_class = indexes.MultiValueField(null=True)
    price_band = indexes.MultiValueField(null=True)
    workshop = indexes.MultiValueField(null=True)
    made = indexes.MultiValueField(null=True)

    def read_queryset(self, using=None):
        from storefront import showcase

        return showcase.card_queryset()

    def prepare_product_class(self, obj):
        return [obj.get_product_class().name]

    def prepare_price_band(self, obj):
        price = self.prepare_price(obj)
        return [price_band(int(price * 100))] if price is not None else None

    def prepare_workshop(self, obj):
        from makers.models import Workshop

        products = [obj.pk] + list(obj.children.values_list("pk", flat=True))
        workshop = Workshop.objects.filter(partner__stockrecords__product__in=products).order_by("name").first()
        return [workshop.name] if workshop else None

    def prepare_made(self, obj):
        from makers.models import MakerStatus

        makers = obj.attributions.values_list("maker_id", flat=True)
        statuses = MakerStatus.objects.in_force().filter(maker_id__in=makers).values_list("status", flat=True)
        return sorted({MADE[status] for status in statuses}) or None
