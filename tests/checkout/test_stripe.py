"""Stripe: PaymentIntents created with our idempotency key, and the webhook with good, bad, duplicate and
out-of-order events. Stripe is faked at the HTTP boundary (stripe_fakes.FakeStripe)."""

import json
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from oscar.core.loading import get_model

from payouts.models import Dispute as LedgerDispute
from payouts.models import Entry
from payouts.models import Refund as LedgerRefund
from payouts.models import Transaction as LedgerTransaction
from storefront import roles
from storefront.models import AuditEntry
from storefront.shop import gateways
from storefront.shop.models import BuyerRefund, StripeEvent
from storefront.shop.refunds import request_refund
from tests.checkout.checkout_flow import buy, last_order
from tests.checkout.stripe_fakes import (
    FakeStripe, charge_for, deliver, dispute_for, event, post_event, sample, signed, succeeded)
from tests.factories import coop_partner, make_product, make_user

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_fake"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fake = FakeStripe()
    monkeypatch.setattr(gateways, "http_client", lambda: fake)
    return fake


@pytest.fixture
def pending(client, fake_stripe):
    """A buyer who placed an order for two pieces and reached Stripe's payment page."""
    response = buy(client, make_product("art", price=Decimal("60.00"), partner=coop_partner()),
                   make_product("it", price=Decimal("40.00"), partner=coop_partner()))
    assert response.status_code == 302 and "/shop/checkout/pay/" in response["Location"]
    order = last_order()
    page = client.get(response["Location"])
    assert page.status_code == 200
    intent = fake_stripe.intents[order.sources.get().reference]
    return order, intent, page


def apply(client, type, obj, **kwargs):
    return deliver(client, event(type, obj, **kwargs))


def test_the_payment_intent_is_in_pence_with_the_order_number_and_our_idempotency_key(pending, fake_stripe, client):
    order, intent, page = pending
    assert order.status == "Pending payment"
    assert intent["amount"] == 10395 and intent["currency"] == "gbp"
    assert intent["metadata"] == {"order_number": order.number}
    created = [c for c in fake_stripe.calls if c[1] == "/v1/payment_intents"]
    assert {c[3]["Idempotency-Key"] for c in created} == {f"ttg-order-{order.number}-payment"}
    assert intent["client_secret"] in page.content.decode()
    # Reloading the payment page asks Stripe again with the same key: still one PaymentIntent.
    client.get(f"/shop/checkout/pay/{order.number}/")
    assert len(fake_stripe.intents) == 1
    assert not mail.outbox, "nothing is confirmed before Stripe says so"


def test_stripe_and_stripe_js_are_found_where_the_settings_say(pending, fake_stripe, client, settings, monkeypatch):
    """STRIPE_API_BASE and STRIPE_JS_URL point the shop at a Stripe-compatible server (localstripe, in the browser
    test) instead of Stripe's own addresses, the defaults."""
    order, intent, page = pending
    assert '<script src="https://js.stripe.com/v3/"></script>' in page.content.decode()
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"
    asked, answer = [], fake_stripe.request

    def noting_the_address(method, url, *args, **kwargs):
        asked.append(url)
        return answer(method, url, *args, **kwargs)

    monkeypatch.setattr(fake_stripe, "request", noting_the_address)
    page = client.get(f"/shop/checkout/pay/{order.number}/")
    assert '<script src="http://127.0.0.1:8420/js.stripe.com/v3/"></script>' in page.content.decode()
    assert asked == ["http://127.0.0.1:8420/v1/payment_intents"]


def test_payment_succeeded_marks_the_order_paid_once(pending, client, django_capture_on_commit_callbacks):
    order, intent, _ = pending
    paid = succeeded(intent)
    evt = event("payment_intent.succeeded", paid)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, evt) == "applied"
    order.refresh_from_db()
    assert order.status == "Paid" and order.sources.get().amount_debited == Decimal("103.95")
    assert LedgerTransaction.objects.filter(order_id=order.pk, kind=LedgerTransaction.SALE).count() == 2
    sent = len(mail.outbox)
    assert sent >= 1
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, evt).content == b"duplicate"  # the same event delivered again, once applied
        # A different event for the same payment changes nothing either.
        assert apply(client, "payment_intent.succeeded", paid) == "applied"
    assert len(mail.outbox) == sent and StripeEvent.objects.count() == 2
    assert order.payment_events.filter(event_type__name="Paid").count() == 1


