"""Splitting an amount of pence into parts that always add up to the whole."""

from collections.abc import Sequence

from payouts.core.units import require_int


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` pence in proportion to `weights` by the largest-remainder method.

    Each part starts at the floor of its exact share; the pennies left over are handed out one
    at a time to the parts with the largest remainders. Tie-break: of equal remainders, the
    weight earlier in the list gets the penny first, so callers decide priority by ordering.
    A zero weight has no remainder, so it never receives a penny, and every part is within 1p
    of its exact share. A negative total is split as its absolute value and negated, so the
    reversal of a split mirrors it exactly.
    """
    require_int(total, "The amount to split")
    weights = [require_int(weight, "A weight") for weight in weights]
    if not weights:
        raise ValueError("Cannot split an amount with no weights to split it by")
    for position, weight in enumerate(weights, start=1):
        if weight < 0:
            raise ValueError(f"Weights must not be negative, weight {position} is {weight}")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise ValueError(f"Cannot split {total}p when every weight is 0")
        return [0] * len(weights)
    return apportion(total, weights, weight_sum)


def apportion(total: int, weights: Sequence[int], weight_sum: int) -> list[int]:
    """The largest-remainder arithmetic of `largest_remainder`, for weights already checked.

    Callers are the checked paths only: `largest_remainder` itself, and a SplitPolicy whose guard rails have
    been checked (so its weights are whole, not negative and sum to 100%); allocation makes millions of these
    splits, and checking the same four weights on each one was a third of its cost.
    """
    magnitude = -total if total < 0 else total
    parts, remainders = [], []
    for weight in weights:
        floor, remainder = divmod(magnitude * weight, weight_sum)
        parts.append(floor)
        remainders.append(remainder)
    leftover = magnitude - sum(parts)
    if leftover:
        # sorted() is stable, so equal remainders keep list order: earlier weights first.
        for i in sorted(range(len(parts)), key=remainders.__getitem__, reverse=True)[:leftover]:
            parts[i] += 1
    return [-part for part in parts] if total < 0 else parts
