"""Refunds and chargebacks: reversing what was allocated for the money that went back to the buyer.

A line's "reversed total" is what was refunded plus what open or lost disputes took back. Every event moves that
total, and the ledger gets split(before) - split(after) through the money core (payouts.core.refunds), never a
fresh split of the event's own amount; so once the whole line is reversed, every bucket of it is exactly zero.
A won dispute moves the total back down, which reinstates the allocation.

Shipping refunds (``record_shipping_refund``) reverse shipping revenue and its VAT the same way, per order. Disputes
are spread over the lines only (storefront.shop.refunds.apply_dispute), so shipping has no dispute counterpart.

Money already paid out simply leaves the payable negative: the next payout run carries it forward (a payout is
never negative) and reports it as a receivable meanwhile.
"""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from payouts.allocation import (CASH_KEY, HELD_KEY, SHIPPING_KEY, SURPLUS_KEY, VAT_KEY, allocate_line,
                                allocate_order, hold_key, net_part, recorded_terms, sale_key, shipping_key, split_legs)
from payouts.core.refunds import reversal_for_refund
from payouts.ledger import Leg, Posting, post
from payouts.models import Dispute, Entry, Refund, Transaction


class RefundError(ValueError):
    """A refund or dispute that does not fit the line (too much, unknown, or a reused reference)."""


def reversed_total(line_id):
    refunded = Refund.objects.filter(line_id=line_id).aggregate(total=Sum("amount"))["total"] or 0
    disputed = Dispute.objects.filter(line_id=line_id, state__in=(Dispute.OPEN, Dispute.LOST)).aggregate(
        total=Sum("amount"))["total"] or 0
    return refunded + disputed


def record_refund(line, amount, reference, at=None):
    """Reverse `amount` pence (VAT included) of a line refunded under the processor's `reference`.

    Idempotent per reference: recording the same refund again posts nothing and returns None.
    """
    with transaction.atomic():
        sale = _locked_sale(line)
        refund, created = Refund.objects.get_or_create(reference=reference, defaults={"line": line, "amount": amount})
        if not created:
            if (refund.line_id, refund.amount) != (line.pk, amount):
                raise RefundError(f"Refund {reference} was already recorded for a different line or amount")
            return None
        after = reversed_total(line.pk)
        return _move(sale, after - amount, after, Transaction.REFUND, f"refund:{reference}", at, refund_id=refund.pk)


def record_dispute(line, amount, reference, at=None):
    """A chargeback opened on a line: the disputed money is reversed like a refund until the dispute is won."""
    with transaction.atomic():
        sale = _locked_sale(line)
        dispute, created = Dispute.objects.get_or_create(
            reference=reference, defaults={"line": line, "amount": amount})
        if not created:
            if (dispute.line_id, dispute.amount) != (line.pk, amount):
                raise RefundError(f"Dispute {reference} was already recorded for a different line or amount")
            return None
        after = reversed_total(line.pk)
        return _move(sale, after - amount, after, Transaction.DISPUTE, f"dispute:{reference}", at, dispute_id=dispute.pk)


def resolve_dispute(reference, won, at=None):
    """Close a dispute: won reinstates its allocation; lost keeps the reversal. Returns the posting, if any."""
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(reference=reference)
        if dispute.state != Dispute.OPEN:
            return None
        sale = _locked_sale(dispute.line)
        dispute.state = Dispute.WON if won else Dispute.LOST
        dispute.save(update_fields=["state"])
        if not won:
            return None
        after = reversed_total(dispute.line_id)
        return _move(sale, after + dispute.amount, after, Transaction.REINSTATE, f"dispute:{reference}:won", at,
                     dispute_id=dispute.pk)


def _locked_sale(line):
    """The line's sale transaction, allocated first if need be, locked so events on one line queue up; for a line
    whose sale is held (payouts.allocation), its hold, whose net the reversal takes from the held-sales account."""
    allocate_line(line)
    found = {txn.kind: txn for txn in Transaction.objects.select_for_update().filter(
        idempotency_key__in=(sale_key(line.pk), hold_key(line.pk)))}
    sale = found.get(Transaction.SALE) or found.get(Transaction.HOLD)
    if sale is None:
        raise RefundError(f"Line {line.pk} has nothing allocated to reverse")
    return sale


