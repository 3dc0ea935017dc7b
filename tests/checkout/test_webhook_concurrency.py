"""Stripe events applied by several workers at the same moment, on PostgreSQL (row locks).

Production runs Celery workers side by side, so the same event queued twice (a redelivery) and an event racing the
one it depends on (a refund and its payment) can be applied at once. Each worker here is a thread with its own
connection, released together by a barrier.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from oscar.core.loading import get_model

from payouts.models import Entry
from storefront.shop import gateways, tasks
from storefront.shop.models import BuyerRefund, StripeEvent
from storefront.shop.webhooks import apply_event
from tests.checkout.checkout_flow import buy, last_order
from tests.checkout.stripe_fakes import FakeStripe, charge_for, event, post_event, succeeded
from tests.factories import make_product

Order = get_model("order", "Order")


def at_once(event_ids):
    """Apply the events in threads released together; returns each one's outcome, in the order given."""
    barrier, outcomes, errors = threading.Barrier(len(event_ids)), [None] * len(event_ids), []

    def worker(n):
        try:
            barrier.wait()
            outcomes[n] = apply_event(event_ids[n])
        except Exception as error:  # noqa: BLE001 -- reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(event_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return outcomes


@pytest.mark.postgres
def test_a_payment_applied_twice_and_its_refund_at_the_same_moment(transactional_db, settings, monkeypatch):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fake = FakeStripe()
    monkeypatch.setattr(gateways, "http_client", lambda: fake)
    buyer = Client()
    assert buy(buyer, make_product("art", price=Decimal("60.00")), make_product("it", price=Decimal("40.00")))
    order = last_order()
    buyer.get(f"/shop/checkout/pay/{order.number}/")
    paid = succeeded(fake.intents[order.sources.get().reference])
    payment = event("payment_intent.succeeded", paid)
    refund = event("charge.refunded", charge_for(paid, amount_refunded=paid["amount"]))
    queued = []
    monkeypatch.setattr(tasks.apply_stripe_event, "delay", queued.append)  # the workers below take the queue
    for evt in (payment, refund, payment):
        assert post_event(Client(), evt).status_code == 200
    assert queued == [payment["id"], refund["id"], payment["id"]]

    outcomes = dict(zip(("first", "refund", "second"), at_once(queued)))
    assert {outcomes["first"], outcomes["second"]} == {"applied", None}  # once: the other found nothing to do
    assert outcomes["refund"] in ("applied", "deferred")  # before the payment it waits, then the payment applies it
    assert set(StripeEvent.objects.values_list("status", flat=True)) == {StripeEvent.APPLIED}
    order.refresh_from_db()
    assert order.status == "Refunded" and order.payment_events.filter(event_type__name="Paid").count() == 1
    assert BuyerRefund.objects.filter(order=order).aggregate(t=Sum("amount"))["t"] == paid["amount"]
    assert Entry.objects.aggregate(t=Sum("amount"))["t"] == 0
    for line in order.lines.all():  # every share the sale gave was taken back
        shares = Entry.objects.filter(transaction__line_id=line.pk).exclude(account__key__startswith="cash")
        assert shares.exists() and shares.aggregate(t=Sum("amount"))["t"] == 0, line
