"""Celery tasks of the payout engine. Every one is idempotent, so a retry or a duplicate delivery is harmless."""

import datetime
import logging

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from payouts.allocation import AllocationError, allocate_order, allocate_rows, line_rows, unallocated_paid_lines
from payouts.core.levy import london_week_start
from payouts.runs import close_week

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)
SWEEP_BATCH = 2000


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=8)
def allocate_order_task(order_id):
    """Allocate a paid order; acknowledged only once done, so a worker lost mid-way leaves it for another."""
    return allocate_order(Order.objects.get(pk=order_id))


def queue_allocation(order):
    """What the checkout calls once payment is confirmed: allocate after its transaction commits."""
    # robust: a failed enqueue never turns a recorded payment into an error page; the sweeper allocates it later.
    transaction.on_commit(lambda: allocate_order_task.delay(order.pk), robust=True)


@shared_task(acks_late=True)
def sweep_unallocated():
    """Allocate any paid line a lost task left behind, batch by batch (a line whose makers are not known is held, as
    allocation holds it); a batch refused whole is tried line by line, and a line still refused is logged."""
    posted, after = 0, 0
    while True:
        rows = line_rows(unallocated_paid_lines().filter(pk__gt=after).order_by("pk")[:SWEEP_BATCH])
        if not rows:
            return posted
        after = rows[-1].id
        try:
            posted += allocate_rows(rows)
        except AllocationError:
            for row in rows:
                try:
                    posted += allocate_rows([row])
                except AllocationError as problem:
                    logger.error("Payout sweeper cannot allocate: %s", problem)


@shared_task(acks_late=True)
def close_last_week():
    """Close the London week that ended most recently: levy, then the payout run (a second run changes nothing)."""
    week = london_week_start(timezone.now()) - datetime.timedelta(days=7)
    run = close_week(week)
    return run.pk if run else None
