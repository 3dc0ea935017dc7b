"""``/webhooks/stripe/``: Stripe's events, verified, recorded, then applied at most once, in the order they make sense.

The raw body is verified with stripe-python's ``WebhookSignature.verify_header`` (what ``Webhook.construct_event``
does before building objects); anything unsigned, forged or stale is answered 400 and changes nothing.

A verified event is recorded (unique event id) and queued, and the answer goes back at once: Stripe asks endpoints to
acknowledge quickly and work asynchronously, and a burst of events (a sale, a batch of refunds) then costs the web
worker one insert each while a Celery worker applies them. Applying an event turns its record from "received" into
its outcome in the same transaction as its effects, with the record locked, so a replayed delivery, a task run twice
or a failure (rolled back, retried) never applies an event twice. A refund or dispute that arrives before its payment
is kept as deferred and applied right after the payment is confirmed. An event whose queueing fails is answered 503,
so Stripe delivers it again and the redelivery queues it; ``tasks.apply_waiting_stripe_events`` catches the rest.
"""

import json
import logging
from contextlib import nullcontext

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError as QueueUnavailable
from oscar.core.loading import get_model

from payouts.fees import FeeError
from storefront.shop import pipeline, refunds, tasks
from storefront.shop.gateways import dispute_fees, gateway, stripe_client
from storefront.shop.models import StripeEvent

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentTransaction = get_model("payment", "Transaction")
logger = logging.getLogger(__name__)
DUPLICATE = "duplicate"


@csrf_exempt
@require_POST
@transaction.non_atomic_requests  # the record is committed before its task is queued
def stripe_webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return HttpResponseBadRequest("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is not set).")
    try:
        payload = request.body.decode("utf-8")
        # stripe-python's own check of the signature and its age; the body is then parsed once, as plain JSON
        # (Webhook.construct_event would also build a tree of StripeObjects that nothing here reads).
        stripe.WebhookSignature.verify_header(payload, request.headers.get("Stripe-Signature", ""), secret,
                                              stripe.Webhook.DEFAULT_TOLERANCE)
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Invalid payload or signature.")
    if not is_event(event):
        return HttpResponseBadRequest("Not a Stripe event: it needs an id, a type and data.object.")
    outcome = receive(event)
    if outcome is None:
        return HttpResponse("Recorded but not queued; please deliver it again.", status=503)
    return HttpResponse(outcome)


def is_event(event):
    """The shape every Stripe event has, checked once so nothing later fails on a signed but malformed body."""
    return (isinstance(event, dict) and isinstance(event.get("id"), str) and isinstance(event.get("type"), str)
            and isinstance(event.get("data"), dict) and isinstance(event["data"].get("object"), dict))


def receive(event):
    """Record a verified event and queue it to be applied; returns "received", "duplicate", "ignored", or None when
    it could not be queued (the record stays "received": a redelivery or the sweep queues it again).

    An event of a type the shop does not handle is acknowledged without touching the database: it has nothing to
    apply. The record carries the order number our own payments put in their metadata (the deferred events of an
    order are found by it).
    """
    if event["type"] not in HANDLERS:
        return StripeEvent.IGNORED
    record = StripeEvent(event_id=event["id"], type=event["type"], payload=event, status=StripeEvent.RECEIVED,
                         order_number=metadata_number(event["data"]["object"])[:128])
    try:
        # In the view's autocommit mode the insert is its own transaction, one round trip; inside a caller's
        # transaction (an eager task's caller, a test) a savepoint keeps a refused insert from spoiling it.
        with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
            record.save(force_insert=True)
    except IntegrityError:
        status = StripeEvent.objects.filter(event_id=event["id"]).values_list("status", flat=True).first()
        if status != StripeEvent.RECEIVED:
            return DUPLICATE  # applied already, or waiting for its order
        # Delivered again before it was applied: queue it again (the first enqueue may have been lost).
    try:
        tasks.apply_stripe_event.delay(event["id"])
    except QueueUnavailable:
        logger.exception("Stripe event %s recorded but not queued", event["id"])
        return None
    return StripeEvent.RECEIVED


def apply_event(event_id):
    """Apply a received event once (the ``apply_stripe_event`` task); returns its outcome, or None if it was applied
    before or was never received.

    The record is locked and its status changed in the same transaction as the event's effects: a second run waits
    for the first, then finds nothing to do; a failure rolls both back and leaves the event "received".
    """
    with transaction.atomic():
        try:
            record = StripeEvent.objects.select_for_update().get(event_id=event_id, status=StripeEvent.RECEIVED)
        except StripeEvent.DoesNotExist:
            return None
        _apply(record)
    return record.status


