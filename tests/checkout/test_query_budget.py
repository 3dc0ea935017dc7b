"""SQL queries per checkout step (issue 4 budget): each step has a budget, and a basket of five lines costs the same
number of queries as a basket of two, so a bigger basket never makes checkout slower query by query. The one
exception is placing the order, which writes each line (Oscar's order line, its price, the stock it allocates).

Queries are counted for the request alone: the tasks that a paid order queues (emails, workshop notices, the payout
allocation) run later in Celery, after the commit, and are not part of the buyer's wait.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from makers.models import Attribution
from payouts.policies import load_default_policies
from tests.checkout.checkout_flow import ADDRESS, ADULT, last_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db

# Queries per step for a basket of five lines (Oscar's own checkout took 37, 44, 23, 22, 22, 24, 34, 125 and 30).
BUDGET = {
    "add to basket": 30,
    "basket page": 14,
    "guest details": 14,
    "shipping address": 14,
    "shipping method": 14,
    "payment details": 12,
    "preview": 15,
    "place order": 80,
    "confirmation page": 21,  # 18, and "where your money goes": the makers, their statuses, the policy versions
}
# Oscar's OrderCreator writes each order line on its own: the line, its price, the stock allocation (an UPDATE, then
# a re-read and the low-stock alert check) and the product's purchase counter. Every other step reads in bulk.
PER_LINE = {"place order": 6}


@pytest.fixture(autouse=True)
def demo_gateway(settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_default_policies()


def basket_of(n):
    """A beer (so the age check and the courier are on the path) and n - 1 other pieces, each from its own maker."""
    products = []
    for k, line in enumerate(["beer", "it", "art", "it", "art"][:n]):
        maker = make_maker()
        product = make_product(line, price=Decimal("12.00") + k, stock=50 if line != "art" else 1,
                               partner=maker.workshop.partner)
        Attribution.objects.create(product=product, maker=maker, share_weight=1)
        products.append(product)
    return products


def checkout_queries(client, products):
    """Walk a guest checkout and count the queries of each step's request."""
    counts = {}

    def step(name, method, path, data=None, expect=(200, 302)):
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(path, data or {})
        assert response.status_code in expect, (name, response.status_code, response.content[:300])
        counts[name] = len(captured)
        return response

    client.get("/shop/basket/")  # the session and an empty basket, as a visitor has from any page
    for product in products[:-1]:
        client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    step("add to basket", "post", f"/shop/basket/add/{products[-1].pk}/", {"quantity": 1})
    step("basket page", "get", "/shop/basket/", expect=(200,))
    step("guest details", "post", "/shop/checkout/", {"username": "buyer@example.org", "options": "anonymous"})
    step("shipping address", "post", "/shop/checkout/shipping-address/", ADDRESS)
    step("shipping method", "get", "/shop/checkout/shipping-method/")
    step("payment details", "get", "/shop/checkout/payment-details/", expect=(200,))
    preview = step("preview", "post", "/shop/checkout/preview/", ADULT, expect=(200,))
    step("place order", "post", "/shop/checkout/preview/",
         {"action": "place_order", "total_pence": preview.context["total_pence"]})
    step("confirmation page", "get", "/shop/checkout/thank-you/", expect=(200,))
    order = last_order()
    assert order.status == "Paid" and order.lines.count() == len(products)
    return counts


def test_each_checkout_step_stays_in_budget_whatever_the_basket_size(client):
    checkout_queries(client, basket_of(1))  # the first order ever makes a few rows (event types, country) once
    counts = {}
    for n in (2, 5):
        client.cookies.clear()
        counts[n] = checkout_queries(client, basket_of(n))
    two, five = counts[2], counts[5]
    over = {name: count for name, count in five.items() if count > BUDGET[name]}
    assert not over, f"over budget: {over} (budgets {BUDGET})"
    grew = {name: (two[name], five[name]) for name in five if five[name] - two[name] != 3 * PER_LINE.get(name, 0)}
    assert not grew, f"steps whose queries change with the basket (2 lines, 5 lines): {grew}"