def _cash_and_vat(net, vat, before, after):
    """Cash and VAT legs for a reversed total moving from `before` to `after`, and the net before and after.

    The reversed total divides between net and VAT as the sale did (largest remainder of the cumulative total), so
    once everything is reversed, VAT and net are exactly what the sale posted.
    """
    net_before, net_after = (net_part(total, net, vat) for total in (before, after))
    vat_before, vat_after = before - net_before, after - net_after
    return [Leg(CASH_KEY, after - before), Leg(VAT_KEY, vat_before - vat_after)], net_before, net_after


def _move(sale, before, after, kind, key, at, **cause):
    """Post the change of a line's reversed total from `before` to `after` pence."""
    charged, net, vat = sale.terms["charged"], sale.terms["net"], sale.terms["vat"]
    if not 0 <= after <= charged:
        raise RefundError(f"Refunds and disputes would reverse {after}p of a line that took {charged}p")
    legs, net_before, net_after = _cash_and_vat(net, vat, before, after)
    terms = recorded_terms(sale)
    makers = [(t.policy, weight) for t, weight in terms]
    if sale.kind == Transaction.HOLD:
        legs.append(Leg(HELD_KEY, net_before - net_after))
    elif not terms:
        legs.append(Leg(SURPLUS_KEY, net_before - net_after, bucket="surplus"))
    elif net_after > net_before:
        legs += split_legs(reversal_for_refund(net, makers, net_before, net_after - net_before), [t for t, _ in terms])
    elif net_after < net_before:
        reinstated = reversal_for_refund(net, makers, net_after, net_before - net_after)
        legs += split_legs(reinstated, [t for t, _ in terms], sign=-1)
    posting = Posting(kind, key, at or timezone.now(), legs, {"order_id": sale.order_id, "line_id": sale.line_id, **cause})
    return post(posting)


def shipping_refund_key(reference):
    return f"shipping-refund:{reference}"


def record_shipping_refund(order, amount, reference, at=None):
    """Reverse `amount` pence (VAT included) of an order's shipping, refunded under the processor's `reference`.

    Shipping revenue and its VAT are reversed by cumulative totals, like a line: after any partition of refunds
    adding up to the whole shipping charge, the order's shipping revenue, VAT and cash are exactly zero. The
    shipping refunded so far is read from the ledger itself (the cash legs of earlier shipping refunds), under a
    lock on the order's shipping transaction. Idempotent per reference: returns None when already recorded.
    """
    key = shipping_refund_key(reference)
    with transaction.atomic():
        allocate_order(order)
        shipping = Transaction.objects.select_for_update().filter(idempotency_key=shipping_key(order.pk)).first()
        if shipping is None:
            raise RefundError(f"Order {order.number} has no shipping charge to refund")
        # Shipping refunds are the order's refunds without a line.
        earlier = Entry.objects.filter(transaction__kind=Transaction.REFUND, transaction__order_id=order.pk,
                                       transaction__line=None, account__key=CASH_KEY)
        recorded = earlier.filter(transaction__idempotency_key=key).values_list("amount", flat=True).first()
        if recorded is not None:
            if recorded != amount:
                raise RefundError(f"Shipping refund {reference} was already recorded for a different amount")
            return None
        before = earlier.aggregate(total=Sum("amount"))["total"] or 0
        legs = {leg.account.key: leg.amount for leg in shipping.entries.select_related("account")}
        charged, vat = -legs[CASH_KEY], legs.get(VAT_KEY, 0)
        net = charged - vat
        after = before + amount
        if amount <= 0:
            raise RefundError(f"A shipping refund must be more than 0p, got {amount}p")
        if after > charged:
            raise RefundError(f"Shipping refunds would reverse {after}p of shipping that took {charged}p")
        cash_vat, net_before, net_after = _cash_and_vat(net, vat, before, after)
        legs = cash_vat + [Leg(SHIPPING_KEY, net_before - net_after)]
        return post(Posting(Transaction.REFUND, key, at or timezone.now(), legs, {"order_id": order.pk}))
