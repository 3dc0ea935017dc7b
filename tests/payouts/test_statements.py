"""Member statements: items sold, gross wage share, deductions with their rules, and where the money goes."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.levy import post_weekly_levy
from payouts.policies import load_default_policies
from payouts.refunds import record_refund
from payouts.statements import Deduction, statement_for
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC


@pytest.fixture
def sold(settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    maker = make_maker()
    product = make_product("art")
    Attribution.objects.create(product=product, maker=maker)
    for day, price in ((3, 4000), (5, 1000)):
        allocate_order(paid_order([(product, price)], datetime.datetime(2026, 3, day, 12, tzinfo=UTC)))
    allocate_order(paid_order([(product, 9999)], datetime.datetime(2026, 4, 1, 12, tzinfo=UTC)))  # outside
    return maker, product


def test_statement_lists_items_shares_deductions_and_where_paid(sold):
    maker, product = sold
    statement = statement_for(maker, D(2026, 3, 1), D(2026, 3, 31))
    assert [(i.product, i.sold_at.day, i.price, i.share) for i in statement.items] == [
        (product.title, 3, 4000, 3200), (product.title, 5, 1000, 800)]
    assert statement.gross == 4000
    assert statement.deductions == (
        Deduction("Reparation to victims", "20.00% of each sale's net price, split policy for 'Serving, works in a "
                  "prison workshop' in force from 01 Jan 2000", 1000),
        Deduction("Room and board", "10.00% of each sale's net price, split policy for 'Serving, works in a prison "
                  "workshop' in force from 01 Jan 2000", 500),
    )
    assert statement.wages == 2500 == statement.gross - sum(d.amount for d in statement.deductions)
    assert [(p.what, p.to, p.amount) for p in statement.paid_where] == [
        ("Wages", "your establishment, credited to your private cash", 2500),
        ("Reparation to victims", "the victim support fund", 1000),
        ("Room and board", "your establishment", 500),
    ]


def test_refunds_and_the_levy_appear_with_their_rules(settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    maker = make_maker(statuses=[("rotl", D(2026, 1, 1), None)])
    product = make_product("art")
    Attribution.objects.create(product=product, maker=maker)
    order = paid_order([(product, 6000)], datetime.datetime(2026, 3, 3, 12, tzinfo=UTC))
    allocate_order(order)
    record_refund(order.lines.get(), 2000, "re_s", at=datetime.datetime(2026, 3, 4, tzinfo=UTC))
    post_weekly_levy(D(2026, 3, 2))
    statement = statement_for(maker, D(2026, 3, 2), D(2026, 3, 8))
    assert statement.gross == 4500 - 1500
    [levy] = statement.deductions
    assert levy.what == "Statutory levy" and levy.amount == 400 and "week from 02 Mar 2026" in levy.rule
    assert [(a.what, a.share) for a in statement.adjustments] == [("Refund", -1500)]
    assert statement.wages == 2600


def test_the_command_prints_the_statement(sold, capsys):
    maker, _ = sold
    call_command("maker_statement", "--maker", maker.slug, "--from", "2026-03-01", "--to", "2026-03-31")
    out = capsys.readouterr().out
    assert f"Statement for {maker.display_name}, 01 Mar 2026 to 31 Mar 2026" in out
    assert "Gross wage share: £40.00" in out and "Wages: £25.00" in out
    assert "A1234BC" not in out and "HMP Test" not in out and maker.legal_name not in out


@pytest.mark.parametrize(("args", "message"), [
    (["--maker", "nobody", "--from", "2026-03-01", "--to", "2026-03-31"], "No maker with the slug 'nobody'"),
    (["--maker", "x", "--from", "2026-13-01", "--to", "2026-03-31"], "--from must be a date like 2026-03-31"),
    (["--maker", "x", "--from", "2026-03-31", "--to", "2026-03-01"], "must end on or after the day it starts"),
    (["--maker", "x", "--from", "2026-03-01", "--to", "9999-12-31"], "Dates must be between 01 Jan 2000 and 31 Dec"),
])
def test_the_command_explains_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("maker_statement", *args)
