"""Refund reversals: however a line is refunded, refunding all of it leaves every bucket at exactly zero."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payouts.core.allocation import split_line, split_line_multi
from payouts.core.policy import BUCKETS, DEFAULT_POLICIES
from payouts.core.refunds import reversal_for_refund, reversals_for_refunds

SERVING = DEFAULT_POLICIES["serving_inside"]
RELEASED = DEFAULT_POLICIES["released"]


def test_three_partial_refunds_of_a_released_makers_line():
    # 4000 at 70/5/0/25 -> 2800/200/0/1000.
    # After 1333: exact 933.1 / 66.65 / 0 / 333.25; floors 933+66+0+333 = 1332, 1p to reparation (.65)
    #   -> 933/67/0/333, so the reversal is -933/-67/0/-333.
    # After 2666: exact 1866.2 / 133.3 / 0 / 666.5; floors sum 2665, 1p to surplus (.5) -> 1866/133/0/667;
    #   reversal -(1866-933) / -(133-67) / 0 / -(667-333) = -933/-66/0/-334.
    # After 4000: 2800/200/0/1000; reversal -(2800-1866) / -(200-133) / 0 / -(1000-667) = -934/-67/0/-333.
    reversals = reversals_for_refunds(4000, RELEASED, [1333, 1333, 1334])
    assert [reversal.buckets for reversal in reversals] == [
        {"wages": -933, "reparation": -67, "room_board": 0, "surplus": -333},
        {"wages": -933, "reparation": -66, "room_board": 0, "surplus": -334},
        {"wages": -934, "reparation": -67, "room_board": 0, "surplus": -333},
    ]
    assert [reversal.amount for reversal in reversals] == [-1333, -1333, -1334]


def test_a_full_refund_mirrors_the_original_split():
    reversal = reversal_for_refund(2400, SERVING, 0, 2400)
    assert reversal.buckets == {"wages": -1200, "reparation": -480, "room_board": -240, "surplus": -480}


def test_co_made_refund_reverses_each_makers_wages():
    # 2400 by 2:1; half refunded: cumulative 1200 -> 800 and 400 -> wages 400 and 200 at 50%.
    reversal = reversal_for_refund(2400, [(SERVING, 2), (SERVING, 1)], 0, 1200)
    assert reversal.maker_wages == [-400, -200]
    assert [maker.amount for maker in reversal.makers] == [-800, -400]


def test_a_single_reversal_can_move_a_penny_between_buckets():
    # Largest remainder moves with the total. released, 2990 refunded, then 1p more:
    # 2990 -> exact 2093 / 149.5 / 0 / 747.5; 1p to reparation (first of the tie) -> 2093/150/0/747.
    # 2991 -> exact 2093.7 / 149.55 / 0 / 747.75; 2p to surplus (.75) and wages (.7) -> 2094/149/0/748.
    # The reversal is the difference, negated: wages -1, reparation +1, surplus -1; it still totals -1p.
    reversal = reversal_for_refund(3000, RELEASED, 2990, 1)
    assert reversal.buckets == {"wages": -1, "reparation": 1, "room_board": 0, "surplus": -1}


@pytest.mark.parametrize(
    ("refunded_before", "refund", "message"),
    [
        (0, 0, "A refund must be more than 0p, got 0p"),
        (0, -5, "A refund must be more than 0p, got -5p"),
        (-1, 5, "refunded before must not be negative"),
        (3000, 1001, r"Refunds would add up to 4001p, more than the line's 4000p \(3000p refunded before, 1001p now\)"),
    ],
)
def test_refunds_must_be_positive_and_never_exceed_the_line(refunded_before, refund, message):
    with pytest.raises(ValueError, match=message):
        reversal_for_refund(4000, RELEASED, refunded_before, refund)


def test_refund_amounts_must_be_whole_pence():
    with pytest.raises(TypeError, match="whole number"):
        reversal_for_refund(4000, RELEASED, 0, 13.33)


@st.composite
def refunded_lines(draw):
    """A line with its makers and a partition of its amount into refunds, in any order."""
    amount = draw(st.integers(min_value=1, max_value=10**7))
    makers = draw(
        st.lists(
            st.tuples(st.sampled_from(list(DEFAULT_POLICIES.values())), st.integers(min_value=0, max_value=20)),
            min_size=1,
            max_size=4,
        ).filter(lambda makers: any(weight for _, weight in makers))
    )
    cuts = sorted(set(draw(st.lists(st.integers(min_value=1, max_value=amount - 1), max_size=6)) if amount > 1 else []))
    bounds = [0, *cuts, amount]
    return amount, makers, [high - low for low, high in zip(bounds, bounds[1:])]


@settings(max_examples=200, deadline=None)
@given(refunded_lines())
def test_refunding_a_whole_line_in_any_parts_returns_every_bucket_to_zero(line):
    amount, makers, refunds = line
    original = split_line_multi(amount, makers)
    reversals = reversals_for_refunds(amount, makers, refunds)
    for position, maker in enumerate(original.makers):
        for bucket in BUCKETS:
            left = maker.buckets[bucket] + sum(reversal.makers[position].buckets[bucket] for reversal in reversals)
            assert left == 0
    for reversal, refund in zip(reversals, refunds):
        assert reversal.amount == -refund
        assert sum(reversal.buckets.values()) == -refund
        assert sum(maker.amount for maker in reversal.makers) == -refund


@settings(max_examples=200, deadline=None)
@given(refunded_lines(), st.data())
def test_after_some_refunds_what_remains_is_the_split_of_the_line_less_the_split_of_the_refunds(line, data):
    amount, makers, refunds = line
    taken = refunds[: data.draw(st.integers(min_value=0, max_value=len(refunds)))]
    reversals = reversals_for_refunds(amount, makers, taken)
    remaining = split_line_multi(amount, makers).buckets
    for reversal in reversals:
        remaining = {bucket: remaining[bucket] + reversal.buckets[bucket] for bucket in BUCKETS}
    refunded = split_line_multi(sum(taken), makers).buckets
    assert remaining == {
        bucket: split_line_multi(amount, makers).buckets[bucket] - refunded[bucket] for bucket in BUCKETS
    }


def test_one_policy_means_one_maker():
    assert reversal_for_refund(100, SERVING, 0, 100) == reversal_for_refund(100, [(SERVING, 1)], 0, 100)
    assert split_line(100, SERVING).buckets == {
        b: -p for b, p in reversal_for_refund(100, SERVING, 0, 100).buckets.items()
    }
