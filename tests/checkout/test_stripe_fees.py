"""Stripe's processing fee: read from the charge's balance transaction in a task after the payment is confirmed, and
posted to the ledger once (payouts.fees). Stripe is faked at the HTTP boundary (stripe_fakes.FakeStripe)."""

from decimal import Decimal

import pytest
import stripe
from celery.exceptions import Retry
from django.db.models import Sum

from payouts.fees import fees_total
from payouts.models import Entry
from payouts.models import Transaction as LedgerTransaction
from payouts.testing import paid_order
from storefront.shop import tasks
from storefront.shop.gateways import FeeNotSettled
from tests.checkout.checkout_flow import add_to_basket, last_order, place_order, to_preview
from tests.checkout.stripe_fakes import deliver, dispute_for, event, sample, stripe_fee, succeeded
from tests.checkout.test_stripe import fake_stripe, pending  # noqa: F401  (fixtures)
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def fee_transactions(order):
    return LedgerTransaction.objects.filter(order_id=order.pk, kind=LedgerTransaction.FEE)


def pay(client, intent):
    assert deliver(client, event("payment_intent.succeeded", succeeded(intent))) == "applied"


def retrieves(fake):
    return [(path, params) for method, path, params, _ in fake.calls
            if method == "GET" and path.startswith("/v1/payment_intents/")]


def test_a_paid_stripe_order_posts_its_fee_once_balanced_and_caused_by_the_order(
        pending, fake_stripe, client, django_capture_on_commit_callbacks):  # noqa: F811
    order, intent, _ = pending
    with django_capture_on_commit_callbacks(execute=False) as queued:
        pay(client, intent)
    assert not retrieves(fake_stripe), "the webhook request itself never calls Stripe for the fee"
    for callback in queued:
        callback()
    (path, params), = retrieves(fake_stripe)
    assert path == f"/v1/payment_intents/{intent['id']}"
    assert params == {"expand[0]": "latest_charge.balance_transaction"}
    fee, = fee_transactions(order)
    expected = stripe_fee(10395)
    assert expected == 176  # 1.5% of £103.95 rounded, plus 20p
    assert fee.idempotency_key == f"fee:txn_of_{intent['id']}"
    assert sorted(fee.entries.values_list("account__key", "amount")) == [
        ("cash_clearing", expected), ("payment_fees", -expected)]
    assert fee.line_id is None and fee.order_id == order.pk
    assert fees_total() == expected
    # The fee is the co-op's: what was allocated to the makers' buckets is untouched by it.
    sales = Entry.objects.filter(transaction__order_id=order.pk, transaction__kind=LedgerTransaction.SALE)
    assert sales.exclude(bucket="").aggregate(t=Sum("amount"))["t"] > 0
    assert not Entry.objects.filter(transaction=fee).exclude(bucket="").exists()


def test_a_replayed_task_or_event_posts_nothing_more(pending, fake_stripe, client,
                                                      django_capture_on_commit_callbacks):  # noqa: F811
    order, intent, _ = pending
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, intent)
        pay(client, intent)  # Stripe delivering the success again: already paid, nothing queued
    assert len(retrieves(fake_stripe)) == 1
    assert tasks.record_payment_fee.delay(order.pk).get() is None  # a worker running the task again
    assert fee_transactions(order).count() == 1 and fees_total() == stripe_fee(10395)
    assert Entry.objects.aggregate(t=Sum("amount"))["t"] == 0