def test_bad_or_missing_signature_is_refused_and_changes_nothing(pending, client):
    order, intent, _ = pending
    body = json.dumps(event("payment_intent.succeeded", succeeded(intent)))
    for header in ("", "t=1,v1=deadbeef", signed(body, secret="whsec_someone_else"), signed(body, timestamp=1)):
        response = client.post("/webhooks/stripe/", body, content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 400
    tampered = body.replace(str(intent["amount"]), "1")
    response = client.post("/webhooks/stripe/", tampered, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=signed(body))
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == "Pending payment" and not StripeEvent.objects.exists()


def test_other_events_are_acknowledged_and_ignored(client, fake_stripe):
    assert apply(client, "plan.created", sample("plan")) == "ignored"
    assert not StripeEvent.objects.exists()  # nothing to apply, so nothing to record or deduplicate


def test_payment_failed_keeps_the_order_pending_with_a_note(pending, client):
    order, intent, _ = pending
    failed = intent | {"status": "requires_payment_method",
                       "last_payment_error": {"type": "card_error", "code": "card_declined",
                                              "message": "Your card was declined."}}
    apply(client, "payment_intent.payment_failed", failed)
    order.refresh_from_db()
    assert order.status == "Pending payment"
    assert order.notes.filter(message__contains="Your card was declined").exists()


def test_full_and_partial_refunds_reverse_the_ledger(pending, client, django_capture_on_commit_callbacks):
    order, intent, _ = pending
    paid = succeeded(intent)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "payment_intent.succeeded", paid)
        apply(client, "charge.refunded", charge_for(paid, amount_refunded=3000))  # refunded in Stripe's dashboard
    order.refresh_from_db()
    assert order.status == "Partly refunded"
    assert sum(LedgerRefund.objects.filter(line__order=order).values_list("amount", flat=True)) > 0
    # A late, older event (lower cumulative amount) moves nothing; the full refund brings every bucket to zero.
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "charge.refunded", charge_for(paid, amount_refunded=1000))
        apply(client, "charge.refunded", charge_for(paid, amount_refunded=paid["amount"]))
    order.refresh_from_db()
    assert order.status == "Refunded"
    assert sum(BuyerRefund.objects.filter(order=order).values_list("amount", flat=True)) == paid["amount"]
    for line in order.lines.all():
        entries = Entry.objects.filter(transaction__line_id=line.pk).exclude(account__key__startswith="cash")
        assert sum(entries.values_list("amount", flat=True)) == 0, line
    assert any("refunded" in m.subject.lower() or "Refund" in m.subject for m in mail.outbox)


def test_a_refund_before_its_payment_waits_and_is_applied_after(pending, client, django_capture_on_commit_callbacks):
    order, intent, _ = pending
    paid = succeeded(intent)
    assert apply(client, "charge.refunded", charge_for(paid, amount_refunded=paid["amount"])) == "deferred"
    assert not BuyerRefund.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "payment_intent.succeeded", paid)
    order.refresh_from_db()
    assert order.status == "Refunded"
    assert StripeEvent.objects.filter(status=StripeEvent.DEFERRED).count() == 0


def test_disputes_reverse_and_a_won_dispute_reinstates(pending, client, django_capture_on_commit_callbacks):
    order, intent, _ = pending
    paid = succeeded(intent)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "payment_intent.succeeded", paid)
    dispute = dispute_for(paid, amount=paid["amount"])
    apply(client, "charge.dispute.created", dispute)
    order.refresh_from_db()
    assert order.status == "Disputed"
    assert LedgerDispute.objects.filter(line__order=order, state=LedgerDispute.OPEN).count() == 2
    apply(client, "charge.dispute.closed", dispute | {"status": "won"})
    order.refresh_from_db()
    assert order.status == "Paid"
    assert set(LedgerDispute.objects.filter(line__order=order).values_list("state", flat=True)) == {LedgerDispute.WON}


