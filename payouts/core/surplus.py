"""Sharing out a surplus the members voted on: a plan in pence per destination, and a dividend split among members.

The plan's amounts are the members' decision and must add up exactly to the surplus available, to the penny: the
money core never scales or rounds a plan to make it fit. The dividend is then split among the eligible members by
the largest-remainder method of ``split.py`` (equal weights, or each member's wages in the period), so the shares
always add up to the dividend and a member with no weight never receives a penny.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from payouts.core.split import largest_remainder
from payouts.core.units import pounds_text, require_int


@dataclass(frozen=True)
class Plan:
    """Pence to each destination: what stays in the reserve, the two funds, and the members' dividend."""

    reserve: int
    community_fund: int
    victim_fund: int
    dividend: int

    @property
    def total(self):
        return self.reserve + self.community_fund + self.victim_fund + self.dividend

    @property
    def moved(self):
        """What leaves the surplus: everything but the reserve's share, which is where the surplus already is."""
        return self.community_fund + self.victim_fund + self.dividend

    def errors(self, available: int) -> list[str]:
        """Every reason this plan cannot share `available` pence, in words for the person who wrote it."""
        require_int(available, "The surplus available")
        problems = []
        for name, amount in (("reserve", self.reserve), ("community fund", self.community_fund),
                             ("victim support fund", self.victim_fund), ("dividend", self.dividend)):
            require_int(amount, f"The {name}'s amount")
            if amount < 0:
                problems.append(f"The {name}'s amount cannot be negative.")
        if not problems and self.total != available:
            gap = available - self.total
            problems.append(
                f"The amounts add up to {pounds_text(self.total)} but the surplus available is "
                f"{pounds_text(available)}: {pounds_text(abs(gap))} {'left unshared' if gap > 0 else 'too much'}.")
        return problems


def share_dividend(pot: int, weights: Sequence[int]) -> list[int]:
    """Split the dividend `pot` among members in proportion to `weights` (one per member, in the caller's order,
    which breaks ties: earlier members get a leftover penny first)."""
    require_int(pot, "The dividend")
    if pot < 0:
        raise ValueError("The dividend cannot be negative.")
    if pot and not weights:
        raise ValueError("There is no eligible member to share the dividend among.")
    if pot and not any(weights):
        raise ValueError("No eligible member earned wages in the period, so the dividend cannot be shared by wages.")
    return largest_remainder(pot, weights) if weights else []


@dataclass(frozen=True)
class Distribution:
    plan: Plan
    dividends: tuple[int, ...]


def distribute(available: int, plan: Plan, weights: Sequence[int]) -> Distribution:
    """Check the plan against the surplus available and split its dividend; refuses (ValueError) what doesn't add up."""
    problems = plan.errors(available)
    if problems:
        raise ValueError(" ".join(problems))
    return Distribution(plan, tuple(share_dividend(plan.dividend, weights)))
