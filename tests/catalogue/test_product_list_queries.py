"""The product list and the search page run a fixed number of SQL queries however many products they show
(ARCHITECTURE.md trap 6)."""

import io
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from PIL import Image

from catalogue import search
from tests.factories import make_maker, make_product, make_workshop

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
BUDGET = 15


def png(seed):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (seed * 7 % 255, 90, 140)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"q{seed}.png")


@pytest.fixture
def listed_category(demo_shop):
    """A category of its own, filled with public products credited to two makers each, with a picture, and indexed
    as their commit would index them."""
    category = Category.add_root(name="Query budget shelf", slug="query-budget-shelf")
    workshop = make_workshop()
    makers = [make_maker(workshop=workshop) for _ in range(3)]
    added = []

    def add(n):
        for i in range(n):
            product = make_product("it", partner=workshop.partner)
            ProductCategory.objects.create(product=product, category=category)
            ProductImage.objects.create(product=product, original=png(len(added)), display_order=0)
            product.attributions.create(maker=makers[i % 3], share_weight=1)
            product.attributions.create(maker=makers[(i + 1) % 3], share_weight=2, position=1)
            added.append(product)
        search.refresh(product.pk for product in added)

    return category, add, workshop


def queries_for(client, url):
    client.get(url)  # warm the thumbnail cache, as any visit after the first finds it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["products"])


def test_category_page_queries_do_not_grow_with_products(client, listed_category):
    category, add, _ = listed_category
    add(12)
    queries_12, shown = queries_for(client, category.get_absolute_url())
    assert shown == 12
    add(12)
    queries_24, shown = queries_for(client, category.get_absolute_url())
    assert shown == 24
    assert queries_24 == queries_12, f"{queries_12} queries for 12 products, {queries_24} for 24"
    assert queries_24 <= BUDGET, f"{queries_24} queries for 24 products"


def test_a_search_with_two_facets_costs_the_same_however_many_it_finds(client, listed_category):
    _, add, workshop = listed_category
    url = "/shop/search/?" + urlencode({"q": "test", "selected_facets": [
        "product_class:Recycled IT", f"workshop:{workshop.name}"]}, doseq=True)
    add(12)
    queries_12, shown = queries_for(client, url)
    assert shown == 12
    add(12)
    queries_24, shown = queries_for(client, url)
    assert shown == 24
    assert queries_24 == queries_12, f"{queries_12} queries for 12 products, {queries_24} for 24"
    assert queries_24 <= BUDGET, f"{queries_24} queries for 24 products"


def test_with_the_shared_parts_a_product_line_and_a_search_made_before_cost_no_query(client, listed_category,
                                                                                     settings):
    """What every visitor sees alike (listings, facet values, cards, the category, readable stories, what words
    found) is made once; words nobody searched for since the last change ask the index once for the listings and once
    for the stories."""
    settings.STOREFRONT_FRAGMENT_CACHE = True
    cache.clear()
    category, add, _ = listed_category
    add(6)
    assert queries_for(client, category.get_absolute_url()) == (0, 6)
    queries, shown = queries_for(client, "/shop/search/?q=test")
    assert queries == 0 and shown >= 6  # the demo's refurbished laptops are tested too
    with CaptureQueriesContext(connection) as captured:
        new_words = client.get("/shop/search/?q=test+recycled")
    assert len(captured) == 2 and len(new_words.context["products"]) >= 1
    with CaptureQueriesContext(connection) as captured:
        narrowed = client.get("/shop/search/?" + urlencode({"q": "Test Recycled", "selected_facets": "made:Made inside",
                                                              "sort_by": search.PRICE_LOW}))
    assert len(captured) == 0 and narrowed.status_code == 200  # the same words, narrowed and sorted