def test_a_dispute_closed_before_it_was_created_is_opened_then_closed(pending, client,
                                                                         django_capture_on_commit_callbacks):
    order, intent, _ = pending
    paid = succeeded(intent)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "payment_intent.succeeded", paid)
    dispute = dispute_for(paid, amount=5000)
    apply(client, "charge.dispute.closed", dispute | {"status": "lost"})
    apply(client, "charge.dispute.created", dispute)
    states = list(LedgerDispute.objects.filter(line__order=order).values_list("state", flat=True))
    assert states and set(states) == {LedgerDispute.LOST}
    assert sum(LedgerDispute.objects.filter(line__order=order).values_list("amount", flat=True)) == 5000


def test_payment_for_an_order_that_no_longer_exists_is_refunded(client, fake_stripe):
    intent = sample("payment_intent", id="pi_test_orphan", amount=2500, currency="gbp",
                    metadata={"order_number": "999999"}, status="succeeded", amount_received=2500)
    apply(client, "payment_intent.succeeded", intent)
    refunds = [c for c in fake_stripe.calls if c[1] == "/v1/refunds"]
    assert refunds and refunds[0][2]["payment_intent"] == "pi_test_orphan"
    assert refunds[0][3]["Idempotency-Key"] == "ttg-unpayable-pi_test_orphan"


def test_payment_for_an_unknown_order_without_stripe_keys_is_kept_for_a_person_to_refund(client, fake_stripe, settings):
    """The webhook secret is set but not the API key (the demo gateway takes the shop's payments), so the money cannot
    be given back automatically: the event is answered and recorded as a refund due, shown on the events screen."""
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    intent = sample("payment_intent", id="pi_test_nobody", amount=2500, currency="gbp",
                    metadata={"order_number": "999999"}, status="succeeded", amount_received=2500)
    evt = event("payment_intent.succeeded", intent)
    response = Client(raise_request_exception=False).post(
        "/webhooks/stripe/", json.dumps(evt), content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(json.dumps(evt)))
    assert response.status_code == 200 and response.content == b"received"
    record = StripeEvent.objects.get(event_id=evt["id"])
    assert record.status == StripeEvent.REFUND_DUE and record.applied_at is None
    assert not fake_stripe.calls, "no call that Stripe would refuse without a key"
    admin = make_user(roles.ADMINS)
    client.force_login(admin)
    waiting = client.get("/dashboard/stripe-events/")
    assert [e.event_id for e in waiting.context["events"]] == [evt["id"]]
    assert "refund it in Stripe" in waiting.content.decode()


def test_a_payment_after_its_order_was_cancelled_without_stripe_keys_is_noted_on_the_order(
        pending, client, fake_stripe, settings):
    order, intent, _ = pending
    Order.objects.filter(pk=order.pk).update(status="Cancelled")
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    calls = len(fake_stripe.calls)
    assert apply(client, "payment_intent.succeeded", succeeded(intent)) == StripeEvent.REFUND_DUE
    assert len(fake_stripe.calls) == calls
    assert order.notes.filter(message__contains=f"{intent['id']} cannot be taken by this order (Cancelled)").exists()


def test_an_expired_order_is_cancelled_and_its_stock_released(pending, client, fake_stripe, settings):
    from storefront.shop.tasks import expire_unpaid_orders

    order, intent, _ = pending
    Order.objects.filter(pk=order.pk).update(date_placed=order.date_placed - __import__("datetime").timedelta(hours=2))
    assert expire_unpaid_orders() == 1
    order.refresh_from_db()
    assert order.status == "Cancelled" and fake_stripe.intents[intent["id"]]["status"] == "canceled"
    assert all(line.stockrecord.num_allocated == 0 for line in order.lines.all())
    # The payment page now says so, and a payment that somehow still succeeds is refunded.
    page = client.get(f"/shop/checkout/pay/{order.number}/", follow=True)
    assert "cancelled because it was not paid in time" in page.content.decode()
    apply(client, "payment_intent.succeeded", succeeded(intent))
    assert fake_stripe.created("/v1/refunds")


