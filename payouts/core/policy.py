"""Split policies: for each maker status, how a maker's part of a sale divides into buckets."""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import MappingProxyType

from payouts.core.levy import LEVY_THRESHOLD_PENCE, MAX_LEVY_RATE_BP, levy_setting_errors
from payouts.core.split import apportion
from payouts.core.units import WHOLE_BP, is_whole, percent, require_int

BUCKETS = ("wages", "reparation", "room_board", "surplus")
"""The buckets in their fixed order, which is also the tie-break order of a split."""

STATUSES = ("serving_inside", "rotl", "released", "community")

DEDUCTIONS_MAX_PERCENT = 80
"""Reparation plus room and board may take at most this share of the maker's part."""

WAGES_MIN_PERCENT = 60
"""At least this share of the maker's part always stays with the maker as wages."""

_LABELS = ("Wages", "Reparation", "Room and board", "Surplus")


class PolicyError(ValueError):
    """A split policy that breaks the guard rails; `errors` lists every broken rule."""

    def __init__(self, errors: list[str]):
        self.errors = tuple(errors)
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class SplitPolicy:
    """Basis points per bucket for one maker status, plus the weekly levy settings (used for rotl).

    The maker's part is wages + reparation + room and board: what the maker would get before
    deductions. Surplus is the co-op's and sits outside it.
    """

    status: str
    wages_bp: int
    reparation_bp: int
    room_board_bp: int
    surplus_bp: int
    levy_rate_bp: int = MAX_LEVY_RATE_BP
    levy_threshold_pence: int = LEVY_THRESHOLD_PENCE

    @property
    def bucket_bp(self) -> tuple[int, int, int, int]:
        """Basis points in BUCKETS order."""
        return (self.wages_bp, self.reparation_bp, self.room_board_bp, self.surplus_bp)

    def validate(self) -> list[str]:
        """Every guard rail this policy breaks, in words a co-op admin can act on; empty if none."""
        return list(dict.fromkeys(message for _, message in self.field_errors()))

    def field_errors(self) -> list[tuple[str | None, str]]:
        """Each broken guard rail with the field it is about (``wages_bp``...), or None when it is about the whole
        policy (the sum), so a form can show every message beside the figure to change."""
        errors = []
        if self.status not in STATUSES:
            errors.append(("status", f"Unknown maker status {self.status!r}, it must be one of {', '.join(STATUSES)}"))
        bucket_errors = []
        for bucket, label, bp in zip(BUCKETS, _LABELS, self.bucket_bp):
            if not is_whole(bp):
                bucket_errors.append((f"{bucket}_bp", f"{label} must be a whole number of basis points (1% = 100), "
                                                      f"got {bp!r}"))
            elif not 0 <= bp <= WHOLE_BP:
                bucket_errors.append((f"{bucket}_bp", f"{label} is {percent(bp)}, it must be between 0% and 100%"))
        errors.extend(bucket_errors or self._share_errors())
        for message in levy_setting_errors(self.levy_rate_bp, self.levy_threshold_pence):
            field = "levy_threshold_pence" if message.startswith("The weekly levy threshold") else "levy_rate_bp"
            errors.append((field, message))
        return errors

    def _share_errors(self) -> list[tuple[str | None, str]]:
        """The rules on how the buckets relate, once each bucket is a valid number."""
        errors = []
        total = sum(self.bucket_bp)
        if total != WHOLE_BP:
            errors.append((None, f"Percentages add up to {percent(total)}, they must add up to exactly 100%"))
        deductions = self.reparation_bp + self.room_board_bp
        maker_part = self.wages_bp + deductions
        # Shares shown are rounded away from the limit, so a figure that breaks a rule never reads as allowed.
        if deductions * 100 > maker_part * DEDUCTIONS_MAX_PERCENT:
            message = (
                f"Reparation plus room and board take {percent(-(-deductions * WHOLE_BP // maker_part))} of the "
                f"maker's part (wages + reparation + room and board), they may take at most "
                f"{DEDUCTIONS_MAX_PERCENT}%"
            )
            errors += [("reparation_bp", message), ("room_board_bp", message)]
        if self.wages_bp * 100 < maker_part * WAGES_MIN_PERCENT:
            errors.append((
                "wages_bp",
                f"Wages keep only {percent(self.wages_bp * WHOLE_BP // maker_part)} of the maker's part "
                f"(wages + reparation + room and board), at least {WAGES_MIN_PERCENT}% must stay with the maker",
            ))
        return errors

    @cached_property
    def _errors(self) -> tuple[str, ...]:
        """A frozen policy's guard rails are checked once, not on each of the many splits it makes.

        Equal policies share the answer (bulk allocation builds one policy object per maker and batch).
        """
        try:
            return _guard_rail_errors(self)
        except TypeError:  # a field that cannot be hashed (nonsense such as a list): check it on its own
            return tuple(self.validate())

    def check(self) -> None:
        """Raise PolicyError listing every broken guard rail."""
        if self._errors:
            raise PolicyError(list(self._errors))

    def split(self, amount: int) -> dict[str, int]:
        """Pence per bucket; a policy that breaks the guard rails never splits money."""
        self.check()
        # Checked guard rails mean whole, non-negative basis points summing to 100%: no need to check them again.
        return dict(zip(BUCKETS, apportion(require_int(amount, "The amount to split"), self.bucket_bp, WHOLE_BP)))


@lru_cache(maxsize=1024)
def _guard_rail_errors(policy: SplitPolicy) -> tuple[str, ...]:
    return tuple(policy.validate())


DEFAULT_POLICIES = MappingProxyType(
    {
        "serving_inside": SplitPolicy("serving_inside", 5000, 2000, 1000, 2000),
        # rotl's reparation is the weekly statutory levy on wages, applied separately (see levy.py).
        "rotl": SplitPolicy("rotl", 7500, 0, 0, 2500),
        "released": SplitPolicy("released", 7000, 500, 0, 2500),
        "community": SplitPolicy("community", 7500, 0, 0, 2500),
    }
)
"""The demo's starting policies (DOMAIN.md); an admin can change every figure."""
