"""Bad input gets a normal page: odd or huge searches show results, unknown addresses a helpful 404 in the design."""

import pytest

from storefront.models import StoryPage

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    '"', "'", "((", ")", "*", "?", "~", "^2", "AND", "OR NOT", "title:", "a:b:c", "[0 TO", "{}", "\\", "%", "%%s",
    "<script>alert(1)</script>", "DROP TABLE x;--", "é ñ ü", "🍺🎨", "\x00", "  ", "-", "+-!", "a" * 300,
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_searches_give_a_normal_page(demo_shop, client, query):
    response = client.get("/shop/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_5000_character_search_gives_a_normal_page(demo_shop, client):
    for query in ("x" * 5000, "beer " * 1000, "(" * 5000):
        response = client.get("/shop/search/", {"q": query})
        assert response.status_code == 200
        assert len(response.content) < 100 * 1024


def test_search_finds_stories_as_well_as_products(demo_shop, client):
    story = StoryPage.objects.live().get(slug="sol-four-hundred-starlings")
    html = client.get("/shop/search/", {"q": "starlings"}).content.decode()
    assert story.title in html
    assert client.get("/shop/search/", {"q": "stout"}).context["paginator"].count > 0


@pytest.mark.parametrize("url", ["/no-such-page/", "/shop/catalogue/no-such-product_99999/",
                                 "/shop/catalogue/category/no-such-line_999/", "/stories/nobody/"])
def test_unknown_addresses_get_a_helpful_404_in_the_site_design(demo_shop, client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert 'class="ttg-skip"' in html and "<main" in html  # the site's own layout
    assert 'role="search"' in html
    carry_on = html.split("Or carry on browsing", 1)[1].split("</ul>", 1)[0]
    assert ">Craft beer</a>" in carry_on and ">Stories</a>" in carry_on  # the site's menu, to find a way back
