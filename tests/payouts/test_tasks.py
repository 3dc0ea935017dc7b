"""Celery tasks: queued after commit, idempotent on retry, the sweeper, the weekly close and a real worker."""

import datetime
import time

import pytest
from celery import Celery

from makers.models import Attribution
from payouts import tasks
from payouts.core.levy import LONDON
from payouts.models import PayoutRun, Transaction
from payouts.policies import load_default_policies
from payouts.testing import paid_order
from tests.celery_worker import queue_name, real_worker, worker_broker, wait_for
from tests.factories import make_maker, make_product

D = datetime.date
PLACED = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)


def an_order(price=2400):
    load_default_policies()
    product = make_product("art")
    Attribution.objects.create(product=product, maker=make_maker())
    return paid_order([(product, price)], PLACED)


@pytest.mark.django_db
def test_queue_allocation_waits_for_the_commit_then_allocates(django_capture_on_commit_callbacks):
    order = an_order()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.queue_allocation(order)
    assert not Transaction.objects.exists()
    for callback in callbacks:
        callback()
    assert Transaction.objects.filter(kind="sale").count() == 1


@pytest.mark.django_db
def test_the_task_is_late_acked_and_safe_to_run_again():
    order = an_order()
    assert tasks.allocate_order_task.acks_late
    assert tasks.allocate_order_task.apply(args=[order.pk]).get() == 1
    assert tasks.allocate_order_task.apply(args=[order.pk]).get() == 0
    assert Transaction.objects.count() == 1


@pytest.mark.django_db
def test_the_sweeper_allocates_lost_lines_and_holds_what_it_cannot(monkeypatch):
    good = [an_order(price=1000 + n) for n in range(3)]
    stuck = make_maker(statuses=[("community", D(2030, 1, 1), None)])
    product = make_product("art")
    Attribution.objects.create(product=product, maker=stuck)
    held = paid_order([(product, 500)], PLACED)
    monkeypatch.setattr(tasks, "SWEEP_BATCH", 2)
    assert tasks.sweep_unallocated.apply().get() == 4
    assert set(Transaction.objects.filter(kind="sale").values_list("order_id", flat=True)) == {o.pk for o in good}
    assert Transaction.objects.get(kind="hold").order_id == held.pk
    assert tasks.sweep_unallocated.apply().get() == 0


@pytest.mark.django_db
def test_the_weekly_close_closes_the_last_london_week_once():
    load_default_policies()
    tasks.close_last_week.apply().get()
    tasks.close_last_week.apply().get()
    [run] = PayoutRun.objects.all()
    assert run.period_end.astimezone(datetime.UTC) <= datetime.datetime.now(datetime.UTC)
    end = run.period_end.astimezone(LONDON)
    assert (end.weekday(), end.hour, end.minute) == (0, 0, 0)
    assert datetime.datetime.now(datetime.UTC) - run.period_end < datetime.timedelta(days=7)


def test_the_beat_schedule_names_real_tasks():
    from payouts.schedule import BEAT_SCHEDULE

    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} == {
        tasks.sweep_unallocated.name, tasks.close_last_week.name}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_allocates_from_redis():
    broker = worker_broker()
    order = an_order()
    queue = queue_name("payouts")
    with real_worker(broker, queue) as worker:
        sender = Celery(broker=broker, set_as_current=False)  # shared tasks elsewhere keep the project's app
        for _ in range(2):  # a duplicate delivery must not allocate twice
            sender.send_task("payouts.tasks.allocate_order_task", args=[order.pk], queue=queue)
        if wait_for(worker, Transaction.objects.filter(order_id=order.pk).exists):
            time.sleep(2)  # let the duplicate through too
        assert worker.poll() is None, worker.stdout.read().decode()
        assert Transaction.objects.filter(order_id=order.pk, kind="sale").count() == 1
        assert Transaction.objects.get(order_id=order.pk).entries.count() >= 3