def test_staff_refund_of_chosen_lines_goes_through_stripe_and_settles_by_webhook(
        pending, client, admin_user, fake_stripe, django_capture_on_commit_callbacks):
    order, intent, _ = pending
    paid = succeeded(intent)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "payment_intent.succeeded", paid)
    line = order.lines.order_by("pk").first()
    client.force_login(admin_user)
    response = client.post(f"/dashboard/orders/{order.number}/refund/", {f"quantity_{line.pk}": "1"})
    assert response.status_code == 302
    refund = BuyerRefund.objects.get()
    assert refund.amount == 6000 and refund.settled_at is None and refund.reference.startswith("re_test_")
    call = fake_stripe.calls[-1]
    assert call[1] == "/v1/refunds" and call[2]["amount"] == "6000"
    assert call[3]["Idempotency-Key"] == f"ttg-refund-{refund.pk}"
    assert not LedgerRefund.objects.exists(), "the ledger moves when Stripe confirms"
    entry = AuditEntry.objects.get(action="order.refund_requested")
    assert (entry.actor, entry.after["amount_pence"], entry.target_id) == (admin_user, 6000, str(order.pk))
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, "charge.refunded", charge_for(paid, amount_refunded=6000))
    refund.refresh_from_db()
    assert refund.settled_at and LedgerRefund.objects.get().amount == 6000
    line.refresh_from_db()
    assert line.status == "Refunded"
    assert any(m.subject.startswith("Refund for your") for m in mail.outbox)


def test_refund_cannot_exceed_what_was_paid(pending, client, admin_user):
    order, intent, _ = pending
    from storefront.shop.refunds import RefundNotPossible

    with pytest.raises(RefundNotPossible):
        request_refund(order, {}, False, admin_user)  # still pending: nothing to refund


def test_a_payment_page_from_an_expired_or_other_session_shows_nothing(pending):
    order, intent, _ = pending
    response = Client().get(f"/shop/checkout/pay/{order.number}/", follow=True)
    assert "That payment page has expired" in response.content.decode()
    assert intent["client_secret"] not in response.content.decode()


# Issue 4 asks 200 events/s of one worker process. The webhook's request records the event and queues it: one insert
# (a replay: the refused insert and a look at the record). A Celery worker applies it; for payment_intent.succeeded,
# the busiest event: the record (locked), the order (locked as it is found), its payment source and transaction,
# Oscar's payment event and its line quantities, the status change, the order's and lines' status, any event waiting
# for this payment, the record's outcome: 14. (16 when the shop takes its first payment and Oscar creates its "Paid"
# event type, as here.)
APPLY_PAYMENT_BUDGET = 16


def statements(captured):
    return [q["sql"] for q in captured.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]


@pytest.fixture
def queued(monkeypatch):
    """Event ids the webhook queued, kept here instead of applied at once (tests otherwise run Celery eagerly)."""
    from storefront.shop import tasks

    ids = []
    monkeypatch.setattr(tasks.apply_stripe_event, "delay", ids.append)
    return ids


def test_the_webhook_answers_after_one_insert_and_a_worker_applies_the_event_within_a_budget(pending, queued):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from storefront.shop.tasks import apply_stripe_event

    order, intent, _ = pending
    evt = event("payment_intent.succeeded", succeeded(intent))
    client = Client()  # Stripe's requests carry no cookie of the buyer's
    with CaptureQueriesContext(connection) as received:
        assert post_event(client, evt).content == b"received"
    assert queued == [evt["id"]]
    sql = statements(received)
    assert len(sql) == 1 and sql[0].startswith('INSERT INTO "shop_stripeevent"'), sql
    order.refresh_from_db()
    assert order.status == "Pending payment", "nothing is applied in the request"
    with CaptureQueriesContext(connection) as applied:
        assert apply_stripe_event.apply(args=(evt["id"],)).get() == "applied"
    assert len(statements(applied)) <= APPLY_PAYMENT_BUDGET, "\n".join(statements(applied))
    # Stripe redelivers events: a replay of an applied one is the refused insert and a look at its record; not queued.
    with CaptureQueriesContext(connection) as replay:
        assert post_event(client, evt).content == b"duplicate"
    sql = statements(replay)
    assert len(sql) == 2 and sql[0].startswith('INSERT INTO "shop_stripeevent"'), sql
    assert queued == [evt["id"]]
    order.refresh_from_db()
    assert order.status == "Paid" and order.payment_events.count() == 1


