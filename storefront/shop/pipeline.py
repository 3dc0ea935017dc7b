"""The order pipeline: what happens to an order from "Pending payment" to paid, refunded or cancelled.

One service function per business action, each atomic and locking the order it changes; side effects (emails,
workshop notices, the payout allocation) are queued on commit; the emails robustly, so a failing email never hides a
recorded payment from the buyer. ``on_payment_confirmed`` is the one place where the
payout engine is told that an order was paid, whichever gateway took the money.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from payouts.fees import record_fee_returned, record_payment_fee
from storefront.shop import tasks
from storefront.shop.gateways import pence

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEventType = get_model("order", "PaymentEventType")
StockRecord = get_model("partner", "StockRecord")
Transaction = get_model("payment", "Transaction")

logger = logging.getLogger(__name__)

# Order and line statuses (settings.OSCAR_ORDER_STATUS_PIPELINE lists the same names).
PENDING, PAID, CANCELLED = "Pending payment", "Paid", "Cancelled"
PART_REFUNDED, REFUNDED, DISPUTED = "Partly refunded", "Refunded", "Disputed"
SENT_TO_WORKSHOP = "Sent to workshop"
CONFIRMED, ALREADY_PAID, NOT_PAYABLE = "confirmed", "already paid", "not payable"


class SoldOut(UnableToPlaceOrder):
    """Someone else bought the last one first: the buyer is told, and nothing is charged."""


def hold_stock(basket):
    """Lock the basket's stock records and check there is enough; call inside the transaction placing the order.

    Two buyers of the last one-off piece queue up on the row lock: the first holds it, the second is told it has
    sold out before any payment starts.
    """
    wanted = {}
    for line in basket.all_lines():
        if line.stockrecord_id:
            wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + line.quantity
    # Only the stock rows are locked (not the products joined for their titles), in one order, so buyers never deadlock.
    records = (StockRecord.objects.select_for_update(of=("self",)).filter(pk__in=wanted).select_related("product")
               .order_by("pk"))
    for record in records:
        if record.num_in_stock is None:
            continue
        free = record.num_in_stock - (record.num_allocated or 0)
        if wanted[record.pk] > free:
            title = record.product.get_title()
            if free <= 0:
                raise SoldOut(f"Sorry, “{title}” has just sold out, so we have not taken any payment. "
                              "It has been taken out of your order; please check your basket.")
            raise SoldOut(f"Sorry, only {free} of “{title}” left. Please change the quantity in your basket.")


def on_payment_confirmed(order, reference, amount, charge_reference="", locked=False):
    """The gateway has the buyer's money for an order: mark it paid and start the pipeline.

    Returns CONFIRMED, ALREADY_PAID (a duplicate report: nothing changes) or NOT_PAYABLE (the order was cancelled or
    the amount is not the order's total: the caller must refund the money). ``locked``: the caller read ``order``
    with FOR UPDATE in its open transaction (the webhook does), so it is not read again.
    """
    # No savepoint: nothing here is caught and retried, so inside a caller's transaction (the webhook's) it joins it.
    with transaction.atomic(savepoint=False):
        if not locked:
            order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != PENDING:
            return NOT_PAYABLE if order.status == CANCELLED else ALREADY_PAID
        if amount != pence(order.total_incl_tax):
            note(order, f"Payment {reference} of {amount}p does not match the order total; it will be refunded.")
            return NOT_PAYABLE
        source = order.sources.get()
        source.reference = reference
        source.debit(Decimal(amount) / 100, reference=charge_reference or reference, status="succeeded")
        payment_event(order, "Paid", amount, reference)
        set_status(order, PAID)
        order.lines.update(status=PAID)
        # One task for the payout allocation, the buyer's email, the workshops' notices and (which it queues) the
        # processor's fee: one enqueue on commit; robust, so a failed enqueue never hides a recorded payment (the
        # payout sweeper allocates what is left).
        transaction.on_commit(lambda: tasks.order_paid.delay(order.pk), robust=True)
    return CONFIRMED


def post_fee(order, fee):
    """Post a gateway's fee for an order to the ledger (a negative fee: one it gave back), once per its reference.

    A fee in another currency than the order's is logged and left out: the ledger holds one currency. Returns the
    posted ledger transaction, or None.
    """
    if fee.currency.lower() != order.currency.lower():
        logger.error("Order %s: fee %s is in %s, not the order's %s; not posted", order.number, fee.reference,
                     fee.currency, order.currency)
        return None
    if fee.pence < 0:
        return record_fee_returned(order, -fee.pence, fee.reference, at=fee.at)
    return record_payment_fee(order, fee.pence, fee.reference, at=fee.at)


def on_payment_failed(order, reference, message):
    """A payment attempt failed: the order stays pending (the buyer may try again) until it expires."""
    with transaction.atomic(savepoint=False):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == PENDING:
            note(order, f"Payment attempt {reference} failed: {message or 'no reason given'}.")


def cancel_unpaid(order, reason):
    """Cancel an order that was never paid and give its held stock back. Returns False if it was paid meanwhile."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != PENDING:
            return order.status == CANCELLED
        for line in order.lines.select_related("stockrecord"):
            if line.stockrecord:
                line.stockrecord.cancel_allocation(line.quantity)
        set_status(order, CANCELLED)
        order.lines.update(status=CANCELLED)
        note(order, reason)
    return True


def set_status(order, status):
    """Change an order's status with Oscar's status history; money events decide, so the pipeline isn't consulted."""
    if order.status == status:
        return
    order.status_changes.create(old_status=order.status, new_status=status)
    order.status = status
    order.save(update_fields=["status"])


def note(order, message):
    OrderNote.objects.create(order=order, note_type=OrderNote.SYSTEM, message=message)


def payment_event(order, name, amount, reference, lines=None):
    """Oscar's payment event for `lines` (default: every line of the order, read as ids and quantities only)."""
    event_type, _ = PaymentEventType.objects.get_or_create(name=name)
    event = order.payment_events.create(event_type=event_type, amount=Decimal(amount) / 100, reference=reference)
    quantities = ([(line.pk, line.quantity) for line in lines] if lines is not None
                  else order.lines.values_list("pk", "quantity"))
    event.line_quantities.model.objects.bulk_create([
        event.line_quantities.model(event=event, line_id=line_id, quantity=quantity)
        for line_id, quantity in quantities])
    return event


def expire_unpaid(before, gateway_for):
    """Cancel orders left unpaid since before `before`, cancelling their payment at the gateway first."""
    expired = 0
    for order in Order.objects.filter(status=PENDING, date_placed__lt=before).prefetch_related("sources__source_type"):
        source = order.sources.first()
        if source and source.reference and not gateway_for(source.source_type.code).cancel(source.reference):
            continue  # it can no longer be cancelled: it was paid, and its webhook will confirm it
        expired += cancel_unpaid(order, f"Not paid within the time allowed; cancelled at {timezone.now():%H:%M}.")
    return expired
