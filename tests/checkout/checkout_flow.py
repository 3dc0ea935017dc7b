"""Driving Oscar's checkout through the test client, step by step, as a buyer's browser would."""

import pytest
from django.db.models import Max
from oscar.core.loading import get_model

Order = get_model("order", "Order")

ADDRESS = {"first_name": "Sam", "last_name": "Buyer", "line1": "1 High Street", "line4": "Leeds",
           "postcode": "LS1 1AA", "country": "GB", "phone_number": ""}
ADULT = {"date_of_birth": "1990-05-01", "confirm_18": "on"}


@pytest.fixture
def demo_gateway(settings):
    """No Stripe keys: the demo gateway takes the payment; emails kept in memory."""
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def add_to_basket(client, product, quantity=1):
    response = client.post(f"/shop/basket/add/{product.pk}/", {"quantity": quantity})
    assert response.status_code == 302, response.content[:500]


def to_preview(client, email="buyer@example.org", age=None, method=None):
    """Guest (unless already signed in) through address and shipping method to the preview; returns the response."""
    response = client.get("/shop/checkout/")
    if response.status_code == 200:  # the guest gateway page
        client.post("/shop/checkout/", {"username": email, "options": "anonymous"})
    client.post("/shop/checkout/shipping-address/", ADDRESS)
    response = client.get("/shop/checkout/shipping-method/")
    if response.status_code == 200:
        client.post("/shop/checkout/shipping-method/", {"method_code": method or "standard-post"})
    return client.post("/shop/checkout/preview/", age or {})


def place_order(client, preview=None):
    preview = preview or client.post("/shop/checkout/preview/", {})
    total = preview.context["total_pence"] if preview.context and "total_pence" in preview.context else ""
    return client.post("/shop/checkout/preview/", {"action": "place_order", "total_pence": total})


def buy(client, *products, age=None, email="buyer@example.org", method=None):
    for product in products:
        add_to_basket(client, product)
    preview = to_preview(client, email=email, age=age, method=method)
    assert preview.status_code == 200, preview.content[:500]
    return place_order(client, preview)


def last_order():
    return Order.objects.order_by("-pk").first()


def made_from_now_on(model):
    """The rows of `model` made after this call, as a lazy queryset: the browser tests share the kept test database and
    may leave baskets behind, so a test counts only its own."""
    last = model.objects.aggregate(last=Max("pk"))["last"] or 0
    return model.objects.filter(pk__gt=last)
