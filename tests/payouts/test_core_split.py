"""Largest-remainder splitting, co-made lines and net revenue: the arithmetic under every allocation."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payouts.core.allocation import net_revenue, split_line, split_line_multi
from payouts.core.policy import BUCKETS, DEFAULT_POLICIES, PolicyError, SplitPolicy
from payouts.core.split import largest_remainder

SERVING = DEFAULT_POLICIES["serving_inside"]
RELEASED = DEFAULT_POLICIES["released"]
COMMUNITY = DEFAULT_POLICIES["community"]

amounts = st.integers(min_value=-(10**9), max_value=10**9)
weight_lists = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8).filter(any)
policies = st.sampled_from(list(DEFAULT_POLICIES.values()))


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        # 33.33 each: floors 33+33+33 = 99, the 1p left goes to the first of three equal remainders.
        (100, [1, 1, 1], [34, 33, 33]),
        # 0.5 / 0 / 0.5: the tie goes to the earlier weight; the 0 weight gets nothing.
        (1, [1, 0, 1], [1, 0, 0]),
        (10, [1, 0, 1], [5, 0, 5]),
        # 50/20/10/20% of 7p: exact 3.5, 1.4, 0.7, 1.4; floors 3+1+0+1 = 5; the 2p left go to the
        # largest remainders .7 (third) then .5 (first).
        (7, [5000, 2000, 1000, 2000], [4, 1, 1, 1]),
        # A negative total mirrors the positive one exactly.
        (-7, [5000, 2000, 1000, 2000], [-4, -1, -1, -1]),
        (5, [0, 0, 1], [0, 0, 5]),
        (0, [0, 0], [0, 0]),
        (0, [3], [0]),
    ],
)
def test_largest_remainder_worked_examples(total, weights, parts):
    assert largest_remainder(total, weights) == parts


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (5, [], "no weights"),
        (5, [1, -1], "weight 2 is -1"),
        (5, [0, 0], "every weight is 0"),
    ],
)
def test_largest_remainder_rejects_what_cannot_be_split(total, weights, message):
    with pytest.raises(ValueError, match=message):
        largest_remainder(total, weights)


@pytest.mark.parametrize(("total", "weights"), [(2.5, [1]), (Decimal("5"), [1]), (5, [1.0]), (5, [True]), (True, [1])])
def test_largest_remainder_refuses_anything_but_int(total, weights):
    with pytest.raises(TypeError, match="whole number"):
        largest_remainder(total, weights)


@settings(max_examples=200, deadline=None)
@given(amounts, weight_lists)
def test_parts_add_up_and_stay_within_a_penny_of_the_exact_share(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights):
        assert abs(Fraction(part) - Fraction(total * weight, weight_sum)) < 1
        if weight == 0:
            assert part == 0


@settings(max_examples=200, deadline=None)
@given(amounts, weight_lists)
def test_negative_total_mirrors_the_positive_split(total, weights):
    assert largest_remainder(-total, weights) == [-part for part in largest_remainder(total, weights)]


def test_co_made_line_splits_each_makers_part_by_policy():
    # 2400 by shares 2:1 -> 1600 and 800. At 50/20/10/20: 1600 -> 800/320/160/320, 800 -> 400/160/80/160.
    line = split_line(2400, SERVING, [2, 1])
    assert line.buckets == {"wages": 1200, "reparation": 480, "room_board": 240, "surplus": 480}
    assert line.maker_wages == [800, 400]
    assert [maker.amount for maker in line.makers] == [1600, 800]


def test_co_made_tie_goes_to_the_maker_listed_first():
    # 1001 by 1:1 -> 500.5 each: 501 to the first maker, 500 to the second.
    # 501 at 75/25: 375.75 / 125.25 -> 376 / 125; 500 -> 375 / 125.
    line = split_line(1001, COMMUNITY, [1, 1])
    assert line.maker_wages == [376, 375]
    assert line.buckets == {"wages": 751, "reparation": 0, "room_board": 0, "surplus": 250}


def test_line_buckets_are_the_sum_of_each_makers_own_split():
    # 3p by 1:1 -> 2p and 1p (tie to the first maker).
    # 2p at 50/20/10/20: exact 1, .4, .2, .4; floors 1+0+0+0; the 1p left to reparation (.4, before surplus).
    # 1p: exact .5, .2, .1, .2; the 1p goes to wages.
    line = split_line(3, SERVING, [1, 1])
    assert [maker.buckets for maker in line.makers] == [
        {"wages": 1, "reparation": 1, "room_board": 0, "surplus": 0},
        {"wages": 1, "reparation": 0, "room_board": 0, "surplus": 0},
    ]
    assert line.buckets == {"wages": 2, "reparation": 1, "room_board": 0, "surplus": 0}


def test_makers_of_different_statuses_each_follow_their_own_policy():
    # 1000 by 1:1 -> 500 each. serving_inside 50/20/10/20 -> 250/100/50/100; released 70/5/0/25 -> 350/25/0/125.
    line = split_line_multi(1000, [(SERVING, 1), (RELEASED, 1)])
    assert [maker.buckets for maker in line.makers] == [
        {"wages": 250, "reparation": 100, "room_board": 50, "surplus": 100},
        {"wages": 350, "reparation": 25, "room_board": 0, "surplus": 125},
    ]
    assert line.buckets == {"wages": 600, "reparation": 125, "room_board": 50, "surplus": 225}


def test_status_change_between_two_sales_changes_the_buckets():
    # The same maker sells for 2000p before and after release; money follows the status at the sale.
    # serving_inside 50/20/10/20 -> 1000/400/200/400; released 70/5/0/25 -> 1400/100/0/500.
    assert split_line(2000, SERVING).buckets == {"wages": 1000, "reparation": 400, "room_board": 200, "surplus": 400}
    assert split_line(2000, RELEASED).buckets == {"wages": 1400, "reparation": 100, "room_board": 0, "surplus": 500}


def test_a_line_needs_a_maker_and_a_valid_policy():
    with pytest.raises(ValueError, match="at least one maker"):
        split_line_multi(100, [])
    with pytest.raises(PolicyError):
        split_line(100, SplitPolicy("community", 9000, 0, 0, 2500))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**8),
    st.lists(st.tuples(policies, st.integers(min_value=0, max_value=50)), min_size=1, max_size=5).filter(
        lambda makers: any(weight for _, weight in makers)
    ),
)
def test_co_made_lines_add_up_and_never_fund_a_zero_share(amount, makers):
    line = split_line_multi(amount, makers)
    weight_sum = sum(weight for _, weight in makers)
    assert sum(maker.amount for maker in line.makers) == amount
    assert sum(line.buckets.values()) == amount
    for maker, (policy, weight) in zip(line.makers, makers):
        assert abs(Fraction(maker.amount) - Fraction(amount * weight, weight_sum)) < 1
        assert sum(maker.buckets.values()) == maker.amount
        for bucket, bp in zip(BUCKETS, policy.bucket_bp):
            assert abs(Fraction(maker.buckets[bucket]) - Fraction(maker.amount * bp, 10_000)) < 1
            if bp == 0 or weight == 0:
                assert maker.buckets[bucket] == 0


@pytest.mark.parametrize(
    ("paid", "rate_bp", "registered", "discount", "expected"),
    [
        # 1200 incl. 20% VAT: VAT = 1200 * 20/120 = 200.
        (1200, 2000, True, 0, (1000, 200)),
        # 1000 * 20/120 = 166.67 -> 167.
        (1000, 2000, True, 0, (833, 167)),
        # 3 * 20/120 = 0.5 exactly -> rounds half up to 1; 9 * 20/120 = 1.5 -> 2.
        (3, 2000, True, 0, (2, 1)),
        (9, 2000, True, 0, (7, 2)),
        # 1500 before a 300 discount: the buyer paid 1200, which holds 200 VAT; 1000 + 200 + 300 = 1500.
        (1500, 2000, True, 300, (1000, 200)),
        # Not VAT-registered: no VAT, only the discount comes off.
        (1500, 2000, False, 300, (1200, 0)),
        # Reduced rate 5%: 1050 * 5/105 = 50.
        (1050, 500, True, 0, (1000, 50)),
        (1000, 0, True, 0, (1000, 0)),
    ],
)
def test_net_revenue_worked_examples(paid, rate_bp, registered, discount, expected):
    assert net_revenue(paid, rate_bp, registered, discount) == expected


@pytest.mark.parametrize(
    ("paid", "rate_bp", "discount", "message"),
    [
        (1000, 2000, 1001, "discount must be between 0p and the line price 1000p"),
        (1000, 2000, -1, "discount must be between"),
        (-1, 2000, 0, "line price must not be negative"),
        (1000, -1, 0, "VAT rate must not be negative"),
    ],
)
def test_net_revenue_rejects_impossible_lines(paid, rate_bp, discount, message):
    with pytest.raises(ValueError, match=message):
        net_revenue(paid, rate_bp, True, discount)


def test_net_revenue_refuses_decimal_prices():
    with pytest.raises(TypeError, match="whole number"):
        net_revenue(Decimal("12.00"), 2000, True, 0)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=10_000),
    st.booleans(),
    st.data(),
)
def test_net_vat_and_discount_make_up_the_price(paid, rate_bp, registered, data):
    discount = data.draw(st.integers(min_value=0, max_value=paid))
    net, vat = net_revenue(paid, rate_bp, registered, discount)
    assert net + vat + discount == paid
    contained = Fraction((paid - discount) * rate_bp, 10_000 + rate_bp) if registered else Fraction(0)
    assert -Fraction(1, 2) < vat - contained <= Fraction(1, 2)
