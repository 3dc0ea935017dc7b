"""Oscar's browse views, loading a page of search results in one bulk query instead of one query per product."""

from oscar.apps.catalogue.views import CatalogueView as OscarCatalogueView
from oscar.apps.catalogue.views import ProductCategoryView as OscarProductCategoryView
from oscar.apps.catalogue.views import ProductDetailView  # noqa: F401  Oscar's, unchanged


class BulkLoadedResults:
    """Haystack fetches each result's product on its own unless ``load_all`` asks for them together (trap 6)."""

    def get_queryset(self):
        return super().get_queryset().load_all()


class CatalogueView(BulkLoadedResults, OscarCatalogueView):
    pass


class ProductCategoryView(BulkLoadedResults, OscarProductCategoryView):
    pass