def test_an_event_delivered_again_before_it_was_applied_is_queued_again_and_applied_once(pending, queued):
    from storefront.shop.tasks import apply_stripe_event

    order, intent, _ = pending
    evt = event("payment_intent.succeeded", succeeded(intent))
    assert post_event(Client(), evt).content == b"received"
    assert post_event(Client(), evt).content == b"received"  # its first task may have been lost: queued again
    assert queued == [evt["id"], evt["id"]]
    assert [apply_stripe_event.apply(args=(event_id,)).get() for event_id in queued] == ["applied", None]
    order.refresh_from_db()
    assert order.status == "Paid" and order.payment_events.count() == 1
    assert StripeEvent.objects.get(event_id=evt["id"]).applied_at is not None


def test_an_event_that_cannot_be_queued_is_answered_503_and_kept_for_the_redelivery(pending, monkeypatch, caplog):
    from kombu.exceptions import OperationalError

    from storefront.shop import tasks

    order, intent, _ = pending
    evt = event("payment_intent.succeeded", succeeded(intent))

    def broker_down(event_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.apply_stripe_event, "delay", broker_down)
        response = post_event(Client(), evt)
    assert response.status_code == 503 and b"deliver it again" in response.content
    assert StripeEvent.objects.get(event_id=evt["id"]).status == StripeEvent.RECEIVED
    assert f"Stripe event {evt['id']} recorded but not queued" in caplog.text
    assert deliver(Client(), evt) == "applied"  # Stripe's retry: queued, and (eagerly here) applied
    order.refresh_from_db()
    assert order.status == "Paid"


def test_the_sweep_queues_events_left_received_and_not_recent_ones(pending, queued):
    import datetime

    from django.utils import timezone

    from storefront.shop.tasks import apply_waiting_stripe_events

    order, intent, _ = pending
    old, recent = event("payment_intent.succeeded", succeeded(intent)), event("payment_intent.payment_failed", intent)
    for evt in (old, recent):
        assert post_event(Client(), evt).content == b"received"
    StripeEvent.objects.filter(event_id=old["id"]).update(received_at=timezone.now() - datetime.timedelta(minutes=6))
    queued.clear()
    assert apply_waiting_stripe_events() == 1 and queued == [old["id"]]  # the recent one may still be on its way


@pytest.mark.parametrize("body", ['{"id": "evt_1", "type": "charge.refunded"}', '[1, 2]',
                                  '{"id": "evt_1", "type": "charge.refunded", "data": {"object": []}}'])
