"""Celery tasks of the makers app: consent withdrawals that were dated ahead take effect on their day."""

from celery import shared_task


@shared_task(acks_late=True)
def take_down_lapsed_consents():
    """Daily: take down what depended on consents withdrawn as of today, every scope (``makers.consent``); returns
    what went, as "app.model:pk"."""
    from makers.consent import take_down_lapsed

    return [f"{thing._meta.label_lower}:{thing.pk}" for thing in take_down_lapsed()]
