"""Money going back to buyers: refunds asked for by staff, refunds and disputes reported by the gateway.

Staff ask (``request_refund``); the gateway confirms (Stripe's ``charge.refunded``, or the demo gateway at once), and
only then ``apply_refunded_total`` settles it: the payout ledger is reversed line by line and the buyer is emailed.
Stripe reports the charge's cumulative refunded amount, so a replayed or late event moves nothing twice.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from payouts.core.split import largest_remainder
from payouts.models import Dispute as LedgerDispute
from payouts.refunds import record_dispute, record_refund, record_shipping_refund, resolve_dispute
from storefront import audit
from storefront.shop import tasks
from storefront.shop.gateways import gateway_for, pence
from storefront.shop.models import BuyerRefund
from storefront.shop.pipeline import DISPUTED, PAID, PART_REFUNDED, REFUNDED, note, payment_event, set_status

Order = get_model("order", "Order")
SHIPPING = "shipping"


class RefundNotPossible(ValueError):
    """A refund staff asked for that the order cannot take (nothing left to refund, or not paid)."""


def refundable(order):
    """Pence still refundable per line id and for shipping, counting refunds asked for but not yet settled."""
    left = {str(line.pk): pence(line.line_price_incl_tax) for line in order.lines.all()}
    left[SHIPPING] = pence(order.shipping_incl_tax)
    for refund in order.buyer_refunds.all():
        for key, amount in refund.lines.items():
            left[key] -= amount
    return left


def request_refund(order, quantities, shipping, user):
    """Refund chosen quantities of lines (``{line_id: quantity}``) and optionally the shipping, through the gateway
    the order was paid with. Returns the BuyerRefund; the ledger is reversed when the gateway confirms it."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in (PAID, PART_REFUNDED, DISPUTED):
            raise RefundNotPossible(f"Order {order.number} is {order.status.lower()}: there is nothing to refund.")
        left = refundable(order)
        parts = {}
        for line in order.lines.filter(pk__in=[int(pk) for pk in quantities]):
            quantity = min(int(quantities[str(line.pk)] if str(line.pk) in quantities else quantities[line.pk]),
                           line.quantity)
            if quantity <= 0:
                continue
            full = pence(line.line_price_incl_tax)
            amount = left[str(line.pk)] if quantity == line.quantity else min(full * quantity // line.quantity,
                                                                               left[str(line.pk)])
            if amount > 0:
                parts[str(line.pk)] = amount
        if shipping and left[SHIPPING] > 0:
            parts[SHIPPING] = left[SHIPPING]
        if not parts:
            raise RefundNotPossible("Choose at least one line or the shipping that still has money to refund.")
        refund = BuyerRefund.objects.create(order=order, amount=sum(parts.values()), lines=parts, requested_by=user)
        source = order.sources.select_related("source_type").get()
        gateway = gateway_for(source.source_type.code)
        refund.reference = gateway.refund(order, source.reference, refund.amount, f"ttg-refund-{refund.pk}",
                                          {"buyer_refund": str(refund.pk)})
        refund.save(update_fields=["reference"])
        note(order, f"Refund of £{refund.amount / 100:.2f} asked for by {user} ({refund.reference}).")
        audit.record(user, "order.refund_requested", order, {"status": order.status},
                     {"amount_pence": refund.amount, "parts_pence": parts, "reference": refund.reference})
        if gateway.is_demo:
            # The demo gateway refunds at once; its confirmation takes the same path as Stripe's charge.refunded.
            already = sum(r.amount for r in order.buyer_refunds.exclude(pk=refund.pk).exclude(settled_at=None))
            apply_refunded_total(order, already + refund.amount, refund.reference)
    return refund


