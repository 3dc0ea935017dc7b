"""A guest buys a textile in a size and colour they pick on its page, with the demo gateway: the variant is named with
its listing from the basket to the confirmation, and its listing's makers are paid their wages in the ledger."""

import re

import pytest
from django.db.models import Sum
from oscar.core.loading import get_model

from payouts.models import Entry
from tests.e2e.test_checkout import guest_details
from tests.e2e.test_checkout import leave_no_trace  # noqa: F401  (fixture: the rows the checkout wrote go again)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")


def buy_a_variant(page, shop_url):
    """Through the shop as a buyer: returns the order number, the listing's title and the variant's full title."""
    page.goto(shop_url + "/")
    page.get_by_role("link", name="Textiles", exact=True).first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/category/"))
    page.locator("article.product_pod h3 a").first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/[\w-]+_\d+/"))
    listing = page.locator("h1").first.inner_text().strip()
    choice = page.locator(".ttg-variants a").last  # a size and colour other than the first
    picked = choice.inner_text().strip()
    choice.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/[\w-]+_\d+/"))
    title = f"{listing} — {picked}"
    assert page.locator("h1").first.inner_text().strip() == title
    page.locator("#add_to_basket_form [type=submit]").click()
    page.wait_for_load_state()

    page.goto(shop_url + "/shop/basket/")
    assert page.locator(".ttg-basket-line__what h3").all_inner_texts() == [title]
    page.get_by_role("link", name="Proceed to checkout").click()
    page.wait_for_url(re.compile(r"/shop/checkout/"))
    guest_details(page, "variant-buyer@example.org")
    page.wait_for_url(re.compile(r"/checkout/shipping-method/"))
    page.locator("form:has([name=method_code][value=standard-post]) [type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert "Demo gateway: no real money is taken" in page.locator("#payment-method").inner_text()
    assert title in page.locator(".ttg-order-lines").inner_text()
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    number = re.search(r"Order (\d+)", page.locator("h1").first.inner_text()).group(1)
    assert "Paid" in page.locator("#payment-status").inner_text()
    assert title in page.locator(".ttg-order-lines").inner_text()
    return number, listing, title


def test_a_guest_buys_a_textile_in_the_size_and_colour_they_picked(shop_url, page, leave_no_trace):  # noqa: F811
    number, _, title = buy_a_variant(page, shop_url)
    order = Order.objects.get(number=number)
    assert order.status == "Paid"
    assert list(order.lines.values_list("title", flat=True)) == [title]


def test_buying_a_variant_pays_its_listings_makers(shop_url, page, leave_no_trace):  # noqa: F811
    number, listing, _ = buy_a_variant(page, shop_url)
    order = Order.objects.get(number=number)
    makers = [a.maker for a in Product.objects.get(title=listing, parent=None).attributions.all()]
    assert makers, "the demo credits every textile to its makers"
    for maker in makers:
        wages = Entry.objects.filter(transaction__order=order, maker=maker, bucket="wages").aggregate(
            total=Sum("amount"))["total"]
        assert wages and wages > 0, f"{maker.display_name} was paid nothing for the variant"
