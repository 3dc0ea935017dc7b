"""Split policies and their guard rails (DOMAIN.md, "Money")."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payouts.core.policy import BUCKETS, DEFAULT_POLICIES, STATUSES, PolicyError, SplitPolicy


def test_buckets_and_statuses_have_a_fixed_order():
    assert BUCKETS == ("wages", "reparation", "room_board", "surplus")
    assert STATUSES == ("serving_inside", "rotl", "released", "community")


def test_default_policies_match_the_domain_table_and_pass_the_guard_rails():
    assert {status: policy.bucket_bp for status, policy in DEFAULT_POLICIES.items()} == {
        "serving_inside": (5000, 2000, 1000, 2000),
        "rotl": (7500, 0, 0, 2500),
        "released": (7000, 500, 0, 2500),
        "community": (7500, 0, 0, 2500),
    }
    for status, policy in DEFAULT_POLICIES.items():
        assert policy.status == status
        assert (policy.levy_rate_bp, policy.levy_threshold_pence) == (4000, 2000)
        assert policy.validate() == []
    with pytest.raises(TypeError):
        DEFAULT_POLICIES["rotl"] = DEFAULT_POLICIES["community"]


def test_serving_inside_keeps_more_than_sixty_percent_with_the_maker():
    # Maker's part 50 + 20 + 10 = 80%; deductions 30/80 = 37.5% (<= 80%), wages 50/80 = 62.5% (>= 60%).
    DEFAULT_POLICIES["serving_inside"].check()


def test_percentages_must_add_up_to_exactly_100():
    policy = SplitPolicy("community", 7000, 0, 0, 2500)
    assert policy.validate() == ["Percentages add up to 95.00%, they must add up to exactly 100%"]


def test_wages_must_keep_sixty_percent_of_the_makers_part():
    # Maker's part 20 + 30 + 0 = 50%; wages keep 20/50 = 40%; deductions 60% are within the 80% cap.
    policy = SplitPolicy("serving_inside", 2000, 3000, 0, 5000)
    assert policy.validate() == [
        "Wages keep only 40.00% of the maker's part (wages + reparation + room and board), "
        "at least 60% must stay with the maker"
    ]


@pytest.mark.parametrize(
    ("bps", "valid"),
    [
        # Maker's part 50%: wages 30/50 = exactly 60% is allowed.
        ((3000, 1500, 500, 5000), True),
        # wages 29.99/50 = 59.98% is not.
        ((2999, 1501, 500, 5000), False),
    ],
)
def test_sixty_percent_boundary(bps, valid):
    assert (SplitPolicy("serving_inside", *bps).validate() == []) is valid


def test_deductions_over_eighty_percent_are_named_with_the_sixty_percent_rule():
    # Maker's part 10 + 30 + 20 = 60%; deductions 50/60 = 83.333% (shown rounded up: 83.34%);
    # wages 10/60 = 16.666% (shown rounded down: 16.66%).
    policy = SplitPolicy("serving_inside", 1000, 3000, 2000, 4000)
    assert policy.validate() == [
        "Reparation plus room and board take 83.34% of the maker's part (wages + reparation + room and board), "
        "they may take at most 80%",
        "Wages keep only 16.66% of the maker's part (wages + reparation + room and board), "
        "at least 60% must stay with the maker",
    ]


def test_each_bucket_must_be_a_whole_percentage_between_0_and_100():
    policy = SplitPolicy("rotl", -100, 0, 0, 10_100)
    assert policy.validate() == [
        "Wages is -1.00%, it must be between 0% and 100%",
        "Surplus is 101.00%, it must be between 0% and 100%",
    ]
    assert SplitPolicy("rotl", 7500.0, 0, 0, 2500).validate() == [
        "Wages must be a whole number of basis points (1% = 100), got 7500.0"
    ]


def test_unknown_status_and_levy_settings_are_rejected():
    policy = SplitPolicy("inside", 7500, 0, 0, 2500, levy_rate_bp=4500, levy_threshold_pence=-1)
    assert policy.validate() == [
        "Unknown maker status 'inside', it must be one of serving_inside, rotl, released, community",
        "The weekly levy rate is 45.00%, it must be between 0% and 40%, the most the law allows",
        "The weekly levy threshold must be a whole number of pence, 0 or more, got -1",
    ]


def test_check_raises_every_error_and_split_refuses_a_broken_policy():
    policy = SplitPolicy("community", 7000, 0, 0, 2500, levy_rate_bp=5000)
    with pytest.raises(PolicyError) as raised:
        policy.check()
    assert isinstance(raised.value, ValueError)
    assert raised.value.errors == tuple(policy.validate())
    assert len(raised.value.errors) == 2
    with pytest.raises(PolicyError, match="95.00%"):
        policy.split(1000)


def test_split_gives_pence_per_bucket_in_bucket_order():
    # 2400 at 50/20/10/20 -> 1200/480/240/480.
    assert DEFAULT_POLICIES["serving_inside"].split(2400) == {
        "wages": 1200,
        "reparation": 480,
        "room_board": 240,
        "surplus": 480,
    }


@st.composite
def summing_policies(draw):
    """Four bucket shares that add up to exactly 100%."""
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=10_000), min_size=3, max_size=3)))
    bps = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 10_000 - cuts[2]]
    return SplitPolicy(draw(st.sampled_from(STATUSES)), *bps)


@settings(max_examples=200, deadline=None)
@given(summing_policies())
def test_a_policy_is_accepted_exactly_when_the_maker_keeps_sixty_percent(policy):
    maker_part = policy.wages_bp + policy.reparation_bp + policy.room_board_bp
    keeps_enough = maker_part == 0 or Fraction(policy.wages_bp, maker_part) >= Fraction(3, 5)
    assert (policy.validate() == []) is keeps_enough
    if keeps_enough:
        assert policy.reparation_bp + policy.room_board_bp <= Fraction(4, 5) * maker_part


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=4, max_size=4).filter(lambda bps: sum(bps) != 10_000)
)
def test_a_policy_not_adding_up_to_100_is_always_rejected(bps):
    errors = SplitPolicy("community", *bps).validate()
    assert any(error.startswith("Percentages add up to") for error in errors)
