"""Allocation of paid orders into the ledger: worked examples, exactly once, and balance as a property."""

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from makers.models import Attribution
from payouts.allocation import AllocationError, allocate_line, allocate_lines, allocate_order, unallocated_paid_lines
from payouts.models import Entry, Transaction
from payouts.policies import load_default_policies
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
D = datetime.date
PLACED = datetime.datetime(2026, 3, 2, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def policies():
    load_default_policies()


def attributed(*makers, price=2400):
    product = make_product("art")
    for position, (maker, weight) in enumerate(makers):
        Attribution.objects.create(product=product, maker=maker, share_weight=weight, position=position)
    return product


def balances():
    """Pence per account key, over the whole ledger."""
    return dict(Entry.objects.values_list("account__key").annotate(total=Sum("amount")).values_list("account__key",
                                                                                                    "total"))


def ledger_snapshot():
    return Counter(Entry.objects.values_list("transaction__idempotency_key", "account__key", "amount", "bucket"))


def test_worked_example_serving_inside_with_vat_and_shipping(settings):
    settings.SHOP_VAT_REGISTERED, settings.SHOP_VAT_RATE_BP = True, 2000
    maker = make_maker()
    order = paid_order([(attributed((maker, 1)), 2400)], PLACED, shipping=450)
    assert allocate_order(order) == 2
    # £24.00 incl. 20% VAT: VAT 400p, net 2000p split 50/20/10/20. Shipping £4.50: VAT 75p, revenue 375p.
    assert balances() == {
        "cash_clearing": -2850, "vat_payable": 475, "shipping_revenue": 375,
        f"wages_payable:maker:{maker.pk}": 1000, f"reparation_payable:maker:{maker.pk}": 400,
        "room_board_payable:establishment:HMP Test": 200, "coop_surplus": 400,
    }
    sale = Transaction.objects.get(kind="sale")
    assert (sale.line_id, sale.order_id, sale.occurred_at) == (order.lines.get().pk, order.pk, PLACED)
    assert set(sale.entries.exclude(maker=None).values_list("bucket", flat=True)) == {
        "wages", "reparation", "room_board", "surplus"}


def test_discount_and_no_vat_registration(settings):
    settings.SHOP_VAT_REGISTERED = False
    maker = make_maker(statuses=[("community", D(2020, 1, 1), None)])
    allocate_order(paid_order([(attributed((maker, 1)), 2000, 500)], PLACED))
    # Paid 1500p, no VAT: community 75/0/0/25; no entry at all for the 0% buckets.
    assert balances() == {"cash_clearing": -1500, f"wages_payable:maker:{maker.pk}": 1125, "coop_surplus": 375}


def test_co_made_line_with_makers_of_different_statuses(settings):
    settings.SHOP_VAT_REGISTERED = False
    inside = make_maker()
    released = make_maker(statuses=[("released", D(2025, 1, 1), None)])
    allocate_order(paid_order([(attributed((inside, 2), (released, 1)), 1001)], PLACED))
    # 1001p by weight 2:1 -> 667.33 / 333.67: 667 and 334. Inside 50/20/10/20 of 667: 333.5, 133.4, 66.7, 133.4
    # -> 334 (tie to wages), 133, 67, 133. Released 70/5/0/25 of 334: 233.8, 16.7, 0, 83.5; floors leave 2p for
    # the largest remainders .8 and .7 -> 234, 17, 0, 83.
    assert balances() == {
        "cash_clearing": -1001,
        f"wages_payable:maker:{inside.pk}": 334, f"reparation_payable:maker:{inside.pk}": 133,
        "room_board_payable:establishment:HMP Test": 67,
        f"wages_payable:maker:{released.pk}": 234, f"reparation_payable:maker:{released.pk}": 17,
        "coop_surplus": 133 + 83,
    }


def test_status_change_between_two_sales_follows_the_order_date(settings):
    settings.SHOP_VAT_REGISTERED = False
    maker = make_maker(statuses=[("serving_inside", D(2024, 1, 1), D(2026, 3, 10)),
                                 ("released", D(2026, 3, 10), None)])
    product = attributed((maker, 1))
    allocate_order(paid_order([(product, 1000)], datetime.datetime(2026, 3, 9, 23, 30, tzinfo=UTC)))
    allocate_order(paid_order([(product, 1000)], datetime.datetime(2026, 3, 10, 0, 30, tzinfo=UTC)))
    wages = Entry.objects.filter(maker=maker, bucket="wages").order_by("pk")
    assert list(wages.values_list("amount", "policy__status")) == [(500, "serving_inside"), (700, "released")]


def test_a_product_credited_to_no_maker_is_the_coops():
    allocate_order(paid_order([(make_product("art"), 1200)], PLACED))
    assert balances() == {"cash_clearing": -1200, "vat_payable": 200, "coop_surplus": 1000}


def test_a_maker_without_status_stops_the_batch_with_a_clear_error():
    maker = make_maker(statuses=[("community", D(2026, 6, 1), None)])
    order = paid_order([(attributed((maker, 1)), 1200)], PLACED)
    with pytest.raises(AllocationError, match=f"Order {order.number} line .*: Maker {maker.display_name} has no status"):
        allocate_order(order)
    assert not Transaction.objects.exists()


def test_allocation_is_exactly_once_however_often_it_runs(django_assert_max_num_queries):
    maker = make_maker()
    order = paid_order([(attributed((maker, 1)), 1500), (attributed((maker, 1)), 900)], PLACED, shipping=300)
    assert allocate_order(order) == 3
    before = ledger_snapshot()
    assert allocate_order(order) == 0
    assert allocate_line(order.lines.first()) == 0
    assert allocate_lines(list(order.lines.all())) == 0
    assert ledger_snapshot() == before
    assert Transaction.objects.count() == 3


def test_a_batch_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    makers = [make_maker() for _ in range(3)]
    orders = [paid_order([(attributed((m, 1)), 1000 + i)], PLACED) for i, m in enumerate(makers * 4)]
    lines = [line for order in orders for line in order.lines.select_related("order")]
    with django_assert_max_num_queries(14):
        assert allocate_lines(lines) == 12


def test_the_sweeper_finds_paid_lines_left_unallocated():
    maker = make_maker()
    done = paid_order([(attributed((maker, 1)), 1000)], PLACED)
    lost = paid_order([(attributed((maker, 1)), 1000)], PLACED)
    allocate_order(done)
    assert list(unallocated_paid_lines()) == list(lost.lines.all())
    allocate_lines(list(unallocated_paid_lines().select_related("order")))
    assert not unallocated_paid_lines().exists()


line_specs = st.lists(
    st.tuples(st.integers(1, 50_000), st.integers(0, 100), st.lists(st.integers(1, 5), min_size=0, max_size=3)),
    min_size=1, max_size=4,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=line_specs, shipping=st.integers(0, 1000), repeats=st.integers(2, 4), vat=st.booleans())
def test_every_transaction_balances_and_allocation_is_idempotent(specs, shipping, repeats, vat, django_settings):
    django_settings.SHOP_VAT_REGISTERED = vat
    with transaction.atomic():
        statuses = ["serving_inside", "rotl", "released", "community"]
        makers = [make_maker(statuses=[(statuses[i % 4], D(2024, 1, 1), None)], opt_out_reparation=i % 3 == 0,
                               housed_by_coop=i % 2 == 0) for i in range(4)]
        items = []
        for price, discount_pc, weights in specs:
            product = attributed(*[(makers[i % 4], w) for i, w in enumerate(weights)])
            items.append((product, price, price * discount_pc // 100))
        order = paid_order(items, PLACED, shipping=shipping)
        allocate_order(order)
        first = ledger_snapshot()
        for _ in range(repeats):
            allocate_order(order)
            allocate_lines(list(order.lines.select_related("order")))
        assert ledger_snapshot() == first
        for key, total in Entry.objects.values_list("transaction__idempotency_key").annotate(Sum("amount")):
            assert total == 0, key
        paid = sum(p - d for _, p, d in items) + shipping
        assert balances().get("cash_clearing", 0) == -paid
        transaction.set_rollback(True)


@pytest.fixture
def django_settings(settings):
    return settings


@pytest.mark.postgres
def test_the_bulk_copy_path_writes_what_the_row_by_row_path_writes(monkeypatch, settings):
    """Large batches on PostgreSQL are written with COPY as hand-formatted text: same rows, same terms, odd text kept."""
    import payouts.ledger

    settings.SHOP_VAT_REGISTERED = True
    odd = make_maker(establishment='HMP "Odd"\\Name\twith tab')
    other = make_maker(statuses=[("released", D(2025, 1, 1), None)])
    products = [attributed((odd, 2), (other, 1)), attributed((other, 1)), make_product("art")]

    def allocated(copy_from):
        monkeypatch.setattr(payouts.ledger, "COPY_FROM", copy_from)
        order = paid_order([(p, 1001 + i) for i, p in enumerate(products)], PLACED, shipping=0)
        allocate_lines(list(order.lines.select_related("order").order_by("pk")), shipping=False)
        sales = Transaction.objects.filter(order=order).order_by("line_id")
        return [(sale.kind, sale.occurred_at, sale.terms, sorted(sale.entries.values_list(
            "account__key", "amount", "maker_id", "bucket", "policy_id"))) for sale in sales]

    by_copy, by_rows = allocated(1), allocated(10_000)
    assert by_copy == by_rows
    assert by_copy[0][2]["makers"][0]["room_board"] == 'room_board_payable:establishment:HMP "Odd"\\Name\twith tab'
    assert Transaction.objects.filter(idempotency_key__startswith="sale:").count() == 6
