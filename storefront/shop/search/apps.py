from oscar.apps.search import apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, forked so that the catalogue, product line and search pages are served by the shop's own
    database (``catalogue.search``) instead of haystack, which Oscar's search modules import (``loading``)."""

    name = "storefront.shop.search"
