"""Refunds and chargebacks: reversals by cumulative totals, so a fully refunded line leaves every bucket at zero."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from makers.models import Attribution
from payouts.allocation import allocate_order, held_sales
from payouts.models import Entry, Transaction
from payouts.policies import load_default_policies
from payouts.refunds import RefundError, record_dispute, record_refund, record_shipping_refund, resolve_dispute
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db
D = datetime.date
PLACED = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def policies():
    load_default_policies()


def line_of(*makers, price=4000, shipping=0):
    product = make_product("art")
    for position, (maker, weight) in enumerate(makers):
        Attribution.objects.create(product=product, maker=maker, share_weight=weight, position=position)
    order = paid_order([(product, price)], PLACED, shipping=shipping)
    allocate_order(order)
    return order.lines.select_related("order").get()


def per_account_and_bucket(line):
    """What the line's sale and its reversals leave, per account, maker and bucket."""
    rows = Entry.objects.filter(transaction__line=line).values("account__key", "maker_id", "bucket")
    return {tuple(row[:3]): row[3] for row in rows.annotate(total=Sum("amount")).values_list(
        "account__key", "maker_id", "bucket", "total")}


def test_worked_example_three_partial_refunds_of_a_released_makers_line(settings):
    settings.SHOP_VAT_REGISTERED = False
    maker = make_maker(statuses=[("released", D(2025, 1, 1), None)])
    line = line_of((maker, 1), price=4000)
    wages = f"wages_payable:maker:{maker.pk}"
    first = record_refund(line, 1333, "re_1")
    # split(1333) of 70/5/0/25: 933.1, 66.65, 0, 333.25 -> 933, 67, 0, 333 reversed.
    assert dict(first.entries.filter(maker=maker).values_list("bucket", "amount")) == {
        "wages": -933, "reparation": -67, "surplus": -333}
    record_refund(line, 1333, "re_2")
    record_refund(line, 1334, "re_3")
    assert all(total == 0 for total in per_account_and_bucket(line).values())
    assert Entry.objects.filter(account__key=wages).aggregate(t=Sum("amount"))["t"] == 0


def test_recording_the_same_refund_twice_posts_once_and_a_clash_is_refused():
    line = line_of((make_maker(), 1))
    assert record_refund(line, 1000, "re_same") is not None
    assert record_refund(line, 1000, "re_same") is None
    assert Transaction.objects.filter(kind="refund").count() == 1
    with pytest.raises(RefundError, match="different line or amount"):
        record_refund(line, 999, "re_same")


def test_refunds_beyond_the_line_are_refused():
    line = line_of((make_maker(), 1), price=1000)
    record_refund(line, 600, "re_a")
    with pytest.raises(RefundError, match="would reverse 1100p of a line that took 1000p"):
        record_refund(line, 500, "re_b")
    assert Transaction.objects.filter(kind="refund").count() == 1


def test_a_refund_of_a_line_never_allocated_allocates_it_first():
    maker = make_maker()
    product = make_product("art")
    Attribution.objects.create(product=product, maker=maker)
    line = paid_order([(product, 1000)], PLACED).lines.get()
    record_refund(line, 1000, "re_first")
    assert Transaction.objects.filter(kind="sale", line=line).exists()
    assert all(total == 0 for total in per_account_and_bucket(line).values())


def test_a_lost_dispute_stays_reversed_and_a_won_one_reinstates():
    maker = make_maker()
    line = line_of((maker, 1), price=2400)
    allocated = per_account_and_bucket(line)
    record_dispute(line, 2400, "dp_1")
    assert all(total == 0 for total in per_account_and_bucket(line).values())
    resolve_dispute("dp_1", won=True)
    assert per_account_and_bucket(line) == allocated
    assert resolve_dispute("dp_1", won=True) is None  # already resolved

    record_dispute(line, 1000, "dp_2")
    resolve_dispute("dp_2", won=False)
    record_refund(line, 1400, "re_rest")
    assert all(total == 0 for total in per_account_and_bucket(line).values())


