"""Two workers or two admins at once, on PostgreSQL with real row locks: one allocation, one approval, one payment."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection

from makers.models import Attribution
from payouts.allocation import allocate_line_ids, allocate_order
from payouts.models import Entry, PayoutEvent, PayoutRun, Transaction
from payouts.policies import load_default_policies
from payouts.runs import PayoutError, approve, close_period, mark_paid
from payouts.testing import paid_order
from tests.factories import make_maker, make_product

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SOLD = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)
END = datetime.datetime(2026, 3, 9, tzinfo=datetime.UTC)


def at_once(action, times):
    """Run `action` in `times` threads released together; returns results and exceptions."""
    barrier, results = threading.Barrier(times), []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as problem:  # noqa: BLE001 - collected for the assertions
            results.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def admin(name):
    user = get_user_model().objects.create_user(email=f"{name}@example.org")
    user.user_permissions.add(Permission.objects.get(codename="approve_payoutrun"))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def order():
    load_default_policies()
    product = make_product("art")
    Attribution.objects.create(product=product, maker=make_maker())
    second = make_product("art")
    Attribution.objects.create(product=second, maker=make_maker())
    return paid_order([(product, 2400), (second, 1000)], SOLD, shipping=300)


def test_concurrent_allocations_post_each_line_once(order):
    results = at_once(lambda: allocate_order(order), 6)
    assert sorted(results) == [0, 0, 0, 0, 0, 3], results
    assert Transaction.objects.count() == 3


def test_one_admin_approving_twice_at_once_counts_once(order):
    allocate_order(order)
    alice = admin("alice")
    run = close_period(END)
    results = at_once(lambda: approve(run.pk, alice), 4)
    assert sum(isinstance(r, PayoutRun) for r in results) == 1, results
    assert all(isinstance(r, PayoutError) for r in results if not isinstance(r, PayoutRun))
    run.refresh_from_db()
    assert run.state == PayoutRun.FIRST_APPROVAL and run.second_approved_by is None


def test_two_admins_approving_at_once_approve_once_each_and_pay_once(order):
    allocate_order(order)
    alice, bob = admin("alice"), admin("bob")
    run = close_period(END)
    users = iter([alice, bob])
    lock = threading.Lock()

    def approve_as_next():
        with lock:
            user = next(users)
        return approve(run.pk, user)

    at_once(approve_as_next, 2)
    run.refresh_from_db()
    assert run.state == PayoutRun.APPROVED
    assert {run.first_approved_by, run.second_approved_by} == {alice, bob}
    references = {payee.pk: "BACS-1" for payee in run.payees.all()}
    results = at_once(lambda: mark_paid(run.pk, alice, references), 4)
    assert sum(isinstance(r, PayoutRun) for r in results) == 1, results
    assert Transaction.objects.filter(kind="payout_paid").count() == 1
    assert PayoutEvent.objects.filter(run=run, action="paid").count() == 1


def test_closing_one_period_twice_at_once_makes_one_run(order):
    allocate_order(order)
    results = at_once(lambda: close_period(END), 3)
    assert sum(isinstance(r, PayoutRun) for r in results) == 1, results
    assert PayoutRun.objects.count() == 1


def test_batches_written_by_a_second_thread_post_each_line_once_and_in_order(order):
    ids = list(order.lines.order_by("pk").values_list("pk", flat=True))
    assert not connection.in_atomic_block  # so allocate_line_ids hands its batches to a writer thread
    assert allocate_line_ids(ids, batch=1) == 2
    assert allocate_line_ids(ids, batch=1) == 0
    assert sorted(Transaction.objects.values_list("idempotency_key", flat=True)) == [f"sale:line:{pk}" for pk in ids]
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0


def test_a_batch_that_cannot_be_allocated_stops_the_writer_thread_cleanly(order, monkeypatch):
    from payouts import allocation

    late = paid_order([(order.lines.first().product, 500)], SOLD).lines.get()
    posting = allocation._Sales.posting

    def refusing(sales, row):  # a price the ledger cannot take, say
        if row.id == late.pk:
            raise allocation.AllocationError(f"Order {row.order_number} line {row.id} cannot be allocated")
        return posting(sales, row)

    monkeypatch.setattr(allocation._Sales, "posting", refusing)
    ids = list(order.lines.order_by("pk").values_list("pk", flat=True)) + [late.pk]
    with pytest.raises(allocation.AllocationError, match="cannot be allocated"):
        allocate_line_ids(ids, batch=2)
    # The first batch was written in its own transaction before the failing one; nothing of the failing batch was.
    assert Transaction.objects.count() == 2
    assert allocate_line_ids(ids[:2], batch=1) == 0