def apply_refunded_total(order, refunded, charge_reference):
    """The gateway says `refunded` pence of the order's payment have gone back in all: settle what that covers.

    Refunds asked for from the dashboard are settled oldest first; money refunded elsewhere (Stripe's own dashboard)
    is spread over what is left of the lines and shipping. Returns the refunds settled now.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        settled = order.buyer_refunds.exclude(settled_at=None)
        new = refunded - sum(r.amount for r in settled)
        done = []
        for refund in order.buyer_refunds.filter(settled_at=None):
            if refund.amount <= new:
                new -= refund.amount
                done.append(refund)
        if new > 0:
            left = refundable(order)
            done.append(BuyerRefund.objects.create(
                order=order, amount=new, lines=spread(new, left), reference=f"{charge_reference}:{refunded}"))
        for refund in done:
            _settle(order, refund)
        source = order.sources.get()
        total_refunded = sum(r.amount for r in order.buyer_refunds.exclude(settled_at=None))
        source.amount_refunded = total_refunded / 100
        source.save(update_fields=["amount_refunded"])
        if order.status != DISPUTED:
            set_status(order, REFUNDED if total_refunded >= pence(order.total_incl_tax) else
                       PART_REFUNDED if total_refunded else PAID)
    return done


def _settle(order, refund):
    lines = {str(line.pk): line for line in order.lines.all()}
    for key, amount in refund.lines.items():
        if key != SHIPPING and amount > 0:
            record_refund(lines[key], amount, f"{refund.reference}:{key}")
    if refund.lines.get(SHIPPING, 0) > 0:
        record_shipping_refund(order, refund.lines[SHIPPING], f"{refund.reference}:{SHIPPING}")
    refunded_lines = [lines[key] for key in refund.lines if key != SHIPPING]
    payment_event(order, "Refunded", refund.amount, refund.reference, lines=refunded_lines)
    for line in refunded_lines:
        line.status = REFUNDED if refundable(order)[str(line.pk)] <= 0 else PART_REFUNDED
        line.save(update_fields=["status"])
    refund.settled_at = timezone.now()
    refund.save(update_fields=["settled_at"])
    transaction.on_commit(lambda: tasks.send_refund_email.delay(refund.pk), robust=True)


def spread(amount, left):
    """Split `amount` pence over what is left per key, in proportion (largest remainder, keys in a fixed order)."""
    keys = sorted((k for k, v in left.items() if v > 0), key=lambda k: (k == SHIPPING, int(k) if k != SHIPPING else 0))
    if amount > sum(left[k] for k in keys):
        raise RefundNotPossible(f"{amount}p is more than is left to refund on this order")
    parts = largest_remainder(amount, [left[k] for k in keys])
    return {k: p for k, p in zip(keys, parts) if p}


def apply_dispute(order, reference, amount, status):
    """A chargeback on the order's payment: reverse the disputed money over the lines; a won dispute reinstates it.

    Safe to call for every dispute event in any order: opening is recorded once, and closing opens it first if the
    "created" event has not been seen yet.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        lines = {str(line.pk): line for line in order.lines.all()}
        recorded = LedgerDispute.objects.filter(Q(reference__startswith=f"{reference}:"), line__order=order)
        if not recorded.exists():
            left = {k: pence(line.line_price_incl_tax) for k, line in lines.items()}
            for key, part in spread(min(amount, sum(left.values())), left).items():
                record_dispute(lines[key], part, f"{reference}:{key}")
            note(order, f"Dispute {reference} opened for £{amount / 100:.2f}.")
            set_status(order, DISPUTED)
        if status in ("won", "lost"):
            for dispute in recorded.filter(state=LedgerDispute.OPEN):
                resolve_dispute(dispute.reference, won=status == "won")
            note(order, f"Dispute {reference} {status}.")
            total_refunded = sum(r.amount for r in order.buyer_refunds.exclude(settled_at=None))
            set_status(order, DISPUTED if status == "lost" else REFUNDED
                       if total_refunded >= pence(order.total_incl_tax) else
                       PART_REFUNDED if total_refunded else PAID)
