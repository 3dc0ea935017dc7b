"""Allocating one order line: its net revenue, and how that divides among co-makers and buckets."""

from collections.abc import Sequence
from dataclasses import dataclass

from payouts.core.policy import BUCKETS, SplitPolicy
from payouts.core.split import largest_remainder
from payouts.core.units import WHOLE_BP, is_whole, require_int


def net_revenue(paid_incl_vat: int, vat_rate_bp: int, vat_registered: bool, discount: int) -> tuple[int, int]:
    """(net, vat) of a line, so that net + vat + discount == paid_incl_vat.

    `paid_incl_vat` is the line's price including VAT before its discount share; `discount` is
    that share, VAT included. The buyer paid `paid_incl_vat - discount`, and the VAT contained
    in that is `charged * rate / (1 + rate)`, rounded half-up to the penny (HMRC accepts
    rounding to the nearest penny on each line). Without VAT registration, vat is 0.
    """
    require_int(paid_incl_vat, "The line price")
    require_int(vat_rate_bp, "The VAT rate")
    require_int(discount, "The discount")
    if paid_incl_vat < 0:
        raise ValueError(f"The line price must not be negative, got {paid_incl_vat}p")
    if not 0 <= discount <= paid_incl_vat:
        raise ValueError(f"The discount must be between 0p and the line price {paid_incl_vat}p, got {discount}p")
    if vat_rate_bp < 0:
        raise ValueError(f"The VAT rate must not be negative, got {vat_rate_bp} basis points")
    charged = paid_incl_vat - discount
    vat = 0
    if vat_registered:
        divisor = WHOLE_BP + vat_rate_bp
        vat = (2 * charged * vat_rate_bp + divisor) // (2 * divisor)
    return charged - vat, vat


@dataclass(frozen=True)
class MakerPart:
    """One co-maker's part of a line, divided by that maker's own policy."""

    policy: SplitPolicy
    weight: int
    amount: int
    buckets: dict[str, int]


@dataclass(frozen=True)
class LineSplit:
    """A line's amount divided among its makers and, for each maker, among the buckets.

    A reversal is a LineSplit too, with negative pence.
    """

    amount: int
    makers: tuple[MakerPart, ...]

    @property
    def buckets(self) -> dict[str, int]:
        """Pence per bucket over all makers."""
        return {bucket: sum(maker.buckets[bucket] for maker in self.makers) for bucket in BUCKETS}

    @property
    def maker_wages(self) -> list[int]:
        """Each co-maker's wage pence, in the order the makers were given."""
        return [maker.buckets["wages"] for maker in self.makers]


def split_line_multi(amount: int, makers: Sequence[tuple[SplitPolicy, int]]) -> LineSplit:
    """Divide a line among co-makers by weight, then each maker's part by that maker's policy.

    Splitting by maker first lets co-makers of different statuses each follow their own policy,
    and gives every maker a part their statement can explain on its own. Each maker's part is
    within 1p of their weighted share and each bucket of it within 1p of its exact share; ties
    go to the maker listed first, then to the bucket first in BUCKETS.
    """
    makers = list(makers)
    if not makers:
        raise ValueError("A line needs at least one maker")
    if len(makers) == 1 and is_whole(makers[0][1]) and makers[0][1] > 0:
        parts = [require_int(amount, "The amount to split")]  # one maker takes the whole line
    else:
        parts = largest_remainder(amount, [weight for _, weight in makers])
    return LineSplit(
        amount,
        tuple(MakerPart(policy, weight, part, policy.split(part)) for (policy, weight), part in zip(makers, parts)),
    )


def split_line(amount: int, policy: SplitPolicy, shares: Sequence[int] = (1,)) -> LineSplit:
    """A line made by makers who all follow one policy, with their share weights."""
    return split_line_multi(amount, [(policy, share) for share in shares])
