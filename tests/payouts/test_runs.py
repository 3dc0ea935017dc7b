"""Payout runs: closing a period into a snapshot, the two-admin rule, paying, cancelling and the CSV exports."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Sum

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.ledger import balance
from payouts.models import Account, PayoutEvent, PayoutPayee, PayoutRun
from payouts.policies import load_default_policies
from payouts.refunds import record_refund
from payouts.runs import PayoutError, approve, cancel, close_period, close_week, export_csv, mark_paid, receivables
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
SOLD = datetime.datetime(2026, 3, 3, 12, tzinfo=UTC)
END = datetime.datetime(2026, 3, 9, 0, tzinfo=UTC)
NEXT_END = datetime.datetime(2026, 3, 16, 0, tzinfo=UTC)


def admin(name):
    user = get_user_model().objects.create_user(email=f"{name}@example.org")
    user.user_permissions.add(Permission.objects.get(codename="approve_payoutrun"))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def shop(settings):
    """A serving maker, a released maker and a ROTL maker, each with a £40 sale (no VAT, for round numbers)."""
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    makers = {
        "inside": make_maker(),
        "released": make_maker(statuses=[("released", D(2025, 1, 1), None)], prisoner_number="", establishment=""),
        "rotl": make_maker(statuses=[("rotl", D(2025, 1, 1), None)], prisoner_number="B2345CD"),
    }
    lines = {}
    for name, maker in makers.items():
        product = make_product("art")
        Attribution.objects.create(product=product, maker=maker)
        order = paid_order([(product, 4000)], SOLD)
        allocate_order(order)
        lines[name] = order.lines.get()
    return makers, lines


def paid_to(run):
    return dict(run.payees.values_list("kind", "name").annotate(total=Sum("amount")).values_list("name", "total"))


def test_closing_snapshots_payable_balances_per_payee_and_bucket(shop):
    makers, _ = shop
    inside, released, rotl = makers["inside"], makers["released"], makers["rotl"]
    run = close_period(END)
    assert run.state == PayoutRun.DRAFT and run.period_start is None
    assert paid_to(run) == {
        "HMP Test": 2000 + 400,  # inside: wages 50% + room and board 10% of 4000
        "Victim support fund": 800 + 200,  # inside 20%, released 5%
        f"{released.legal_name} [{released.slug}]": 2800,
        "Prison service earnings centre": 3000,  # ROTL wages 75%, levy not posted by a bare close
        "Co-op reserve": 800 + 1000 + 1000,
    }
    wages = run.items.get(account__key=f"wages_payable:maker:{inside.pk}")
    assert (wages.payee.kind, wages.reference, wages.bucket) == (PayoutPayee.ESTABLISHMENT, "A1234BC", "wages")
    assert run.items.get(account__key=f"wages_payable:maker:{rotl.pk}").reference == "B2345CD"
    # The snapshot moved to "payouts due": the payables are empty until the next sale.
    assert balance(f"wages_payable:maker:{inside.pk}") == 0
    assert balance(Account.PAYOUTS_DUE) == 12000
    assert list(run.events.values_list("action", "state")) == [("closed", "draft")]


def test_a_closed_period_cannot_be_closed_again(shop):
    close_period(END)
    with pytest.raises(PayoutError, match="already closed"):
        close_period(END)
    with pytest.raises(PayoutError, match="already closed"):
        close_period(END - datetime.timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutRun.objects.create(period_end=END, closed_at=END)
    assert PayoutRun.objects.count() == 1


def test_two_different_admins_approve_then_it_is_paid(shop):
    alice, bob = admin("alice"), admin("bob")
    run = close_period(END, by=alice)
    approve(run, alice)
    with pytest.raises(PayoutError, match="already approved this run; a second, different admin"):
        approve(run, alice)
    with pytest.raises(PayoutError, match="Only a run approved by two admins can be paid"):
        mark_paid(run, alice, {})
    approve(run, bob)
    with pytest.raises(PayoutError, match="cannot be approved"):
        approve(run, admin("carol"))
    payees = list(run.payees.all())
    with pytest.raises(PayoutError, match="1 payee\\(s\\) have no payment reference"):
        mark_paid(run, bob, {p: f"BACS-{p.pk}" for p in payees[1:]})
    with pytest.raises(PayoutError, match="1 payment reference\\(s\\) are longer than 100 characters"):
        mark_paid(run, bob, {p: f"BACS-{p.pk}" for p in payees[1:]} | {payees[0]: "X" * 101})
    assert not run.payees.exclude(payment_reference="").exists()
    mark_paid(run, bob, {p: f"BACS-{p.pk}" for p in payees})
    run.refresh_from_db()
    assert run.state == PayoutRun.PAID
    assert (run.first_approved_by, run.second_approved_by) == (alice, bob)
    assert set(run.payees.values_list("payment_reference", flat=True)) == {f"BACS-{p.pk}" for p in payees}
    assert balance(Account.PAYOUTS_DUE) == 0
    assert list(run.events.values_list("action", "by__email")) == [
        ("closed", "alice@example.org"), ("approved", "alice@example.org"), ("approved", "bob@example.org"), ("paid", "bob@example.org")]
    with pytest.raises(PayoutError, match="cannot be cancelled"):
        cancel(run, alice)


def test_the_database_refuses_one_admin_as_both_approvers(shop):
    alice = admin("alice")
    run = close_period(END)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutRun.objects.filter(pk=run.pk).update(first_approved_by=alice, second_approved_by=alice)


def test_only_admins_act_on_runs(shop):
    someone = get_user_model().objects.create_user(email="someone@example.org")
    with pytest.raises(PayoutError, match="Only a co-op admin"):
        close_period(END, by=someone)
    run = close_period(END)
    with pytest.raises(PayoutError, match="Only a co-op admin"):
        approve(run, someone)


def test_cancelling_returns_the_money_to_the_payables_and_frees_the_period(shop):
    makers, _ = shop
    alice = admin("alice")
    run = close_period(END)
    cancel(run, alice, "Wrong period")
    assert balance(f"wages_payable:maker:{makers['inside'].pk}") == 2000
    assert balance(Account.PAYOUTS_DUE) == 0
    again = close_period(END)
    assert paid_to(again) == paid_to(run)


def test_money_refunded_after_payout_is_carried_forward_never_paid_negative(shop):
    makers, lines = shop
    inside = makers["inside"]
    alice, bob = admin("alice"), admin("bob")
    first = close_period(END)
    approve(first, alice), approve(first, bob)
    mark_paid(first, bob, {p: "REF" for p in first.payees.all()})
    record_refund(lines["inside"], 4000, "re_after_payout", at=END + datetime.timedelta(days=1))  # the maker's 2000p wages were already sent
    second = close_period(NEXT_END)
    assert second.period_start == END
    item = second.items.get(account__key=f"wages_payable:maker:{inside.pk}")
    assert (item.balance, item.amount, item.carried_forward) == (-2000, 0, -2000)
    assert item in receivables(second)
    assert not second.payees.filter(amount__lt=0).exists()
    # Next week the maker sells £60 more: 3000p wages, less the 2000p carried = 1000p paid.
    product = make_product("art")
    Attribution.objects.create(product=product, maker=inside)
    allocate_order(paid_order([(product, 6000)], NEXT_END + datetime.timedelta(days=1)))
    third = close_period(NEXT_END + datetime.timedelta(days=7))
    assert third.items.get(account__key=f"wages_payable:maker:{inside.pk}").amount == 1000


def test_close_week_posts_the_levy_then_closes_once(shop):
    makers, _ = shop
    run = close_week(D(2026, 3, 2))
    assert run.period_end == datetime.datetime(2026, 3, 9, 0, tzinfo=UTC)
    # ROTL wages 3000p: levy 40% of 1000p above £20 = 400p, sent with the wages to the earnings centre.
    assert paid_to(run)["Prison service earnings centre"] == 3000
    assert run.items.get(account__key=f"reparation_payable:maker:{makers['rotl'].pk}").amount == 400
    assert close_week(D(2026, 3, 2)) is None
    assert PayoutRun.objects.count() == 1


def test_csv_export_per_payee_kind(shop):
    makers, _ = shop
    run = close_period(END)
    rows = list(csv.DictReader(io.StringIO(export_csv(run, PayoutPayee.ESTABLISHMENT))))
    assert [(r["payee"], r["bucket"], r["reference"], r["amount_gbp"], r["amount_pence"]) for r in rows] == [
        ("HMP Test", "room_board", "Room and board", "4.00", "400"),
        ("HMP Test", "wages", "A1234BC", "20.00", "2000"),
    ]
    assert [r["maker"] for r in rows] == ["", makers["inside"].display_name]  # room and board is per establishment
    members = list(csv.DictReader(io.StringIO(export_csv(run, PayoutPayee.MEMBER))))
    assert [(r["amount_gbp"], r["bucket"]) for r in members] == [("28.00", "wages")]
    assert "A1234BC" not in export_csv(run, PayoutPayee.VICTIM_FUND)


def test_csv_export_neutralises_formulas_and_keeps_numbers(shop):
    """A payee's name or reference typed as a formula is written as text; amounts, negative ones too, stay numbers."""
    run = close_period(END)
    payee = run.items.filter(payee__kind=PayoutPayee.ESTABLISHMENT).first().payee
    payee.name, payee.payment_reference = "=cmd|' /C calc'!A0", "@SUM(1+1)"
    payee.save()
    rows = list(csv.DictReader(io.StringIO(export_csv(run, PayoutPayee.ESTABLISHMENT))))
    assert {r["payee"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    assert {r["payment_reference"] for r in rows} == {"'@SUM(1+1)"}
    assert all(r["amount_pence"].lstrip("-").isdigit() for r in rows)


def test_every_state_change_is_an_event(shop):
    alice, bob = admin("alice"), admin("bob")
    run = close_period(END, by=alice)
    approve(run, bob)
    cancel(run, alice, "Figures to check")
    assert list(PayoutEvent.objects.filter(run=run).values_list("action", "state", "by__email", "note")) == [
        ("closed", "draft", "alice@example.org", ""), ("approved", "first_approval", "bob@example.org", ""),
        ("cancelled", "cancelled", "alice@example.org", "Figures to check")]
