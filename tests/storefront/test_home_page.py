"""The front page's "From the workshops": with no products chosen by an editor, the newest of every product line in
turn, so all four lines show (the newest eight alone were all of the line stocked last)."""

import pytest
from oscar.core.loading import get_model

from catalogue import product_lines
from storefront.models import HomePage
from tests.storefront.test_budgets import BUDGET, measure

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
LINES = {product_lines.ART, product_lines.BEER, product_lines.TEXTILES, product_lines.RECYCLED_IT}


def test_from_the_workshops_shows_every_product_line_of_the_demo(demo_shop, client):
    assert not HomePage.objects.get().featured_products.exists(), "the demo leaves the choice to the shop"
    response = client.get("/")
    featured = response.context["featured_products"]
    assert len(featured) == 8
    assert {p.product_class.slug for p in featured[:4]} == LINES, "one of each line first"
    assert {p.product_class.slug for p in featured[4:]} == LINES, "then the next of each"
    for line in LINES:
        newest = Product.objects.browsable().filter(product_class__slug=line).order_by("-date_created").first()
        assert newest in featured[:4], line
    html = response.content.decode()
    section = html[html.index('id="ttg-featured-title"'):html.index("</section>", html.index('id="ttg-featured-title"'))]
    for product in featured:
        assert product.get_title() in section


def test_the_home_page_stays_in_budget_with_the_newest_of_each_line(demo_shop, client):
    assert measure(client, "/") <= BUDGET
