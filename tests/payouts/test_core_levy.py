"""The ROTL weekly levy: London weeks across the clock changes, the £20 threshold and rounding down."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payouts.core.levy import LONDON, WeekLevy, london_week_start, weekly_levy

BST = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 6, 8, 12, 0, tzinfo=BST)  # a Monday in summer time


@pytest.mark.parametrize(
    ("earnings", "levy"),
    [
        (1999, 0),  # below £20: nothing
        (2000, 0),  # exactly £20: nothing above the threshold
        (2001, 0),  # 1p above: floor(1 * 0.4) = floor(0.4) = 0
        (3000, 400),  # £10 above: 1000 * 0.4 = 400
        (2999, 399),  # 999 above: 999 * 0.4 = 399.6, rounded down to 399
    ],
)
def test_levy_worked_examples(earnings, levy):
    assert weekly_levy([(MONDAY, earnings)]) == [WeekLevy(date(2026, 6, 8), earnings, levy)]


def test_earnings_of_the_same_week_add_up_before_the_threshold():
    # Monday 1500 + Friday 1500 = 3000 in one week -> (3000 - 2000) * 0.4 = 400.
    friday = MONDAY + timedelta(days=4)
    assert weekly_levy([(MONDAY, 1500), (friday, 1500)]) == [WeekLevy(date(2026, 6, 8), 3000, 400)]


def test_earnings_in_different_weeks_are_levied_apart():
    # 1500 in each of two weeks: neither week is above £20, so no levy at all (not 400).
    next_monday = MONDAY + timedelta(days=7)
    assert weekly_levy([(next_monday, 1500), (MONDAY, 1500)]) == [
        WeekLevy(date(2026, 6, 8), 1500, 0),
        WeekLevy(date(2026, 6, 15), 1500, 0),
    ]


def test_sunday_night_and_monday_morning_in_summer_are_different_weeks():
    # 22:30 and 23:30 UTC on Sunday 14 June are 23:30 Sunday and 00:30 Monday 15 June in London (BST).
    assert london_week_start(datetime(2026, 6, 14, 22, 30, tzinfo=UTC)) == date(2026, 6, 8)
    assert london_week_start(datetime(2026, 6, 14, 23, 30, tzinfo=UTC)) == date(2026, 6, 15)
    assert london_week_start(datetime(2026, 6, 14, 23, 30, tzinfo=BST)) == date(2026, 6, 8)
    assert london_week_start(datetime(2026, 6, 15, 0, 30, tzinfo=BST)) == date(2026, 6, 15)


def test_the_week_the_clocks_go_forward():
    # Sunday 29 March 2026: clocks go from 01:00 GMT to 02:00 BST. That week started Monday 23 March.
    # 00:30+01:00 on the 29th is 23:30 UTC on Saturday 28th, 23:30 GMT in London: week of 23 March.
    assert london_week_start(datetime.fromisoformat("2026-03-29T00:30:00+01:00")) == date(2026, 3, 23)
    # 00:30 UTC on the 29th is 00:30 GMT on the Sunday, before the change: still the week of 23 March.
    assert london_week_start(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == date(2026, 3, 23)
    # After the change London is UTC+1: 22:30 UTC is Sunday 23:30 BST, 23:30 UTC is Monday 30 March 00:30 BST.
    sunday_night = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    monday_morning = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    assert london_week_start(sunday_night) == date(2026, 3, 23)
    assert london_week_start(monday_morning) == date(2026, 3, 30)
    # 1500 each side of the boundary: two weeks of 1500, no levy; a UTC-day reading would see 3000 and levy 400.
    assert weekly_levy([(sunday_night, 1500), (monday_morning, 1500)]) == [
        WeekLevy(date(2026, 3, 23), 1500, 0),
        WeekLevy(date(2026, 3, 30), 1500, 0),
    ]


def test_the_week_the_clocks_go_back():
    # Sunday 25 October 2026: clocks go from 02:00 BST back to 01:00 GMT. That week started Monday 19 October.
    # 23:30 UTC on Sunday 18th is 00:30 BST on Monday 19th: the new week, though the UTC date is still Sunday.
    monday_morning = datetime(2026, 10, 18, 23, 30, tzinfo=UTC)
    assert london_week_start(monday_morning) == date(2026, 10, 19)
    # 01:30 happens twice on the 25th (00:30 UTC in BST, 01:30 UTC in GMT): both in the week of 19 October.
    assert london_week_start(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == date(2026, 10, 19)
    assert london_week_start(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == date(2026, 10, 19)
    # After the change London is on UTC: Sunday 23:30 and Monday 26th 00:30 are different weeks.
    assert london_week_start(datetime(2026, 10, 25, 23, 30, tzinfo=UTC)) == date(2026, 10, 19)
    assert london_week_start(datetime(2026, 10, 26, 0, 30, tzinfo=UTC)) == date(2026, 10, 26)
    # 1500 on Monday 00:30 BST and 1500 on Sunday 23:30 GMT: one week of 3000 -> levy 400.
    sunday_night = datetime(2026, 10, 25, 23, 30, tzinfo=UTC)
    assert weekly_levy([(monday_morning, 1500), (sunday_night, 1500)]) == [WeekLevy(date(2026, 10, 19), 3000, 400)]


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="no time zone"):
        london_week_start(datetime(2026, 6, 8, 12, 0))
    with pytest.raises(ValueError, match="no time zone"):
        weekly_levy([(datetime(2026, 6, 8, 12, 0), 3000)])


def test_reversals_lower_a_weeks_earnings_and_no_earnings_mean_no_weeks():
    # 3000 - 1000 = 2000, not above £20.
    assert weekly_levy([(MONDAY, 3000), (MONDAY, -1000)]) == [WeekLevy(date(2026, 6, 8), 2000, 0)]
    assert weekly_levy([]) == []


def test_rate_and_threshold_are_policy_settings():
    # 20% above 0: 1001 * 0.2 = 200.2 -> 200.
    assert weekly_levy([(MONDAY, 1001)], rate_bp=2000, threshold=0) == [WeekLevy(date(2026, 6, 8), 1001, 200)]


@pytest.mark.parametrize(
    ("rate_bp", "threshold", "message"),
    [
        (4500, 2000, "levy rate is 45.00%, it must be between 0% and 40%"),
        (-1, 2000, "levy rate is -0.01%"),
        (40.0, 2000, "whole number of basis points"),
        (4000, -1, "threshold must be a whole number of pence, 0 or more, got -1"),
    ],
)
def test_levy_settings_are_checked(rate_bp, threshold, message):
    with pytest.raises(ValueError, match=message):
        weekly_levy([(MONDAY, 3000)], rate_bp=rate_bp, threshold=threshold)


def test_earnings_must_be_whole_pence():
    with pytest.raises(TypeError, match="whole number"):
        weekly_levy([(MONDAY, 30.0)])


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2100, 12, 31)))
def test_london_weeks_start_at_monday_midnight_local_time(day):
    monday = day - timedelta(days=day.weekday())
    midnight = datetime.combine(monday, time(0, 0), tzinfo=LONDON)
    assert london_week_start(midnight) == monday
    assert london_week_start(midnight - timedelta(microseconds=1)) == monday - timedelta(days=7)
    assert london_week_start(datetime.combine(day, time(12, 0), tzinfo=LONDON)) == monday


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=-(10**7), max_value=10**7),
    st.integers(min_value=0, max_value=4000),
    st.integers(min_value=0, max_value=10**5),
)
def test_levy_is_the_largest_whole_penny_not_exceeding_the_rate(earnings, rate_bp, threshold):
    (week,) = weekly_levy([(MONDAY, earnings)], rate_bp=rate_bp, threshold=threshold)
    above = max(earnings - threshold, 0)
    assert week.levy * 10_000 <= above * rate_bp < (week.levy + 1) * 10_000
