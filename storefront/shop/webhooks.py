"""``/webhooks/stripe/``: Stripe's events, verified, applied at most once, in the order they make sense.

The raw body is verified with stripe-python's ``WebhookSignature.verify_header`` (what ``Webhook.construct_event``
does before building objects); anything unsigned, forged or stale is answered 400 and changes nothing. The event's
row (unique event id) is written in the same transaction as its effects, so a replay is acknowledged without effect
and a failure rolls both back for Stripe to retry. A refund or dispute that arrives
before its payment is kept as deferred and applied right after the payment is confirmed.
"""

import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from payouts.fees import FeeError
from storefront.shop import pipeline, refunds
from storefront.shop.gateways import dispute_fees, stripe_client
from storefront.shop.models import StripeEvent

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentTransaction = get_model("payment", "Transaction")
logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
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
    return HttpResponse(process_event(event))


class Duplicate(Exception):
    """The event id is recorded already: the event was applied before (or is waiting for its order)."""


def process_event(event):
    """Apply a verified event once, in one transaction with the record of its id; returns what became of it.

    The record is written before anything else, so a duplicate stops there and is rolled back at once; a handler's
    outcome other than "applied" (an event waiting for its order) is written back to the record, and so is the
    order's number when the order was found by its payment's reference rather than by our metadata. An event of a type
    the shop does not handle is acknowledged without touching the database: it has no effect to apply once.
    """
    handler = HANDLERS.get(event.get("type"))
    if handler is None:
        return StripeEvent.IGNORED
    obj = event["data"]["object"]
    try:
        with transaction.atomic():
            try:
                # The record first, under the order number our own payments carry: a replay stops at this insert.
                record = StripeEvent.objects.create(
                    event_id=event["id"], type=event["type"], payload=event, status=StripeEvent.APPLIED,
                    order_number=metadata_number(obj)[:128], applied_at=timezone.now())
            except IntegrityError as clash:
                raise Duplicate from clash  # leaves the transaction, which rolls back
            order = order_for(obj)
            outcome = handler(obj, order)
            changed = {}
            if record.order_number != (order.number if order else ""):
                changed["order_number"] = order.number if order else ""  # found by its payment, or not found
            if outcome != record.status:
                changed.update(status=outcome, applied_at=None)
            if changed:
                StripeEvent.objects.filter(pk=record.pk).update(**changed)
            return outcome
    except Duplicate:
        return "duplicate"


def _apply(record, handler):
    """Apply an event that was waiting for its order."""
    order = order_for(record.payload["data"]["object"])
    record.order_number = order.number if order else record.order_number
    record.status = handler(record.payload["data"]["object"], order)
    record.applied_at = timezone.now() if record.status == StripeEvent.APPLIED else None
    record.save(update_fields=["order_number", "status", "applied_at"])


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
        stripe_client().v1.refunds.create(
            params={"payment_intent": intent["id"], "metadata": {"reason": "order not payable"}},
            options={"idempotency_key": f"ttg-unpayable-{intent['id']}"})
        logger.warning("Refunded PaymentIntent %s: no payable order", intent["id"])
        return StripeEvent.APPLIED
    for waiting in StripeEvent.objects.select_for_update().filter(
            order_number=order.number, status=StripeEvent.DEFERRED).order_by("pk"):
        _apply(waiting, HANDLERS[waiting.type])
    return StripeEvent.APPLIED


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