def _apply(record):
    """Apply a received or deferred event to its order (locked as it is found) and write back what became of it.

    The order number is written too: an event matched through its payment's reference rather than our metadata
    names its order from then on, which is how an early refund finds its way back once the payment is confirmed.
    """
    obj = record.payload["data"]["object"]
    order = order_for(obj)
    handler = HANDLERS.get(record.type)
    record.status = handler(obj, order) if handler else StripeEvent.IGNORED
    record.order_number = order.number if order else record.order_number
    record.applied_at = timezone.now() if record.status == StripeEvent.APPLIED else None
    record.save(update_fields=["status", "order_number", "applied_at"])


def metadata_number(obj):
    """The order number our PaymentIntents carry in their metadata (their charges copy it), or ""."""
    return str((obj.get("metadata") or {}).get("order_number") or "")


def order_for(obj):
    """The order a PaymentIntent, charge or dispute belongs to: by our metadata, else by the payment's reference.

    The order comes locked (FOR UPDATE, in the caller's transaction): every handler changes it, and the payment
    handler, the busiest, need not read it again to lock it.
    """
    number = metadata_number(obj)
    if number:
        try:
            return Order.objects.select_for_update().get(number=number)  # unique; .first() would sort as well
        except Order.DoesNotExist:
            return None
    intent = obj["id"] if obj.get("object") == "payment_intent" else obj.get("payment_intent")
    if intent:
        source = (Source.objects.filter(reference=intent).select_related("order")
                  .select_for_update(of=("order",)).first())
        if source:
            return source.order
    charge = obj["id"] if obj.get("object") == "charge" else obj.get("charge")
    if charge:
        txn = (PaymentTransaction.objects.filter(reference=charge).select_related("source__order")
               .select_for_update(of=("source__order",)).first())
        if txn:
            return txn.source.order
    return None


def payment_succeeded(intent, order):
    amount = intent.get("amount_received") or intent["amount"]
    outcome = pipeline.on_payment_confirmed(order, intent["id"], amount, intent.get("latest_charge") or "",
                                            locked=True) if order else pipeline.NOT_PAYABLE
    if outcome == pipeline.NOT_PAYABLE:
        # No order can take this money (gone, cancelled, or a different amount): give it back, once.
        if gateway().is_demo:
            return refund_due(intent, order)
        stripe_client().v1.refunds.create(
            params={"payment_intent": intent["id"], "metadata": {"reason": "order not payable"}},
            options={"idempotency_key": f"ttg-unpayable-{intent['id']}"})
        logger.warning("Refunded PaymentIntent %s: no payable order", intent["id"])
        return StripeEvent.APPLIED
    for waiting in StripeEvent.objects.select_for_update().filter(
            order_number=order.number, status=StripeEvent.DEFERRED).order_by("pk"):
        _apply(waiting)
    return StripeEvent.APPLIED


def refund_due(intent, order):
    """Money for no payable order, while the shop has no Stripe API key to give it back (the demo gateway takes its
    payments, yet a webhook secret is set): keep the event as a refund due, on the Stripe events screen, and say so on
    the order if there is one, for a person to refund it in Stripe's dashboard."""
    logger.error("PaymentIntent %s paid no payable order and STRIPE_SECRET_KEY is not set: refund it in Stripe",
                 intent["id"])
    if order is not None:
        pipeline.note(order, f"Payment {intent['id']} cannot be taken by this order ({order.status}) and was not "
                             "refunded automatically (no Stripe API key): refund it in Stripe's dashboard.")
    return StripeEvent.REFUND_DUE


def payment_failed(intent, order):
    if order:
        error = intent.get("last_payment_error") or {}
        pipeline.on_payment_failed(order, intent["id"], error.get("message") or error.get("code") or "")
    return StripeEvent.APPLIED


def _paid(order):
    return order is not None and order.status not in (pipeline.PENDING, pipeline.CANCELLED)


def charge_refunded(charge, order):
    if not _paid(order):
        return StripeEvent.DEFERRED
    refunds.apply_refunded_total(order, charge["amount_refunded"], charge["id"])
    return StripeEvent.APPLIED


def dispute_changed(dispute, order):
    if not _paid(order):
        return StripeEvent.DEFERRED
    refunds.apply_dispute(order, dispute["id"], dispute["amount"], dispute["status"])
    for fee in dispute_fees(dispute):  # Stripe's dispute fee, and any it gives back: once per balance transaction
        try:
            pipeline.post_fee(order, fee)
        except FeeError as clash:  # Stripe contradicting what is posted needs a person; the dispute still applies
            logger.error("Order %s, dispute %s: fee not posted: %s", order.number, dispute["id"], clash)
    return StripeEvent.APPLIED


HANDLERS = {
    "payment_intent.succeeded": payment_succeeded,
    "payment_intent.payment_failed": payment_failed,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_changed,
    "charge.dispute.closed": dispute_changed,
}
