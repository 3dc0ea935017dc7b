"""Split policies in the database: guard rails, versions in force, the demo's defaults and each maker's own terms."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.core.policy import DEFAULT_POLICIES
from payouts.models import SplitPolicy
from payouts.policies import NoTerms, PolicyBook, load_default_policies, terms_for
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
D = datetime.date
MOMENT = datetime.datetime(2026, 3, 2, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def empty_policy_book():
    """These tests start from no policies; the demo's versions, loaded for other tests, are set aside (rolled back)."""
    SplitPolicy.objects.all().delete()


def version(status="serving_inside", at=datetime.datetime(2026, 1, 1, tzinfo=UTC), bp=(5000, 2000, 1000, 2000), **kw):
    return SplitPolicy.objects.create(status=status, effective_from=at, wages_bp=bp[0], reparation_bp=bp[1],
                                      room_board_bp=bp[2], surplus_bp=bp[3], **kw)


def test_default_policies_load_once_with_the_domain_figures():
    created = load_default_policies()
    assert {p.status for p in created} == set(DEFAULT_POLICIES)
    assert load_default_policies() == []
    assert SplitPolicy.objects.count() == 4
    for status, core in DEFAULT_POLICIES.items():
        assert SplitPolicy.objects.get(status=status).as_core() == core


@pytest.mark.parametrize(
    ("bp", "message"),
    [
        ((5000, 2000, 1000, 1000), "Percentages add up to 90.00%, they must add up to exactly 100%"),
        ((2000, 4000, 2000, 2000), "Wages keep only 25.00% of the maker's part"),
        ((1000, 6000, 1000, 2000), "Reparation plus room and board take 87.50% of the maker's part"),
    ],
)
def test_guard_rails_are_enforced_on_save_with_the_core_messages(bp, message):
    with pytest.raises(ValidationError) as raised:
        version(bp=bp)
    assert any(message in m for m in raised.value.messages)
    assert not SplitPolicy.objects.exists()


def test_housed_share_is_checked_against_the_guard_rails_too():
    with pytest.raises(ValidationError, match="While housed by the co-op: Wages keep only"):
        version(status="released", bp=(7000, 500, 0, 2500), housed_room_board_bp=4000)
    with pytest.raises(ValidationError, match="applies only to released makers"):
        version(status="community", bp=(7500, 0, 0, 2500), housed_room_board_bp=1000)


def test_the_version_in_force_is_the_latest_started_and_found_in_one_query(django_assert_num_queries):
    old = version(at=datetime.datetime(2025, 1, 1, tzinfo=UTC))
    new = version(at=datetime.datetime(2026, 3, 1, tzinfo=UTC), bp=(6000, 2000, 0, 2000))
    version(status="community", at=datetime.datetime(2026, 2, 1, tzinfo=UTC), bp=(7500, 0, 0, 2500))
    with django_assert_num_queries(1):
        assert SplitPolicy.objects.in_force("serving_inside", MOMENT) == new
    assert SplitPolicy.objects.in_force("serving_inside", datetime.datetime(2026, 2, 28, tzinfo=UTC)) == old
    assert SplitPolicy.objects.in_force("serving_inside", datetime.datetime(2024, 1, 1, tzinfo=UTC)) is None


def test_a_used_version_cannot_be_edited_or_deleted():
    load_default_policies()
    maker = make_maker()
    product = make_product("art")
    Attribution.objects.create(product=product, maker=maker)
    allocate_order(paid_order([(product, 1000)], MOMENT))
    policy = SplitPolicy.objects.get(status="serving_inside")
    policy.surplus_bp, policy.wages_bp = 2500, 4500
    with pytest.raises(ValidationError, match="add a new version instead"):
        policy.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        policy.delete()
    unused = SplitPolicy.objects.get(status="community")
    unused.note = "Reworded before anyone used it"
    unused.save()


@pytest.mark.parametrize(
    ("opt_out", "housed", "buckets"),
    [
        (False, False, (7000, 500, 0, 2500)),
        (True, False, (7500, 0, 0, 2500)),
        (False, True, (6000, 500, 1000, 2500)),
        (True, True, (6500, 0, 1000, 2500)),
    ],
)
def test_released_makers_own_terms(opt_out, housed, buckets):
    load_default_policies()
    maker = make_maker(statuses=[("released", D(2025, 1, 1), None)], opt_out_reparation=opt_out,
                       housed_by_coop=housed)
    terms = terms_for(maker, MOMENT)
    assert terms.policy.bucket_bp == buckets
    assert terms.room_board_key == "room_board_payable:housing"
    assert terms_for(maker.pk, MOMENT, PolicyBook([maker.pk])) == terms


def test_own_terms_apply_only_while_released():
    load_default_policies()
    maker = make_maker(statuses=[("serving_inside", D(2024, 1, 1), D(2026, 3, 1)), ("released", D(2026, 3, 1), None)],
                       opt_out_reparation=True, housed_by_coop=True)
    before = terms_for(maker, datetime.datetime(2026, 2, 28, 12, tzinfo=UTC))
    assert before.status == "serving_inside" and before.policy.bucket_bp == (5000, 2000, 1000, 2000)
    assert before.room_board_key == "room_board_payable:establishment:HMP Test"
    assert terms_for(maker, MOMENT).policy.bucket_bp == (6500, 0, 1000, 2500)


def test_terms_for_costs_two_queries_alone_and_none_with_a_book(django_assert_num_queries):
    load_default_policies()
    maker = make_maker()
    with django_assert_num_queries(2):
        terms_for(maker, MOMENT)
    book = PolicyBook([maker.pk])
    with django_assert_num_queries(0):
        terms_for(maker.pk, MOMENT, book)


def test_no_status_or_no_policy_is_a_clear_error():
    maker = make_maker(statuses=[("community", D(2026, 6, 1), None)])
    with pytest.raises(NoTerms, match=f"Maker {maker.display_name} has no status on 2026-03-02"):
        terms_for(maker, MOMENT)
    with pytest.raises(NoTerms, match="No split policy for status community"):
        terms_for(maker, datetime.datetime(2026, 7, 1, tzinfo=UTC))
