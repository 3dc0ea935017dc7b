"""Sharing out a surplus: a plan must add up to the penny, and the dividend split always adds up to the dividend."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payouts.core.surplus import Plan, distribute, share_dividend


def test_a_worked_example_of_an_equal_dividend():
    # £1,000.01 surplus: £500 reserve, £200 community fund, £100 victim support, £200.01 shared by three members:
    # 66.67 each exactly is 6667p each = 20001p; the largest remainders are equal, so the tie goes to the first.
    plan = Plan(reserve=50_000, community_fund=20_000, victim_fund=10_000, dividend=20_001)
    shared = distribute(100_001, plan, [1, 1, 1])
    assert shared.dividends == (6667, 6667, 6667)
    assert plan.moved == 50_001


def test_a_dividend_by_wages_leaves_out_whoever_earned_nothing():
    # Wages 300, 0 and 100: 1000p splits 750 / 0 / 250.
    assert share_dividend(1000, [300, 0, 100]) == [750, 0, 250]


@pytest.mark.parametrize(("available", "plan", "message"), [
    (1000, Plan(500, 200, 200, 99), "add up to £9.99 but the surplus available is £10.00: £0.01 left unshared"),
    (1000, Plan(500, 200, 200, 101), r"add up to £10.01 .* £0.01 too much"),
    (1000, Plan(1100, -100, 0, 0), "community fund's amount cannot be negative"),
])
def test_a_plan_that_does_not_add_up_is_refused_with_the_difference(available, plan, message):
    with pytest.raises(ValueError, match=message):
        distribute(available, plan, [1])


@pytest.mark.parametrize(("weights", "message"), [
    ([], "no eligible member"),
    ([0, 0], "No eligible member earned wages in the period"),
])
def test_a_dividend_nobody_can_receive_is_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        share_dividend(500, weights)


def test_no_dividend_needs_no_member():
    assert distribute(700, Plan(700, 0, 0, 0), []).dividends == ()


def test_money_is_whole_pence_only():
    with pytest.raises(TypeError, match="whole number"):
        Plan(10.5, 0, 0, 0).errors(10)


plans = st.tuples(*[st.integers(0, 10**8)] * 4).map(lambda parts: Plan(*parts))
weights = st.lists(st.integers(0, 10**6), min_size=1, max_size=30).filter(any)


@settings(max_examples=300, deadline=None)
@given(plans, weights)
def test_every_plan_that_adds_up_is_shared_to_the_penny(plan, weights):
    shared = distribute(plan.total, plan, weights)
    assert sum(shared.dividends) == plan.dividend
    assert plan.reserve + plan.moved == plan.total
    weight_sum = sum(weights)
    for share, weight in zip(shared.dividends, weights):
        assert share >= 0
        assert abs(Fraction(share) - Fraction(plan.dividend * weight, weight_sum)) < 1
        if weight == 0:
            assert share == 0


@settings(max_examples=300, deadline=None)
@given(plans, st.integers(-10**8, 10**8).filter(bool))
def test_every_plan_that_does_not_add_up_is_refused(plan, gap):
    with pytest.raises(ValueError, match="surplus available"):
        distribute(plan.total + gap, plan, [1])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**8), st.integers(1, 200))
def test_equal_shares_differ_by_at_most_a_penny(pot, members):
    shares = share_dividend(pot, [1] * members)
    assert sum(shares) == pot and max(shares) - min(shares) <= 1
