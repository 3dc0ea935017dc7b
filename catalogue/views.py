"""Oscar's browse and product views, loading what their templates render in a fixed number of queries (trap 6)."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from storefront.pagecache import AnonymousPageCache
from storefront.shop.search import views as search_views


class CatalogueView(AnonymousPageCache, search_views.CatalogueView):
    """All products. The page's cards load their products together, and only those whose shared card is not ready
    (``storefront_tags.product_cards``): no result's product is fetched on its own (trap 6)."""


class ProductCategoryView(AnonymousPageCache, search_views.ProductCategoryView):
    """A product line or category, with its cards made as in ``CatalogueView``."""


class ProductDetailView(OscarProductDetailView):
    """The product page with its images, stock, attributes and makers fetched up front; a parent's public variants
    and their stock too, so the page costs the same however many variants it lists."""

    def get_queryset(self):
        from makers.models import Attribution

        Option = get_model("catalogue", "Option")
        return (
            self.model.objects.select_related("product_class", "parent__product_class")
            .annotate(  # what Oscar's base_queryset annotates, so the basket form asks no more
                has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
            .prefetch_attribute_values()
            .prefetch_related(
                "stockrecords", "images",
                Prefetch("attributions", queryset=Attribution.objects.select_related("maker")),
            )
        )

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        product = super().get_object(queryset)
        if product.is_parent:
            prefetch_related_objects([product], Prefetch(
                "children", queryset=self.model.objects.public().prefetch_related("stockrecords"),
                to_attr="_prefetched_public_children"))
        return product
