"""Allocation of paid orders into the ledger: worked examples, exactly once, and balance as a property."""

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from makers.models import Attribution
from payouts.allocation import (allocate_line, allocate_lines, allocate_order, held_sales,
                                unallocated_paid_lines)
from payouts.models import Entry, Transaction
from payouts.policies import load_default_policies
from payouts.testing import paid_order
from tests.factories import coop_partner, make_maker, make_product

pytestmark = pytest.mark.django_db
Product, StockRecord = get_model("catalogue", "Product"), get_model("partner", "StockRecord")
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


def coops_own_product():
    """A product whose stock the co-op itself holds (a partner that is not a workshop), credited to no maker."""
    return make_product("art", partner=coop_partner())


def test_a_product_credited_to_no_maker_is_the_coops_when_the_coop_holds_its_stock():
    allocate_order(paid_order([(coops_own_product(), 1200)], PLACED))
    assert balances() == {"cash_clearing": -1200, "vat_payable": 200, "coop_surplus": 1000}


def test_a_variant_pays_the_makers_credited_on_its_parent(settings):
    settings.SHOP_VAT_REGISTERED = False
    inside, released = make_maker(), make_maker(statuses=[("released", D(2025, 1, 1), None)])
    parent = make_product("textiles")
    for position, maker in enumerate((inside, released)):
        Attribution.objects.create(product=parent, maker=maker, share_weight=1, position=position)
    child = Product.objects.create(parent=parent, structure=Product.CHILD, title="M / Natural", slug="m-natural")
    StockRecord.objects.create(product=child, partner=inside.workshop.partner, partner_sku="V1", price=10,
                               num_in_stock=3)
    allocate_order(paid_order([(child, 1000)], PLACED))
    # 500p each: inside 50/20/10/20 -> 250, 100, 50, 100; released 70/5/0/25 -> 350, 25, 0, 125.
    assert balances() == {
        "cash_clearing": -1000, f"wages_payable:maker:{inside.pk}": 250, f"reparation_payable:maker:{inside.pk}": 100,
        "room_board_payable:establishment:HMP Test": 50, f"wages_payable:maker:{released.pk}": 350,
        f"reparation_payable:maker:{released.pk}": 25, "coop_surplus": 225,
    }


def test_a_workshop_listing_credited_to_no_maker_is_held_then_allocated_once_its_makers_are_credited():
    maker = make_maker()
    uncredited = make_product("art", partner=maker.workshop.partner)
    order = paid_order([(uncredited, 1200), (attributed((maker, 1)), 2400)], PLACED)
    held_line, other_line = order.lines.order_by("pk")
    assert allocate_order(order) == 2
    # The other line is allocated; the held one's cash and VAT are in, its net waits in the held-sales account.
    assert Transaction.objects.get(line=other_line).kind == Transaction.SALE
    hold = Transaction.objects.get(line=held_line)
    assert hold.kind == Transaction.HOLD and "No maker is credited" in hold.terms["held"]
    assert balances() == {"cash_clearing": -3600, "vat_payable": 600, "held_sales": 1000,
                          f"wages_payable:maker:{maker.pk}": 1000, f"reparation_payable:maker:{maker.pk}": 400,
                          "room_board_payable:establishment:HMP Test": 200, "coop_surplus": 400}
    assert [(h.line, h.held) for h in held_sales()] == [(held_line, 1000)]
    assert "credit the makers" in held_sales()[0].reason
    assert not unallocated_paid_lines().exists()  # held lines wait for an admin, not for the sweeper
    assert allocate_order(order) == 0  # nothing is guessed on a second try

    Attribution.objects.create(product=uncredited, maker=maker)
    assert held_sales()[0].reason is None  # ready: allocating it again posts its sale
    assert allocate_line(held_line) == 1
    sale = Transaction.objects.get(line=held_line, kind=Transaction.SALE)
    assert dict(sale.entries.values_list("account__key", "amount")) == {
        "held_sales": -1000, f"wages_payable:maker:{maker.pk}": 500, f"reparation_payable:maker:{maker.pk}": 200,
        "room_board_payable:establishment:HMP Test": 100, "coop_surplus": 200}
    assert balances()["held_sales"] == 0 and held_sales() == []
    assert allocate_line(held_line) == 0


def test_a_held_line_is_allocated_for_what_its_hold_took_even_if_the_vat_setting_changed_since(settings):
    settings.SHOP_VAT_REGISTERED = True
    maker = make_maker(statuses=[("community", D(2020, 1, 1), None)])
    listing = make_product("art", partner=maker.workshop.partner)
    order = paid_order([(listing, 1200)], PLACED)
    allocate_order(order)
    settings.SHOP_VAT_REGISTERED = False
    Attribution.objects.create(product=listing, maker=maker)
    allocate_order(order)
    # The hold took 1200p: VAT 200p, net 1000p held; community 75/0/0/25 of 1000p.
    assert balances() == {"cash_clearing": -1200, "vat_payable": 200, "held_sales": 0,
                          f"wages_payable:maker:{maker.pk}": 750, "coop_surplus": 250}


def test_a_maker_without_status_holds_their_line_and_not_the_rest_of_the_order():
    maker = make_maker(statuses=[("community", D(2026, 6, 1), None)])
    other = make_maker()
    order = paid_order([(attributed((maker, 1)), 1200), (attributed((other, 1)), 1200)], PLACED, shipping=300)
    assert allocate_order(order) == 3
    held = held_sales()
    assert [h.line for h in held] == [order.lines.order_by("pk").first()]
    assert held[0].reason == f"Maker {maker.display_name} has no status on 2026-03-02."
    assert Transaction.objects.filter(kind=Transaction.SALE).count() == 1
    assert Transaction.objects.filter(kind=Transaction.SHIPPING).count() == 1


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
    with django_assert_max_num_queries(15):
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
    products = [attributed((odd, 2), (other, 1)), attributed((other, 1)), coops_own_product(),
                make_product("art")]  # the last one held: no maker credited with a workshop's listing

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
    assert Transaction.objects.filter(idempotency_key__startswith="hold:").count() == 2
