"""The statutory weekly levy on ROTL makers' earnings (Prisoners' Earnings Act 1996, Prison Rules r.31A).

Up to 40% of the part of a week's net earnings above £20 goes to victim support. The week is
the Europe/London week, Monday 00:00 to Sunday 23:59:59 local time, whatever the clocks do.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from payouts.core.units import WHOLE_BP, is_whole, percent, require_int

LONDON = ZoneInfo("Europe/London")

MAX_LEVY_RATE_BP = 4000
"""The most the Act allows ("not exceeding 40%"); also the demo policies' rate."""

LEVY_THRESHOLD_PENCE = 2000
"""Earnings of a week up to £20 are never levied."""


def levy_setting_errors(rate_bp: object, threshold: object) -> list[str]:
    """Say what is wrong with a levy rate and threshold, in words a co-op admin can act on."""
    errors = []
    if not is_whole(rate_bp):
        errors.append(f"The weekly levy rate must be a whole number of basis points (1% = 100), got {rate_bp!r}")
    elif not 0 <= rate_bp <= MAX_LEVY_RATE_BP:
        errors.append(
            f"The weekly levy rate is {percent(rate_bp)}, it must be between 0% and "
            f"{MAX_LEVY_RATE_BP // 100}%, the most the law allows"
        )
    if not is_whole(threshold) or threshold < 0:
        errors.append(f"The weekly levy threshold must be a whole number of pence, 0 or more, got {threshold!r}")
    return errors


def london_week_start(moment: datetime) -> date:
    """The Monday of the Europe/London week that contains `moment`.

    A naive datetime is refused: guessing its zone would move earnings near midnight into the
    wrong week.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone, so its London week is unknown")
    day = moment.astimezone(LONDON).date()
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekLevy:
    """One London week of a maker's earnings and the levy due on them."""

    week_start: date
    earnings: int
    levy: int


def weekly_levy(
    earnings: Iterable[tuple[datetime, int]],
    rate_bp: int = MAX_LEVY_RATE_BP,
    threshold: int = LEVY_THRESHOLD_PENCE,
) -> list[WeekLevy]:
    """Add up earnings by London week, then levy the part of each week above the threshold.

    Earnings may include negative entries (reversals), which lower the week's net earnings.
    The levy is rounded down to the penny, as the Act says "not exceeding".
    """
    errors = levy_setting_errors(rate_bp, threshold)
    if errors:
        raise ValueError("; ".join(errors))
    weeks: dict[date, int] = defaultdict(int)
    for moment, pence in earnings:
        weeks[london_week_start(moment)] += require_int(pence, "Earnings")
    return [
        WeekLevy(week, total, (total - threshold) * rate_bp // WHOLE_BP if total > threshold else 0)
        for week, total in sorted(weeks.items())
    ]
