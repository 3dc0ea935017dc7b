"""The catalogue, product line and search pages: Oscar's templates and addresses, with the listings found in the shop's
own database by ``catalogue.search`` instead of a haystack search.

A page's products are ``catalogue.search.Listing`` rows; their cards are drawn by ``storefront_tags.product_cards``,
which loads only the products whose shared card is not ready.
"""

import functools
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from catalogue import search
from storefront import pagecache
from storefront.shop.search.forms import Asked

Category = get_model("catalogue", "Category")


class BaseSearchView(TemplateView):
    """A page of listings with their facets, sorted and paginated; a page number out of range shows the nearest page."""

    summary = None

    def find(self, asked):
        return search.find(asked.words or None, selected=asked.selected_facets, order=asked.order)

    def get_context_data(self, **kwargs):
        asked = Asked.of(self.request.GET)
        found = self.find(asked)
        page = Paginator(found.listings, settings.OSCAR_PRODUCTS_PER_PAGE).get_page(self.request.GET.get("page"))
        facets = facet_data(self.request, found.facets)
        return super().get_context_data(**kwargs) | {
            "order": asked.order, "query": asked.query, "summary": self.summary,
            "products": page.object_list, "page_obj": page, "paginator": page.paginator,
            "facet_data": facets, "has_facets": any(data["results"] for data in facets.values()),
            "selected_facets": self.request.GET.getlist("selected_facets"),
        }


class CatalogueView(BaseSearchView):
    """Every listing (or those matching words typed on the page)."""

    template_name = "oscar/catalogue/browse.html"
    summary = "All products"


class ProductCategoryView(BaseSearchView):
    """A product line or another category, with the listings of its subcategories too; staff may look at a hidden
    one, and an old slug redirects to the current address."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        pk = kwargs["pk"]
        self.category, self.ancestors, address = pagecache.shared_fragment(
            f"category:v2:{pk}", lambda: _category(pk))  # v2: with its address (a new shape, a new name)
        if self.category is None:
            raise Http404("No such category.")
        if not (self.category.is_public or request.user.is_staff):
            raise Http404("No such category.")
        if unquote(address) != unquote(request.path):
            return HttpResponsePermanentRedirect(address)
        return super().get(request, *args, **kwargs)

    def find(self, asked):
        return search.find(asked.words or None, categories=[self.category],
                           selected=asked.selected_facets, order=asked.order)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"category": self.category, "ancestors": self.ancestors}


def _category(pk):
    """A category with the categories above it (the breadcrumbs) and its address, or (None, [], None): what every
    visit of its page reads."""
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        return None, [], None
    return category, ([] if category.is_root() else list(category.get_ancestors())), category.get_absolute_url()


class FacetedSearchView(BaseSearchView):
    """The search results: listings matching the words typed (none without words), and member stories beside them
    (``storefront_tags.matching_stories``)."""

    template_name = "oscar/search/results.html"
    summary = "Search results"

    def get(self, request, *args, **kwargs):
        user_search.send(sender=self, session=request.session, user=request.user, query=request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def find(self, asked):
        return search.find(asked.words, selected=asked.selected_facets, order=asked.order)


def facet_data(request, facets):
    """What the facet lists show: each value with its count, and the address that adds it to the visitor's choice or
    takes it out again (back on the first page; the page's other parameters kept)."""
    chosen = request.GET.getlist("selected_facets")
    kept = request.GET.copy()
    for name in ("page", "selected_facets"):
        kept.pop(name, None)
    others = [kept.urlencode()] if kept else []

    def address(choice):
        query = "&".join([*others, *map(_quoted_choice, choice)])
        return f"{request.path}?{query}" if query else request.path

    data = {}
    for key, values in facets.items():
        results = []
        for value in values:
            item = f"{key}:{value.name}"
            results.append({
                "name": value.name, "count": value.count, "selected": value.selected,
                "disabled": not (value.count or value.selected),
                "deselect_url" if value.selected else "select_url":
                    address([c for c in chosen if c != item] if value.selected else [*chosen, item]),
            })
        data[key] = {"name": search.FACETS[key], "results": results}
    return data


@functools.lru_cache(maxsize=4096)  # the catalogue's facet values, and what visitors type in: bounded
def _quoted_choice(item):
    return urlencode({"selected_facets": item})
