"""Two buyers pay for the last one-off piece at the same moment: one order, one clear "sold out", one charge.

Runs on PostgreSQL (row locks); each buyer is a thread with its own connection and its own browser session.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from oscar.core.loading import get_model

from storefront.shop import gateways
from tests.checkout.checkout_flow import add_to_basket, to_preview
from tests.checkout.stripe_fakes import FakeStripe
from tests.factories import make_product

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.mark.postgres
def test_two_buyers_of_the_last_piece(transactional_db, settings, monkeypatch):
    """One transactional test (they empty the tables) for both gateways."""
    for use_stripe in (False, True):
        race(settings, monkeypatch, use_stripe)


def race(settings, monkeypatch, use_stripe):
    from django.test import Client

    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x" if use_stripe else ""
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x" if use_stripe else ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fake = FakeStripe()
    monkeypatch.setattr(gateways, "http_client", lambda: fake)
    art = make_product("art", price=Decimal("250.00"))
    buyers = [Client() for _ in range(2)]
    previews = []
    for n, buyer in enumerate(buyers):
        add_to_basket(buyer, art)
        previews.append(to_preview(buyer, email=f"buyer{n}@example.org").context["total_pence"])
    barrier, results = threading.Barrier(2), [None, None]

    def pay(n):
        try:
            barrier.wait()
            results[n] = buyers[n].post("/shop/checkout/preview/", {"action": "place_order",
                                                                     "total_pence": previews[n]})
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert Order.objects.filter(lines__product=art).count() == 1
    winner = [r for r in results if r.status_code == 302]
    loser = [r for r in results if r.status_code == 200]
    assert len(winner) == 1 and len(loser) == 1
    assert "has just sold out, so we have not taken any payment" in loser[0].content.decode()
    assert StockRecord.objects.get(product=art).num_allocated == 1
    if use_stripe:
        assert len(fake.intents) == 1, "only the winner was ever asked to pay"
    else:
        assert Order.objects.get(lines__product=art).status == "Paid"
