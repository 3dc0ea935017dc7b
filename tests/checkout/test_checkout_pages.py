"""Every checkout step is a page of the site: its header with search and navigation, one <main> landmark and its
footer. The preview says how the buyer pays (and, with beer, the age they confirmed) instead of Oscar's placeholder."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from storefront import roles
from tests.checkout.checkout_flow import ADDRESS, ADULT, add_to_basket, place_order, to_preview
from tests.checkout.checkout_flow import demo_gateway  # noqa: F401  (a fixture, used by name)
from tests.checkout.test_stripe import fake_stripe  # noqa: F401  (fixture)
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db
PLACEHOLDER = "Payment details to go here"


class Landmarks(HTMLParser):
    """What a page's layout is made of: its landmarks, the site's header and footer, and the search form."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "main":
            self.found.append("main")
        if tag == "header" and "ttg-header" in classes:
            self.found.append("site header")
        if tag == "form" and attrs.get("role") == "search" and attrs.get("action") == reverse("search:search"):
            self.found.append("search")
        if tag == "nav" and attrs.get("aria-label") == "Main":
            self.found.append("navigation")
        if tag == "footer" and "ttg-footer" in classes:
            self.found.append("site footer")


class ElementText(HTMLParser):
    """The text inside the element with an id (its descendants included)."""

    VOID = {"br", "hr", "img", "input", "link", "meta"}

    def __init__(self, html, element_id):
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []
        self.feed(html)
        self.text = " ".join(" ".join(self.parts).split())

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def payment_on(preview):
    assert preview.status_code == 200
    html = preview.content.decode()
    assert PLACEHOLDER not in html
    return ElementText(html, "payment-method").text


def assert_site_layout(response, step):
    assert response.status_code == 200, (step, response.status_code)
    found = Landmarks(response.content.decode()).found
    assert sorted(found) == ["main", "navigation", "search", "site footer", "site header"], (step, found)


@pytest.mark.usefixtures("demo_gateway")
def test_every_checkout_step_of_a_guest_is_in_the_site_layout(client, django_capture_on_commit_callbacks):
    add_to_basket(client, make_product("art", price=Decimal("120.00")))
    assert_site_layout(client.get("/shop/checkout/"), "who are you")
    client.post("/shop/checkout/", {"username": "buyer@example.org", "options": "anonymous"})
    assert_site_layout(client.get("/shop/checkout/shipping-address/"), "shipping address")
    client.post("/shop/checkout/shipping-address/", ADDRESS)
    assert_site_layout(client.get("/shop/checkout/shipping-method/"), "shipping method")
    client.post("/shop/checkout/shipping-method/", {"method_code": "standard-post"})
    assert_site_layout(client.get("/shop/checkout/payment-details/"), "payment")
    preview = client.post("/shop/checkout/preview/", {})
    assert_site_layout(preview, "preview")
    with django_capture_on_commit_callbacks(execute=True):
        placed = place_order(client, preview)
    assert_site_layout(client.get(placed["Location"]), "confirmation")


@pytest.mark.usefixtures("demo_gateway")
def test_a_signed_in_buyers_address_pages_are_in_the_site_layout(client):
    user = make_user(roles.BUYERS)
    client.force_login(user)
    add_to_basket(client, make_product("art"))
    address = user.addresses.create(first_name="Sam", last_name="Buyer", line1="1 High Street", line4="Leeds",
                                    postcode="LS1 1AA", country_id="GB")
    assert_site_layout(client.get("/shop/checkout/shipping-address/"), "choose an address")
    assert_site_layout(client.get(reverse("checkout:user-address-update", args=[address.pk])), "edit an address")
    assert_site_layout(client.get(reverse("checkout:user-address-delete", args=[address.pk])), "delete an address")


def test_the_stripe_payment_page_is_in_the_site_layout(client, fake_stripe):  # noqa: F811
    add_to_basket(client, make_product("art"))
    placed = place_order(client, to_preview(client))
    assert "/shop/checkout/pay/" in placed["Location"]
    assert_site_layout(client.get(placed["Location"]), "pay")


@pytest.mark.usefixtures("demo_gateway")
def test_the_preview_says_the_demo_gateway_takes_the_payment(client):
    add_to_basket(client, make_product("art"))
    payment = payment_on(to_preview(client))
    assert "Demo gateway: no real money is taken" in payment and "18 or over" not in payment


def test_the_preview_says_stripe_takes_the_card_payment(client, fake_stripe):  # noqa: F811
    add_to_basket(client, make_product("art"))
    payment = payment_on(to_preview(client))
    assert "pay by card on the next page, securely through Stripe" in payment and "Demo" not in payment


@pytest.mark.usefixtures("demo_gateway")
def test_the_preview_of_beer_says_the_buyer_confirmed_they_are_18(client):
    add_to_basket(client, make_product("beer", price=Decimal("4.00"), stock=5))
    payment = payment_on(to_preview(client, age=ADULT))
    assert "You confirmed you are 18 or over (born 1 May 1990)" in payment
    assert "Demo gateway: no real money is taken" in payment