def test_a_fee_stripe_has_not_settled_yet_is_retried_and_posts_nothing_meanwhile(
        pending, fake_stripe, client, django_capture_on_commit_callbacks):  # noqa: F811
    order, intent, _ = pending
    fake_stripe.unsettled.add(intent["id"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        pay(client, intent)
    with pytest.raises(Retry) as retry:  # an eager task's retry; a worker would run it again later, with backoff
        for callback in queued:
            callback()
    assert isinstance(retry.value.exc, FeeNotSettled)
    assert len(retrieves(fake_stripe)) == 1
    assert not fee_transactions(order).exists()
    fake_stripe.unsettled.clear()
    tasks.record_payment_fee.delay(order.pk)
    assert fee_transactions(order).count() == 1


def test_a_stripe_error_is_retried_by_the_task(pending, fake_stripe, client, django_capture_on_commit_callbacks,
                                               monkeypatch):  # noqa: F811
    order, intent, _ = pending
    with django_capture_on_commit_callbacks(execute=False):
        pay(client, intent)
    answer = fake_stripe.route
    failures = iter([True])

    def rate_limited_once(method, path, params):
        if method == "GET" and next(failures, False):
            return 429, {"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests"}}
        return answer(method, path, params)

    monkeypatch.setattr(fake_stripe, "route", rate_limited_once)
    with pytest.raises(Retry) as retry:
        tasks.record_payment_fee.delay(order.pk)
    assert isinstance(retry.value.exc, stripe.RateLimitError) and not fee_transactions(order).exists()
    assert tasks.record_payment_fee.delay(order.pk).get() is not None  # the worker's next try
    assert fee_transactions(order).count() == 1 and len(retrieves(fake_stripe)) == 2


def test_the_demo_gateway_posts_no_fee(client, settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    add_to_basket(client, make_product("art", price=Decimal("50.00")))
    preview = to_preview(client)
    asked = []
    monkeypatch.setattr(tasks.record_payment_fee, "delay", lambda *args: asked.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        assert place_order(client, preview).status_code == 302
    order = last_order()
    assert order.status == "Paid" and LedgerTransaction.objects.filter(order_id=order.pk).exists()
    assert not fee_transactions(order).exists() and fees_total() == 0
    assert asked == [], "no fee task is queued for the demo gateway"
    assert tasks.record_payment_fee.apply(args=(order.pk,)).get() is None  # even if asked, it has no fee
    assert not LedgerTransaction.objects.filter(kind=LedgerTransaction.FEE).exists()


def dispute_transaction(txn_id, amount, fee):
    """A balance transaction of a dispute, from Stripe's published sample: money out (or back) and the fee."""
    return sample("balance_transaction", id=txn_id, amount=amount, fee=fee, net=amount - fee, currency="gbp",
                  reporting_category="dispute", type="adjustment", created=1796000000)


def dispute_event(client, type, dispute):
    assert deliver(client, event(type, dispute)) == "applied"


@pytest.mark.parametrize("outcome, fees_left", [("lost", 2000), ("won", 0)])
def test_stripes_dispute_fee_is_posted_once_and_a_won_dispute_posts_the_fee_given_back(
        pending, fake_stripe, client, django_capture_on_commit_callbacks, outcome, fees_left):  # noqa: F811
    order, intent, _ = pending
    paid = succeeded(intent)
    with django_capture_on_commit_callbacks(execute=False):  # the payment's own fee task is not run here
        assert deliver(client, event("payment_intent.succeeded", paid)) == "applied"
    opened = dispute_transaction("txn_dispute_opened", -10395, 2000)
    dispute = dispute_for(paid, amount=10395) | {"balance_transactions": [opened]}
    dispute_event(client, "charge.dispute.created", dispute)
    dispute_event(client, "charge.dispute.created", dispute)  # another event for the same dispute: no second fee
    assert fees_total() == 2000 and fee_transactions(order).count() == 1
    settled = [opened] + ([dispute_transaction("txn_dispute_won", 10395, -2000)] if outcome == "won" else [])
    dispute_event(client, "charge.dispute.closed", dispute | {"status": outcome, "balance_transactions": settled})
    assert fees_total() == fees_left
    assert fee_transactions(order).count() == len(settled)
    assert Entry.objects.aggregate(t=Sum("amount"))["t"] == 0
    assert not retrieves(fake_stripe), "the dispute's fees come in its events; Stripe is not asked"


def test_a_dispute_fee_in_another_currency_or_contradicting_a_posted_one_is_logged_and_the_dispute_applies(
        pending, fake_stripe, client, django_capture_on_commit_callbacks, caplog):  # noqa: F811
    order, intent, _ = pending
    paid = succeeded(intent)
    with django_capture_on_commit_callbacks(execute=False):
        assert deliver(client, event("payment_intent.succeeded", paid)) == "applied"
    in_dollars = dispute_transaction("txn_usd", 0, 1500) | {"currency": "usd"}
    first = dispute_transaction("txn_twice", -10395, 2000)
    dispute = dispute_for(paid, amount=10395) | {"balance_transactions": [in_dollars, first]}
    dispute_event(client, "charge.dispute.created", dispute)
    assert fees_total() == 2000 and "is in usd" in caplog.text
    dispute_event(client, "charge.dispute.closed", dispute | {
        "status": "lost", "balance_transactions": [in_dollars, first | {"fee": 2500}]})
    assert fees_total() == 2000 and "already recorded as 2000p, not 2500p" in caplog.text
    order.refresh_from_db()
    assert order.status == "Disputed"
    assert Entry.objects.aggregate(t=Sum("amount"))["t"] == 0


def test_the_sweep_posts_a_fee_whose_task_was_lost_and_leaves_recent_and_demo_orders(
        pending, fake_stripe, client, django_capture_on_commit_callbacks):  # noqa: F811
    import datetime

    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    order, intent, _ = pending
    with django_capture_on_commit_callbacks(execute=False):
        pay(client, intent)  # paid, but the order's tasks (and so its fee task) never reach a worker
    assert tasks.sweep_payment_fees() == 0, "a payment just made is left to its own fee task"
    placed = order.date_placed - datetime.timedelta(hours=2)
    Order.objects.filter(pk=order.pk).update(date_placed=placed)
    demo = paid_order([(make_product("art"), 2400)], placed)  # paid through the demo gateway: it has no fee
    demo_gateway, _ = get_model("payment", "SourceType").objects.get_or_create(code="demo", defaults={"name": "Demo"})
    demo.sources.create(source_type=demo_gateway, currency="GBP", amount_allocated=Decimal("24.00"),
                        amount_debited=Decimal("24.00"))
    assert tasks.sweep_payment_fees() == 1
    assert fee_transactions(order).get().entries.get(account__key="payment_fees").amount == -stripe_fee(10395)
    assert tasks.sweep_payment_fees() == 0 and len(retrieves(fake_stripe)) == 1
    assert not fee_transactions(demo).exists()
