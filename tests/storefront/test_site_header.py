"""The header and footer every page shows: its menus follow what editors publish at once, the current page is
marked, the basket count is the visitor's, and what a visitor typed is shown back escaped."""

import pytest
from django.urls import reverse
from django.utils.functional import empty
from oscar.core.loading import get_model

from storefront import navigation, pagecache
from storefront.models import ContentPage

pytestmark = pytest.mark.django_db
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def line_url(demo_shop, settings):
    settings.STOREFRONT_PAGE_CACHE = False  # the page as made, not a shared copy
    return Category.get_root_nodes().get(slug="craft-beer").get_absolute_url()


def menu(html, label):
    """The links of the menu named ``label`` (its aria-label), as (address, text, current) in order."""
    import re

    part = html.split(f'aria-label="{label}"', 1)[1].split("</nav>", 1)[0]
    return [(href, text, bool(current)) for href, current, text in
            re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', part)]


def test_the_main_menu_marks_the_page_shown(client, line_url):
    links = menu(client.get(line_url).content.decode(), "Main")
    assert [text for _, text, current in links if current] == ["Craft beer"]
    assert {"Art", "Craft beer", "Textiles", "Stories", "About"} <= {text for _, text, _ in links}


def test_a_page_published_or_unpublished_changes_the_footer_at_once(client, line_url):
    about = ContentPage.objects.live().get(slug="about")
    page = ContentPage(title="Visiting the workshops", slug="visiting-the-workshops", body=[])
    client.get(line_url)  # the menus are made and kept
    about.add_child(instance=page)
    page.save_revision().publish()
    assert ("Visiting the workshops" in [text for _, text, _ in menu(client.get(line_url).content.decode(),
                                                                    "About the co-op")])
    page.unpublish()
    assert "Visiting the workshops" not in client.get(line_url).content.decode()


def test_a_sale_that_sells_out_does_not_build_the_menus_again(client, line_url, monkeypatch):
    """A sell-out makes browse pages stale (their generation moves on); the menus have a generation of their own."""
    client.get(line_url)
    built = []
    monkeypatch.setattr(navigation, "build", lambda real=navigation.build: built.append(1) or real())
    record = StockRecord.objects.filter(num_in_stock__gt=0).first()
    generation = pagecache.current_generation()
    record.num_in_stock = 0
    record.save()
    assert pagecache.current_generation() != generation
    assert client.get(line_url).status_code == 200 and built == []


def test_a_visitor_without_a_basket_sees_none_and_none_is_built(client, line_url):
    response = client.get(line_url)
    assert 'class="ttg-basket-count">0<' in response.content.decode()
    assert response.wsgi_request.basket._wrapped is empty  # Oscar's lazy basket was never built


def test_the_basket_count_is_the_visitors_own(client, line_url):
    product = Product.objects.browsable().filter(stockrecords__num_in_stock__gt=1, structure="standalone").first()
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    assert response.status_code == 302
    assert 'class="ttg-basket-count">2<' in client.get(line_url).content.decode()


def test_a_signed_in_visitor_gets_the_account_links(client, line_url, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="reader@example.com", password="pw-x-98765"))
    html = client.get(line_url).content.decode()
    account = menu(html, "Your account and basket")
    assert [(href, text) for href, text, _ in account][:2] == [
        (reverse("customer:summary"), "Account"), (reverse("customer:logout"), "Sign out")]
    assert reverse("dashboard:index") not in html


def test_what_a_visitor_typed_is_shown_back_escaped(client, demo_shop):
    html = client.get("/shop/search/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in html and "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
