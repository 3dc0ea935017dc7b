"""The product search index: Oscar's, reading results back with everything a product card renders prefetched.

Oscar's browse and category pages are haystack searches (ARCHITECTURE.md trap 2). Haystack loads a page of results with
``read_queryset``; prefetching here keeps the product list at a fixed number of queries (trap 6).
"""

from haystack import indexes
from oscar.apps.search import search_indexes as oscar_indexes  # a module: haystack collects classes it finds here


class ProductIndex(oscar_indexes.ProductIndex, indexes.Indexable):
    def read_queryset(self, using=None):
        from storefront import showcase

        return showcase.card_queryset()
