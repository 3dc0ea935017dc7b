"""Oscar's browse and product views, loading what their templates render in a fixed number of queries (trap 6)."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from storefront.pagecache import AnonymousPageCache
from storefront.shop.search import views as search_views


class InShopRequired:
    """For Oscar's views that take a product id from the URL and give the buyer something of it (a basket line, a wish
    list line, a stock alert): any product not in the shop (``Product.is_in_shop``) answers 404 before the view runs,
    as its page does, so nothing is created and nothing about it is shown."""

    product_kwarg = "product_pk"

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get(self.product_kwarg)
        if pk is not None and not get_model("catalogue", "Product").objects.in_shop().filter(pk=pk).exists():
            raise Http404("No product in the shop has that id.")
        return super().dispatch(request, *args, **kwargs)


class CatalogueView(AnonymousPageCache, search_views.CatalogueView):
    """All products. The page's cards load their products together, and only those whose shared card is not ready
    (``storefront_tags.product_cards``): no result's product is fetched on its own (trap 6)."""


class ProductCategoryView(AnonymousPageCache, search_views.ProductCategoryView):
    """A product line or category, with its cards made as in ``CatalogueView``."""


class ProductDetailView(OscarProductDetailView):
    """The product page with its images, stock, attributes and makers (a variant's: its parent's) fetched up front; a
    parent's public variants and their stock too, so the page costs the same however many variants it lists."""

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
                Prefetch("parent__attributions", queryset=Attribution.objects.select_related("maker")),
            )
        )

    def is_viewable(self, product, request):
        """Only what is in the shop, as for baskets and wish lists (staff preview the rest, as in Oscar)."""
        return product.is_in_shop or request.user.is_staff

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        product = super().get_object(queryset)
        if product.is_parent:
            prefetch_related_objects([product], Prefetch(
                "children", queryset=self.model.objects.public().prefetch_related("stockrecords"),
                to_attr="_prefetched_public_children"))
        return product
