"""Guard-rail errors by field (for the policy form) say exactly what ``validate`` says, each on a real field."""

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from payouts.core.policy import STATUSES, SplitPolicy

FIELDS = {field.name for field in dataclasses.fields(SplitPolicy)}
basis_points = st.integers(min_value=-500, max_value=10_500)


@given(st.sampled_from(STATUSES + ("paroled",)), basis_points, basis_points, basis_points, basis_points,
       st.integers(min_value=-100, max_value=6000), st.integers(min_value=-100, max_value=5000))
def test_field_errors_are_the_validation_messages_on_named_fields(status, wages, reparation, room, surplus, rate,
                                                                  threshold):
    policy = SplitPolicy(status, wages, reparation, room, surplus, rate, threshold)
    pairs = policy.field_errors()
    assert policy.validate() == list(dict.fromkeys(message for _, message in pairs))
    assert all(field is None or field in FIELDS for field, _ in pairs)
    assert (not pairs) == (sum(policy.bucket_bp) == 10_000 and policy.validate() == [])


def test_each_rule_names_the_figure_to_change():
    assert SplitPolicy("community", 2000, 4000, 2000, 2000).field_errors() == [
        ("wages_bp", "Wages keep only 25.00% of the maker's part (wages + reparation + room and board), at least "
                     "60% must stay with the maker")]
    fields = [field for field, _ in SplitPolicy("community", 1000, 6000, 1000, 2000).field_errors()]
    assert fields == ["reparation_bp", "room_board_bp", "wages_bp"]
    assert SplitPolicy("community", 7500, 0, 0, 2000).field_errors()[0][0] is None
    assert [f for f, _ in SplitPolicy("rotl", 7500, 0, 0, 2500, 4100, -1).field_errors()] == [
        "levy_rate_bp", "levy_threshold_pence"]