def test_a_signed_body_that_is_not_an_event_is_refused(fake_stripe, client, body):
    response = client.post("/webhooks/stripe/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(body))
    assert response.status_code == 400 and b"Not a Stripe event" in response.content
    assert not StripeEvent.objects.exists()


def test_an_event_found_by_its_payment_records_the_order_number(pending, client):
    """A charge without our metadata is matched through its PaymentIntent; its record names the order, which is
    how an early refund finds its way back once the payment is confirmed."""
    order, intent, _ = pending
    paid = succeeded(intent)
    assert apply(client, "charge.refunded", charge_for(paid, amount_refunded=1000)) == StripeEvent.DEFERRED
    assert StripeEvent.objects.get(type="charge.refunded").order_number == order.number
    unknown = charge_for(paid | {"id": "pi_nobody_knows"}, amount_refunded=1000) | {"payment_intent": "pi_nobody"}
    apply(client, "charge.refunded", unknown | {"id": "ch_nobody"})
    assert StripeEvent.objects.get(type="charge.refunded", payload__data__object__id="ch_nobody").order_number == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_applies_the_events_the_webhook_queued_on_redis(pending):
    """The webhook's answer and the event's effects in different processes, as in production: the view records and
    queues on Redis, a `celery worker` applies; a redelivery while the event waits is applied once."""
    import redis

    from storefront.celery import app
    from tests.celery_worker import queue_name, real_worker, wait_for, worker_broker

    broker, queue = worker_broker(), queue_name("stripe")
    order, intent, _ = pending
    paid = event("payment_intent.succeeded", succeeded(intent))
    failed = event("payment_intent.payment_failed", intent | {"last_payment_error": {"message": "Card declined."}})
    changed = {"task_always_eager": False, "broker_url": broker, "task_default_queue": queue}
    saved = {name: app.conf[name] for name in changed}
    app.conf.update(changed)
    app._after_fork()  # the tests' app has run eagerly: no connection to reuse
    try:
        for evt in (failed, paid, paid):  # the payment delivered again before it was applied: queued again
            assert post_event(Client(), evt).content == b"received"
        assert set(StripeEvent.objects.values_list("status", flat=True)) == {StripeEvent.RECEIVED}  # on Redis
        with real_worker(broker, queue) as worker:
            assert wait_for(worker, lambda: not StripeEvent.objects.filter(status=StripeEvent.RECEIVED).exists())
    finally:
        app.conf.update(saved)
        app._after_fork()
        redis.Redis.from_url(broker).delete("celery")  # the paid order's pipeline, queued by the worker, not run here
    assert set(StripeEvent.objects.values_list("status", flat=True)) == {StripeEvent.APPLIED}
    order.refresh_from_db()
    assert order.status == "Paid" and order.payment_events.count() == 1
    assert order.notes.filter(message__contains="Card declined").exists()  # applied first, while it was pending


def test_the_confirmation_page_asks_how_its_payment_stands_and_only_for_this_browsers_order(pending, client):
    order, intent, _ = pending
    url = "/shop/checkout/payment-status/"
    page = client.get("/shop/checkout/thank-you/")
    assert 'id="payment-waiting"' in page.content.decode() and f'data-status-url="{url}"' in page.content.decode()
    answer = client.get(url)
    assert answer.json() == {"status": "Pending payment", "waiting": True}
    assert answer["Cache-Control"] == "no-store"
    deliver(client, event("payment_intent.succeeded", succeeded(intent)))
    assert client.get(url).json() == {"status": "Paid", "waiting": False}
    assert 'id="payment-waiting"' not in client.get("/shop/checkout/thank-you/").content.decode()
    stranger = Client().get(url)  # another browser knows nothing of this order
    assert stranger.status_code == 404 and "error" in stranger.json() and order.number not in stranger.content.decode()
    assert client.post(url).status_code == 405


def test_co_op_admins_see_the_events_still_waiting_and_not_what_stripe_sent_about_the_buyer(pending, queued):
    from storefront.roles import ADMINS
    from storefront.shop.tasks import apply_stripe_event
    from tests.factories import make_user

    order, intent, _ = pending
    paid = succeeded(intent)
    refund, payment = event("charge.refunded", charge_for(paid, amount_refunded=1000)), event(
        "payment_intent.succeeded", paid)
    for evt in (refund, payment):
        post_event(Client(), evt)
    apply_stripe_event.apply(args=(refund["id"],))  # it waits for its payment, which is still only received
    admin = Client()
    admin.force_login(make_user(ADMINS))
    assert 'href="/dashboard/stripe-events/"' in admin.get("/dashboard/").content.decode()  # in the Co-op menu
    page = admin.get("/dashboard/stripe-events/").content.decode()
    assert refund["id"] in page and payment["id"] in page
    assert "Waiting for its order" in page and "Received, to be applied" in page
    assert f'href="/dashboard/orders/{order.number}/"' in page
    assert paid["latest_charge"] not in page and order.email not in page, "the event's own contents stay out"
    apply_stripe_event.apply(args=(payment["id"],))  # the payment, and with it the refund that waited
    assert "No events are waiting" in admin.get("/dashboard/stripe-events/").content.decode()
    applied = admin.get("/dashboard/stripe-events/", {"status": "applied"}).content.decode()
    assert refund["id"] in applied and payment["id"] in applied
    assert "No events are waiting" in admin.get("/dashboard/stripe-events/", {"status": "nonsense"}).content.decode()
