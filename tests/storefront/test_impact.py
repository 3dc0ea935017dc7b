"""The impact page: live totals from the ledger by bucket and month, makers by status, aggregates only."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import Sum
from oscar.core.loading import get_model

from makers.models import MakerStatus
from payouts.allocation import allocate_order
from payouts.models import Entry, PayoutRun
from payouts.policies import load_default_policies
from payouts.refunds import record_refund
from payouts.testing import paid_order
from storefront import impact
from storefront.models import ImpactPage

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
MARCH = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
APRIL = datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC)
MAY = datetime.datetime(2026, 4, 30, 23, tzinfo=datetime.UTC)  # 1 May 00:00 in London


def ledger_by_bucket():
    rows = Entry.objects.filter(bucket__in=["wages", "reparation", "room_board", "surplus"])
    rows = rows.exclude(transaction__kind__startswith="payout")
    return dict(rows.values_list("bucket").annotate(total=Sum("amount")).values_list("bucket", "total"))


@pytest.fixture
def orders(demo_shop):
    load_default_policies()
    products = list(Product.objects.browsable().filter(upc__startswith="DEMO-", structure="standalone")[:3])
    first = paid_order([(products[0], 4000), (products[1], 1250)], MARCH, shipping=395)
    second = paid_order([(products[2], 9900)], APRIL)
    for order in (first, second):
        allocate_order(order)
    record_refund(first.lines.order_by("pk").first(), 1500, "re_impact_test", at=APRIL)
    return first, second


def test_impact_totals_equal_the_ledger_after_orders_and_a_refund(orders):
    figures = impact.compute()
    ledger = ledger_by_bucket()
    assert {a.key: a.pence for a in figures.totals} == {b: ledger.get(b, 0) for b in impact.BUCKETS}
    assert figures.total > 0
    months = {m.month: {a.key: a.pence for a in m.buckets} for m in figures.months}
    assert {datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)} <= set(months)
    for bucket in impact.BUCKETS:
        assert sum(m[bucket] for m in months.values()) == ledger.get(bucket, 0)
    april = Entry.objects.filter(transaction__occurred_at__gte=APRIL, transaction__occurred_at__lt=MAY,
                                 bucket="wages", transaction__kind__in=impact.ALLOCATION_KINDS)
    assert months[datetime.date(2026, 4, 1)]["wages"] == april.aggregate(s=Sum("amount"))["s"]


def test_makers_are_counted_by_status_today(demo_shop):
    figures = impact.compute()
    expected = MakerStatus.objects.in_force().count()
    assert figures.maker_count == expected > 0


def test_the_page_shows_the_figures_and_no_maker(orders, client):
    cache.delete(impact.CACHE_KEY)
    page = ImpactPage.objects.live().get()
    html = client.get(page.url).content.decode()
    figures = impact.compute()
    for amount in figures.totals:
        assert amount.label in html
        assert f"£{amount.pence // 100:,}.{amount.pence % 100:02d}" in html
    assert "March 2026" in html and "April 2026" in html
    from makers.models import Maker
    for maker in Maker.objects.all():
        assert f">{maker.display_name}<" not in html  # aggregates only, nobody named


def test_the_cached_figures_refresh_when_a_payout_run_is_paid(orders, django_capture_on_commit_callbacks):
    cache.delete(impact.CACHE_KEY)
    stale = impact.figures()
    assert cache.get(impact.CACHE_KEY) is not None
    run = PayoutRun.objects.create(period_end=APRIL, closed_at=APRIL, state=PayoutRun.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        run.save()
    assert cache.get(impact.CACHE_KEY) is not None  # approving is not paying
    with django_capture_on_commit_callbacks(execute=True):
        run.state = PayoutRun.PAID
        run.save()
    assert cache.get(impact.CACHE_KEY) is None
    assert impact.figures() == stale  # recomputed from the same ledger


def test_the_fees_the_co_op_paid_are_shown_apart_from_the_shares(orders, client):
    from payouts.fees import record_fee_returned, record_payment_fee

    first, second = orders
    shares = impact.compute().total
    record_payment_fee(first, 176, "txn_card_fee")
    record_payment_fee(second, 2000, "txn_dispute_fee")
    record_fee_returned(second, 2000, "txn_dispute_fee_back")
    figures = impact.compute()
    assert figures.fees == 176 and figures.total == shares  # the fee is not taken from any bucket
    cache.delete(impact.CACHE_KEY)
    html = client.get(ImpactPage.objects.live().get().url).content.decode()
    assert "fees of £1.76 were paid by the co-op" in html
