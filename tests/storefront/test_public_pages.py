"""The demo as an anonymous visitor sees it: every public page answers, private areas ask for a login."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Page

from makers.models import Maker, Workshop

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def public_urls():
    urls = ["/", reverse("catalogue:index"), reverse("search:search") + "?q=beer", reverse("basket:summary")]
    urls += [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    urls += [category.get_absolute_url() for category in Category.objects.all()]
    urls += [product.get_absolute_url() for product in Product.objects.browsable().filter(is_public=True)]
    urls += [maker.get_absolute_url() for maker in Maker.objects.all()]
    urls += [workshop.get_absolute_url() for workshop in Workshop.objects.all()]
    return urls


def test_every_public_page_of_the_demo_answers(demo_shop, client):
    urls = public_urls()
    assert len(urls) > 60
    failures = {url: client.get(url).status_code for url in urls}
    assert {url: code for url, code in failures.items() if code != 200} == {}


@pytest.mark.parametrize("url", ["/dashboard/", "/cms/", "/django-admin/"])
def test_back_offices_ask_for_a_login(demo_shop, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_pages_are_404(demo_shop, client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/shop/catalogue/no-such-product_99999/").status_code == 404
    assert client.get("/shop/makers/nobody/").status_code == 404
