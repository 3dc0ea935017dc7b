"""The statutory weekly levy, posted when a London week is closed."""

import datetime

import pytest
from django.db.models import Sum

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.levy import post_weekly_levy, week_bounds
from payouts.models import Entry
from payouts.policies import load_default_policies
from payouts.refunds import record_refund
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC


@pytest.fixture
def rotl(settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    maker = make_maker(statuses=[("rotl", D(2026, 1, 1), None)])
    product = make_product("art")
    Attribution.objects.create(product=product, maker=maker)
    return maker, product


def sell(product, pence, at):
    order = paid_order([(product, pence)], at)
    allocate_order(order)
    return order.lines.get()


def total(maker, bucket):
    return Entry.objects.filter(maker=maker, bucket=bucket).aggregate(t=Sum("amount"))["t"] or 0


def test_week_across_the_spring_clock_change(rotl):
    maker, product = rotl
    # Clocks go forward on Sunday 29 March 2026. 23:30 UTC on Sunday is 00:30 BST on Monday 30: the next week.
    sell(product, 2000, datetime.datetime(2026, 3, 23, 0, 30, tzinfo=UTC))  # Monday 23 March, 00:30 GMT
    sell(product, 2000, datetime.datetime(2026, 3, 29, 22, 30, tzinfo=UTC))  # Sunday 23:30 BST: same week
    sell(product, 2000, datetime.datetime(2026, 3, 29, 23, 30, tzinfo=UTC))  # Monday 00:30 BST: next week
    start, end = week_bounds(D(2026, 3, 23))
    assert end.astimezone(UTC) - start.astimezone(UTC) == datetime.timedelta(hours=167)
    [levy] = post_weekly_levy(D(2026, 3, 23))
    # Wages 75% of 2000 = 1500 twice: 3000p; 40% of the 1000p above £20 = 400p.
    assert dict(levy.entries.values_list("bucket", "amount")) == {"wages": -400, "reparation": 400}
    assert levy.occurred_at == start
    assert post_weekly_levy(D(2026, 3, 23)) == []  # closing the week again changes nothing


def test_levy_rounds_down_and_nothing_under_the_threshold(rotl):
    maker, product = rotl
    sell(product, 2666, datetime.datetime(2026, 3, 3, 12, tzinfo=UTC))  # wages 1999.5 -> 2000p: not above £20
    assert post_weekly_levy(D(2026, 3, 2)) == []
    sell(product, 2670, datetime.datetime(2026, 3, 10, 12, tzinfo=UTC))  # wages 2002.5 -> 2003p (tie to wages)
    [levy] = post_weekly_levy(D(2026, 3, 9))
    assert levy.entries.get(bucket="reparation").amount == 1  # 40% of 3p = 1.2p, rounded down


def test_a_late_refund_posts_only_the_difference(rotl):
    maker, product = rotl
    line = sell(product, 6000, datetime.datetime(2026, 3, 3, 12, tzinfo=UTC))  # wages 4500: levy 40% of 2500 = 1000
    post_weekly_levy(D(2026, 3, 2))
    assert total(maker, "reparation") == 1000
    record_refund(line, 2000, "re_late", at=datetime.datetime(2026, 3, 4, 12, tzinfo=UTC))  # wages now 3000: 400
    post_weekly_levy(D(2026, 3, 2))
    assert total(maker, "reparation") == 400
    assert total(maker, "wages") == 3000 - 400


def test_only_monday_starts_a_week():
    with pytest.raises(ValueError, match="starts on a Monday; 2026-03-03 is a Tuesday"):
        post_weekly_levy(D(2026, 3, 3))
