"""The product list runs a fixed number of SQL queries however many products it shows (ARCHITECTURE.md trap 6)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from haystack import connections
from oscar.core.loading import get_model
from PIL import Image

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
    """A category of its own, with products indexed for search and taken out of the index afterwards.

    The demo comes first because loading it rebuilds the index with the current schema."""
    category = Category.add_root(name="Query budget shelf", slug="query-budget-shelf")
    index = connections["default"].get_unified_index().get_index(Product)
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
            index.update_object(product)
            added.append(product)

    yield category, add
    for product in added:
        index.remove_object(product)


def queries_for(client, url):
    client.get(url)  # warm the thumbnail cache, as any visit after the first finds it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["products"])


def test_category_page_queries_do_not_grow_with_products(client, listed_category):
    category, add = listed_category
    add(12)
    queries_12, shown = queries_for(client, category.get_absolute_url())
    assert shown == 12
    add(12)
    queries_24, shown = queries_for(client, category.get_absolute_url())
    assert shown == 24
    assert queries_24 == queries_12, f"{queries_12} queries for 12 products, {queries_24} for 24"
    assert queries_24 <= BUDGET, f"{queries_24} queries for 24 products"
