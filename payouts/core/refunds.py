"""Reversing the allocation of refunded money, one refund at a time.

A refund reverses split(refunded so far, this one included) - split(refunded before it), not a
fresh split of the refund itself. The reversals of any sequence of refunds then add up to the
split of their total, so refunding a whole line brings every bucket of every maker back to
exactly zero. Because largest-remainder rounding moves with the total, a single reversal may
now and then carry +1p in one bucket balanced by an extra -1p in another; the totals stay exact.
"""

from collections.abc import Iterable, Sequence

from payouts.core.allocation import LineSplit, MakerPart, split_line_multi
from payouts.core.policy import SplitPolicy
from payouts.core.units import require_int

Makers = SplitPolicy | Sequence[tuple[SplitPolicy, int]]
"""One policy for a line made by one maker, or (policy, weight) per co-maker."""


def reversal_for_refund(amount: int, makers: Makers, refunded_before: int, refund: int) -> LineSplit:
    """The negative pence per maker and bucket that reverse `refund` of a line of `amount`."""
    require_int(amount, "The line amount")
    require_int(refunded_before, "The amount refunded before")
    require_int(refund, "A refund")
    if amount < 0:
        raise ValueError(f"The line amount must not be negative, got {amount}p")
    if refund <= 0:
        raise ValueError(f"A refund must be more than 0p, got {refund}p")
    if refunded_before < 0:
        raise ValueError(f"The amount refunded before must not be negative, got {refunded_before}p")
    if refunded_before + refund > amount:
        raise ValueError(
            f"Refunds would add up to {refunded_before + refund}p, more than the line's {amount}p"
            f" ({refunded_before}p refunded before, {refund}p now)"
        )
    makers = [(makers, 1)] if isinstance(makers, SplitPolicy) else makers
    before = split_line_multi(refunded_before, makers)
    after = split_line_multi(refunded_before + refund, makers)
    return LineSplit(
        -refund,
        tuple(
            MakerPart(
                done.policy,
                done.weight,
                done.amount - now.amount,
                {bucket: done.buckets[bucket] - pence for bucket, pence in now.buckets.items()},
            )
            for done, now in zip(before.makers, after.makers)
        ),
    )


def reversals_for_refunds(amount: int, makers: Makers, refunds: Iterable[int]) -> list[LineSplit]:
    """The reversal of each refund in turn, as the line receives them."""
    reversals = []
    refunded = 0
    for refund in refunds:
        reversals.append(reversal_for_refund(amount, makers, refunded, refund))
        refunded += refund
    return reversals
