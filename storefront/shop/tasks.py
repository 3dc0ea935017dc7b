"""Celery tasks of the order pipeline: queued on commit, acknowledged late, and safe to run twice.

Each email is recorded in the same transaction that decides to send it (an Oscar CommunicationEvent for the buyer, a
FulfilmentNotice per workshop); a retry finds the record and sends nothing again.
"""

import datetime
import logging
import smtplib

import stripe
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from oscar.core.loading import get_model

from storefront.shop.gateways import FeeNotSettled, gateway_for

Order = get_model("order", "Order")
CommunicationEvent = get_model("order", "CommunicationEvent")
CommunicationEventType = get_model("communication", "CommunicationEventType")

RETRY = {"acks_late": True, "autoretry_for": (smtplib.SMTPException, OSError, OperationalError),
         "retry_backoff": True, "max_retries": 8}
ORDER_CONFIRMED = "ORDER_CONFIRMED"
logger = logging.getLogger(__name__)


def _send(subject_template, body_template, context, to):
    subject = " ".join(render_to_string(subject_template, context).split())
    EmailMessage(subject, render_to_string(body_template, context), settings.DEFAULT_FROM_EMAIL, to).send()


def _context(order, **extra):
    from storefront.shop.shipping.methods import ID_CHECK_NOTE

    age_checked = hasattr(order, "age_check")
    return {"order": order, "id_check_note": ID_CHECK_NOTE if age_checked else "", **extra}


@shared_task(**RETRY)
def order_paid(order_id):
    """Everything a paid order sets off, queued once by ``pipeline.on_payment_confirmed``: the payout allocation (the
    engine's public function), the buyer's confirmation, each workshop's notice and, for a real gateway, the task
    that posts its fee. Every part is idempotent, so a retry after a failed email repeats nothing that was done; a
    line whose makers are not known is held by the allocation for a co-op admin, and a batch the ledger refuses is
    logged and left to the payout sweeper; the emails still go.

    The fee task is queued from here rather than by the webhook: one enqueue in the webhook's request instead of two.
    It is queued last, so a fee Stripe has not settled (retried with backoff) never holds up the buyer's email.
    """
    from payouts.allocation import AllocationError, allocate_order

    order = Order.objects.get(pk=order_id)
    try:
        allocate_order(order)
    except AllocationError as problem:
        logger.error("Order %s paid but not allocated yet (the sweeper retries): %s", order_id, problem)
    send_order_confirmation(order_id)
    notify_workshops(order_id)
    source = order.sources.select_related("source_type").first()
    if source and not gateway_for(source.source_type.code).is_demo:
        record_payment_fee.delay(order_id)


@shared_task(acks_late=True, autoretry_for=(stripe.StripeError, FeeNotSettled, OperationalError), retry_backoff=True,
             max_retries=8)
def record_payment_fee(order_id):
    """Post the gateway's fee for a paid order, queued by ``order_paid``.

    The fee is asked of the gateway here, in a worker, so the webhook stays fast. A Stripe error, or a charge whose
    balance transaction is not there yet, is retried with backoff; the ledger posts a fee once per the gateway's
    reference, so a replay posts nothing. A fee in another currency than the order's is logged and left out: the
    ledger holds one currency. Returns the posted ledger transaction's id, or None.
    """
    from storefront.shop.pipeline import post_fee

    order = Order.objects.get(pk=order_id)
    source = order.sources.select_related("source_type").get()
    fee = gateway_for(source.source_type.code).payment_fee(source.reference)
    if fee is None:
        return None
    posted = post_fee(order, fee)
    return posted.pk if posted else None


@shared_task(acks_late=True, autoretry_for=(stripe.StripeError, OperationalError), retry_backoff=True, max_retries=8)
def apply_stripe_event(event_id):
    """Apply a Stripe event the webhook recorded (``webhooks.apply_event``: once, however often it is queued).

    A Stripe error (refunding a payment no order can take) or a database hiccup rolls the event back to "received"
    and is retried with backoff; anything else is logged by Celery and left "received" for the sweep below.
    """
    from storefront.shop.webhooks import apply_event

    return apply_event(event_id)


@shared_task(acks_late=True)
def sweep_payment_fees(settle_hours=1, days=7):
    """Queue the fee task again for orders paid through a real gateway over `settle_hours` ago, within the last
    `days`, whose fee is not in the ledger (run by beat): its enqueue was lost with the broker, or Stripe had not
    settled the charge before every retry ran out. Posting is once per balance transaction, so a fee posted meanwhile
    is not posted twice. Returns how many orders were queued.

    Not re-asked: an order whose dispute fee is posted (rare within a week of the sale), and, after `days`, one
    whose fee Stripe reported as 0p (no record is kept of a zero fee).
    """
    from payouts.models import Transaction as LedgerTransaction
    from storefront.shop.gateways import DemoGateway
    from storefront.shop.pipeline import CANCELLED, PENDING

    now = timezone.now()
    orders = list(Order.objects.filter(date_placed__range=(now - datetime.timedelta(days=days),
                                                           now - datetime.timedelta(hours=settle_hours)))
                  .exclude(status__in=(PENDING, CANCELLED)).exclude(sources__source_type__code=DemoGateway.code)
                  .filter(sources__isnull=False)
                  .exclude(pk__in=LedgerTransaction.objects.filter(kind=LedgerTransaction.FEE, order_id__isnull=False)
                           .values("order_id"))  # (NOT IN over a NULL would exclude every order)
                  .values_list("pk", flat=True).distinct())
    return _queue_again(record_payment_fee, orders, "the payment fee of paid order(s) without one")