partitions = st.integers(1, 20_000).flatmap(
    lambda price: st.tuples(st.just(price), st.lists(st.integers(1, price), max_size=6).map(sorted)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=partitions, weights=st.lists(st.integers(1, 4), min_size=1, max_size=3), vat=st.booleans(),
       dispute_at=st.integers(0, 6))
def test_refunds_in_any_partition_return_every_bucket_of_the_line_to_zero(case, weights, vat, dispute_at, settings):
    price, cuts = case
    settings.SHOP_VAT_REGISTERED = vat
    with transaction.atomic():
        statuses = ["serving_inside", "released", "community"]
        makers = [(make_maker(statuses=[(statuses[i % 3], D(2024, 1, 1), None)]), w) for i, w in enumerate(weights)]
        line = line_of(*makers, price=price)
        bounds = [0, *sorted(set(cuts) - {price}), price]
        for n, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            if n == dispute_at:
                record_dispute(line, hi - lo, f"dp_{n}")
                resolve_dispute(f"dp_{n}", won=False)
            else:
                record_refund(line, hi - lo, f"re_{n}")
            for txn, total in Entry.objects.filter(transaction__line=line).values_list(
                    "transaction__idempotency_key").annotate(Sum("amount")):
                assert total == 0, txn
        remaining = per_account_and_bucket(line)
        assert remaining and all(total == 0 for total in remaining.values()), remaining
        transaction.set_rollback(True)


events = st.lists(st.tuples(st.sampled_from(("refund", "dispute_won", "dispute_lost")), st.integers(1, 100)),
                  max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(price=st.integers(1, 20_000), weights=st.lists(st.integers(1, 4), min_size=1, max_size=3), vat=st.booleans(),
       before=events, after=events)
def test_a_held_line_ends_as_if_it_had_been_allocated_whatever_was_refunded_meanwhile(price, weights, vat, before,
                                                                                      after, settings):
    """Refunds and disputes on a held line take back what is held; once its makers are credited and it is allocated,
    and more events come, every account holds what it would for the same line allocated at once, and nothing is
    left held."""
    settings.SHOP_VAT_REGISTERED = vat
    with transaction.atomic():
        statuses = ["serving_inside", "rotl", "released", "community"]
        makers = [(make_maker(statuses=[(statuses[i % 4], D(2024, 1, 1), None)]), w) for i, w in enumerate(weights)]
        direct = line_of(*makers, price=price)
        product = make_product("art")
        held = paid_order([(product, price)], PLACED).lines.select_related("order").get()
        allocate_order(held.order)
        reversed_so_far = 0

        def apply(events, tag):
            nonlocal reversed_so_far
            for n, (kind, percent) in enumerate(events):
                amount = min(max(price * percent // 100, 1), price - reversed_so_far)
                if amount <= 0:
                    return
                for line in (direct, held):
                    reference = f"{tag}{n}-{line.pk}"
                    if kind == "refund":
                        record_refund(line, amount, f"re_{reference}")
                    else:
                        record_dispute(line, amount, f"dp_{reference}")
                        resolve_dispute(f"dp_{reference}", won=kind == "dispute_won")
                if kind != "dispute_won":
                    reversed_so_far += amount

        apply(before, "b")
        for position, (maker, weight) in enumerate(makers):
            Attribution.objects.create(product=product, maker=maker, share_weight=weight, position=position)
        allocate_order(held.order)
        apply(after, "a")
        for txn, total in Entry.objects.filter(transaction__line=held).values_list(
                "transaction__idempotency_key").annotate(Sum("amount")):
            assert total == 0, txn
        left = per_account_and_bucket(held)
        assert left.pop(("held_sales", None, ""), 0) == 0
        assert {key: total for key, total in left.items() if total} == {
            key: total for key, total in per_account_and_bucket(direct).items() if total}
        assert held_sales() == []
        transaction.set_rollback(True)


def shipping_totals(order):
    """What the order's shipping and its refunds leave, per account (cash, VAT, shipping revenue)."""
    rows = Entry.objects.filter(transaction__order=order, transaction__line=None).values("account__key")
    return dict(rows.annotate(total=Sum("amount")).values_list("account__key", "total"))


def test_worked_example_shipping_refunded_in_two_parts(settings):
    settings.SHOP_VAT_REGISTERED, settings.SHOP_VAT_RATE_BP = True, 2000
    line = line_of((make_maker(), 1), price=2400, shipping=450)
    order = line.order
    # Shipping £4.50 was allocated as VAT 75p and revenue 375p. A first refund of 100p reverses, of the cumulative
    # 100p, net = largest remainder of 100 by 375:75 = 83.33 -> 83p and VAT 17p.
    first = record_shipping_refund(order, 100, "re_ship_1")
    assert dict(first.entries.values_list("account__key", "amount")) == {
        "cash_clearing": 100, "vat_payable": -17, "shipping_revenue": -83}
    assert record_shipping_refund(order, 100, "re_ship_1") is None  # the same refund again: nothing more
    with pytest.raises(RefundError, match="already recorded for a different amount"):
        record_shipping_refund(order, 99, "re_ship_1")
    with pytest.raises(RefundError, match="would reverse 451p of shipping that took 450p"):
        record_shipping_refund(order, 351, "re_ship_too_much")
    record_shipping_refund(order, 350, "re_ship_2")
    assert shipping_totals(order) == {"cash_clearing": 0, "vat_payable": 0, "shipping_revenue": 0}
    # The line's own allocation is untouched by shipping refunds.
    assert sum(Entry.objects.filter(transaction__line=line, account__key="cash_clearing").values_list(
        "amount", flat=True)) == -2400


def test_an_order_without_shipping_has_no_shipping_to_refund():
    line = line_of((make_maker(), 1), price=1000, shipping=0)
    with pytest.raises(RefundError, match="has no shipping charge to refund"):
        record_shipping_refund(line.order, 100, "re_none")


shipping_partitions = st.integers(1, 5_000).flatmap(
    lambda shipping: st.tuples(st.just(shipping), st.lists(st.integers(1, shipping), max_size=6).map(sorted)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=shipping_partitions, vat=st.booleans())
def test_shipping_refunds_in_any_partition_return_shipping_revenue_to_zero(case, vat, settings):
    shipping, cuts = case
    settings.SHOP_VAT_REGISTERED = vat
    with transaction.atomic():
        order = line_of((make_maker(), 1), price=1000, shipping=shipping).order
        bounds = [0, *sorted(set(cuts) - {shipping}), shipping]
        for n, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            posted = record_shipping_refund(order, hi - lo, f"re_ship_{n}")
            assert sum(posted.entries.values_list("amount", flat=True)) == 0
            assert shipping_totals(order)["shipping_revenue"] >= 0
        totals = shipping_totals(order)
        assert totals.pop("shipping_revenue") == 0
        assert all(total == 0 for total in totals.values()), totals
        transaction.set_rollback(True)


def test_a_settled_shop_refund_with_shipping_reverses_the_shipping_in_the_ledger():
    from storefront.shop.refunds import apply_refunded_total

    line = line_of((make_maker(), 1), price=1000, shipping=450)
    order = line.order
    apply_refunded_total(order, 600, "ch_ship")  # refunded in Stripe's own dashboard: spread over line and shipping
    apply_refunded_total(order, 600, "ch_ship")  # the same event again moves nothing
    apply_refunded_total(order, 1450, "ch_ship")  # then the rest
    assert shipping_totals(order) == {"cash_clearing": 0, "vat_payable": 0, "shipping_revenue": 0}
    assert sum(Entry.objects.filter(transaction__order=order).values_list("amount", flat=True)) == 0
    assert per_account_and_bucket(line) and not any(per_account_and_bucket(line).values())
