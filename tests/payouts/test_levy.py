"""The statutory weekly levy, posted when a London week is closed."""

import datetime

import pytest
from django.db.models import Sum

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.levy import post_weekly_levy, week_bounds
from payouts.models import Entry, Transaction
from payouts.policies import load_default_policies
from payouts.refunds import record_refund
from payouts.runs import close_period, close_week
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


def levied(maker):
    return Entry.objects.filter(maker=maker, bucket="reparation", transaction__kind=Transaction.LEVY).aggregate(
        t=Sum("amount"))["t"] or 0


def test_a_late_sale_in_a_closed_week_pays_the_levy_difference_when_it_arrives(rotl):
    maker, product = rotl
    other = make_maker(statuses=[("rotl", D(2026, 1, 1), None)])
    other_product = make_product("art")
    Attribution.objects.create(product=other_product, maker=other)
    sell(product, 3000, datetime.datetime(2026, 3, 3, 12, tzinfo=UTC))  # wages 2250p: 40% of 250 = 100p
    sell(other_product, 4000, datetime.datetime(2026, 3, 3, 12, tzinfo=UTC))  # wages 3000p: 40% of 1000 = 400p
    run = close_week(D(2026, 3, 2))
    assert levied(maker) == 100 and levied(other) == 400
    closed = {item.account.key: item.amount for item in run.items.select_related("account")}
    assert closed[f"wages_payable:maker:{maker.pk}"] == 2250 - 100
    # Placed on Sunday 8 March at 23:00 London time, allocated after the week was closed (payment confirmed late).
    late = sell(product, 1000, datetime.datetime(2026, 3, 8, 23, tzinfo=UTC))
    # The week now has 2250 + 750 = 3000p of wages: levy 40% of 1000 = 400p, so 300p more is posted at once, dated
    # at the start of that week; the other maker's levy is untouched.
    assert levied(maker) == 400 and levied(other) == 400
    difference = Transaction.objects.filter(kind=Transaction.LEVY, maker=maker).order_by("pk").last()
    assert dict(difference.entries.values_list("bucket", "amount")) == {"wages": -300, "reparation": 300}
    assert difference.occurred_at == week_bounds(D(2026, 3, 2))[0]
    assert total(maker, "wages") == 3000 - 400 - (2250 - 100)  # earned, less the levy, less what the run took
    # Allocating the late line again changes nothing, and closing the week again posts nothing either.
    assert allocate_order(late.order) == 0
    assert post_weekly_levy(D(2026, 3, 2)) == []
    # The next run pays what is left: the late wages less the extra levy, and the extra reparation.
    run = close_week(D(2026, 3, 9))
    following = {item.account.key: item.amount for item in run.items.select_related("account")}
    assert following[f"wages_payable:maker:{maker.pk}"] == 750 - 300
    assert following[f"reparation_payable:maker:{maker.pk}"] == 300


def test_a_sale_in_a_week_not_yet_closed_waits_for_the_close(rotl):
    maker, product = rotl
    close_period(datetime.datetime(2026, 3, 4, tzinfo=UTC))  # an on-demand close in the middle of the week
    sell(product, 4000, datetime.datetime(2026, 3, 3, 12, tzinfo=UTC))  # dated before that close, allocated after
    assert levied(maker) == 0  # the levy is worked out when the whole week closes, not sale by sale
    close_week(D(2026, 3, 2))
    assert levied(maker) == 400  # wages 3000p: 40% of the 1000p above £20