@shared_task(acks_late=True)
def apply_waiting_stripe_events(older_than_minutes=5):
    """Queue again the Stripe events still "received" after a few minutes (run by beat): their enqueue was lost with
    the broker, or every retry failed. Applying is idempotent, so one queued twice costs a lookup. Returns how many."""
    from storefront.shop.models import StripeEvent

    before = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    waiting = list(StripeEvent.objects.filter(status=StripeEvent.RECEIVED, received_at__lt=before)
                   .order_by("received_at").values_list("event_id", flat=True)[:1000])
    return _queue_again(apply_stripe_event, waiting, f"Stripe event(s) not applied within {older_than_minutes} minutes")


def _queue_again(task, ids, what):
    """A sweep's last step: queue `task` once per id, say so in the log (a lost message is worth knowing about),
    and return how many."""
    for pk in ids:
        task.delay(pk)
    if ids:
        logger.warning("Queued %d again: %s", len(ids), what)
    return len(ids)


@shared_task(**RETRY)
def send_order_confirmation(order_id):
    """Email the buyer that the order is paid, once."""
    event_type, _ = CommunicationEventType.objects.get_or_create(
        code=ORDER_CONFIRMED,
        defaults={"name": "Order confirmed (paid)", "category": CommunicationEventType.ORDER_RELATED})
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if CommunicationEvent.objects.filter(order=order, event_type=event_type).exists() or not order.email:
            return False
        _send("oscar/checkout/emails/order_confirmed_subject.txt", "oscar/checkout/emails/order_confirmed_body.txt",
              _context(order, lines=list(order.lines.all())), [order.email])
        CommunicationEvent.objects.create(order=order, event_type=event_type)
    return True


@shared_task(**RETRY)
def notify_workshops(order_id):
    """Tell each workshop about its own lines of a paid order (never another workshop's), once per workshop."""
    from storefront.shop.models import FulfilmentNotice
    from storefront.shop.pipeline import PAID, SENT_TO_WORKSHOP

    order = Order.objects.get(pk=order_id)
    sent = 0
    for partner_id in sorted(set(order.lines.exclude(partner=None).values_list("partner_id", flat=True))):
        try:
            with transaction.atomic():
                FulfilmentNotice.objects.create(order=order, partner_id=partner_id)
                lines = list(order.lines.filter(partner_id=partner_id))
                partner = lines[0].partner
                workshop = getattr(partner, "workshop", None)
                to = sorted({u.email for u in (workshop.instructors.all() if workshop else partner.users.all())
                             if u.email}) or [settings.DEFAULT_FROM_EMAIL]
                _send("oscar/checkout/emails/workshop_notice_subject.txt",
                      "oscar/checkout/emails/workshop_notice_body.txt",
                      _context(order, lines=lines, workshop=workshop or partner), to)
                order.lines.filter(partner_id=partner_id, status=PAID).update(status=SENT_TO_WORKSHOP)
                sent += 1
        except IntegrityError:
            continue  # this workshop was told already
    return sent


@shared_task(**RETRY)
def send_refund_email(refund_id):
    from storefront.shop.models import BuyerRefund

    refund = BuyerRefund.objects.select_related("order").get(pk=refund_id)
    if refund.order.email:
        _send("oscar/checkout/emails/refund_subject.txt", "oscar/checkout/emails/refund_body.txt",
              _context(refund.order, refund=refund, amount=refund.amount / 100), [refund.order.email])


@shared_task(acks_late=True)
def expire_unpaid_orders():
    """Cancel orders left unpaid for SHOP_PAYMENT_MINUTES and give their stock back (run every few minutes)."""
    from storefront.shop.pipeline import expire_unpaid

    return expire_unpaid(timezone.now() - datetime.timedelta(minutes=settings.SHOP_PAYMENT_MINUTES), gateway_for)


@shared_task(acks_late=True)
def send_stock_alerts():
    """Email buyers waiting for a product that is back in stock (Oscar's alerts, run by beat: OSCAR_EAGER_ALERTS is
    off so that a checkout never checks alerts for every stock record it changes)."""
    from oscar.core.loading import get_class

    get_class("customer.alerts.utils", "AlertsDispatcher")().send_alerts()
