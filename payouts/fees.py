"""Payment processor fees: the co-op's own cost of taking a buyer's money, posted as their own transactions.

DOMAIN.md ("Money"): the fee is never taken out of a line's net revenue or a maker's share; it is a separate cost of
the co-op. The gateway reports it (Stripe: the charge's balance transaction, read by the shop's fee task; a
dispute's balance transactions, in its webhook events), and the shop posts it with ``record_payment_fee``, or with
``record_fee_returned`` when the processor gives a fee back.
"""

from django.db.models import Sum
from django.utils import timezone

from payouts.ledger import Leg, Posting, post
from payouts.models import Account, Entry, Transaction


class FeeError(ValueError):
    """A fee that cannot be posted: not whole pence, of the wrong sign, or a reference already recorded with a
    different amount."""


def fee_key(reference):
    return f"fee:{reference}"


def record_payment_fee(order, pence, reference, at=None):
    """Post the processor's fee of `pence` for an order's payment, known to the processor as `reference`.

    Dr payment fees (the co-op's cost) / Cr cash clearing. Cash clearing is the account the engine uses for the money
    held at the gateway: a sale debits it with what the buyer paid, a refund credits it with what went back and a paid
    payout run credits it with what left for the makers. The processor keeps its fee out of the same money before
    paying the rest out, so the fee comes out of cash clearing too; the buckets (wages, reparation, room and board,
    surplus) are not touched, because a fee never reduces what was allocated to a maker.

    Exactly once per reference (the idempotency key ``fee:<reference>``, e.g. Stripe's balance transaction id): the
    same reference and amount again posts nothing and returns None; the same reference with a different amount is
    refused (FeeError), since a posted transaction is never edited. A fee of 0p posts nothing (returns None) and so
    leaves no record: a later non-zero report for that reference is posted. A negative fee is refused. Returns the
    posted Transaction otherwise.
    """
    _whole_pence(pence)
    if pence < 0:
        raise FeeError(f"A payment fee cannot be negative, got {pence}p (reference {reference})")
    return _post_fee(order, pence, reference, at)


def record_fee_returned(order, pence, reference, at=None):
    """Post `pence` of a fee the processor gave back, under its reference for the return.

    Stripe keeps a fee when a buyer disputes a payment and may return it with the money when the co-op wins: the
    reinstating balance transaction then has a negative fee. The mirror of ``record_payment_fee``: Dr cash clearing /
    Cr payment fees, exactly once per reference, the same reference with another amount refused. `pence` is the
    amount returned, positive.
    """
    _whole_pence(pence)
    if pence <= 0:
        raise FeeError(f"A returned fee is a positive amount, got {pence}p (reference {reference})")
    return _post_fee(order, -pence, reference, at)


def _whole_pence(pence):
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise FeeError(f"A payment fee is whole pence, got {pence!r}")


def _post_fee(order, pence, reference, at):
    """Post a fee (positive) or a returned fee (negative) once per reference; see ``record_payment_fee``."""
    key = fee_key(reference)
    recorded = fee_recorded(key)
    if recorded is not None:
        if recorded != pence:
            raise FeeError(f"Payment fee {reference} was already recorded as {recorded}p, not {pence}p")
        return None
    if pence == 0:
        return None
    posting = Posting(Transaction.FEE, key, at or timezone.now(),
                      [Leg(Account.FEES, -pence), Leg(Account.CASH, pence)], {"order_id": order.pk})
    posted = post(posting)
    if posted is None:  # someone posted the same reference meanwhile: the same check as above
        return _post_fee(order, pence, reference, at)
    return posted


def fee_recorded(key):
    """The fee in pence already posted under `key` (its debit to the fees account; negative for a fee returned), or
    None if there is none."""
    if not Transaction.objects.filter(idempotency_key=key).exists():
        return None
    debited = Entry.objects.filter(transaction__idempotency_key=key, account__key=Account.FEES).aggregate(
        total=Sum("amount"))["total"] or 0
    return -debited


def fees_total():
    """What the co-op has paid in processor fees, in pence (the debit balance of the fees account)."""
    return -(Entry.objects.filter(account__key=Account.FEES).aggregate(total=Sum("amount"))["total"] or 0)
