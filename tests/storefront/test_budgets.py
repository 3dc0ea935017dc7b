"""Budgets of ARCHITECTURE.md and issue 6: at most 15 SQL queries for the home, product line, product and story pages,
the same however many products they show, and under 100 KB of HTML each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from storefront.models import HomeFeaturedProduct, HomePage, StoryPage

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
BUDGET = 15
MAX_HTML = 100 * 1024


def measure(client, url):
    client.get(url)  # warm the menus and thumbnails, as any visit after the first finds them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(response.content) < MAX_HTML, (url, len(response.content))
    return len(captured)


def demo_products(n):
    return list(Product.objects.browsable().filter(upc__startswith="DEMO-").order_by("pk")[:n])


def test_home_page_queries_do_not_grow_with_featured_products(demo_shop, client):
    home = HomePage.objects.get()
    counts = []
    for n in (2, 8):
        home.featured_products.all().delete()
        for i, product in enumerate(demo_products(n)):
            HomeFeaturedProduct.objects.create(page=home, product=product, sort_order=i)
        counts.append(measure(client, "/"))
    assert counts[0] == counts[1] <= BUDGET


def test_product_line_pages_stay_in_budget(demo_shop, client):
    for category in Category.get_root_nodes():
        assert measure(client, category.get_absolute_url()) <= BUDGET


@pytest.mark.parametrize("line", ["art", "craft-beer", "textiles", "recycled-it"])
def test_product_pages_stay_in_budget(demo_shop, client, line):
    counts = [measure(client, p.get_absolute_url())
              for p in Product.objects.browsable().filter(upc__startswith="DEMO-", product_class__slug=line)[:3]]
    assert counts and max(counts) <= BUDGET
    assert len(set(counts)) == 1, counts  # the same for a product with one maker or three


def test_story_page_queries_do_not_grow_with_its_products(demo_shop, client):
    story = StoryPage.objects.live().first()
    counts = []
    for n in (1, 6):
        story.products.set(demo_products(n))
        story.save_revision().publish()
        counts.append(measure(client, story.url))
    assert counts[0] == counts[1] <= BUDGET
