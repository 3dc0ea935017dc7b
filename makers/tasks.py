"""Celery tasks of the makers app: consent withdrawals that were dated ahead take effect on their day."""

from celery import shared_task


@shared_task(acks_late=True)
def take_down_lapsed_consents():
    """Daily: unpublish stories whose maker's story consent was withdrawn as of today (``makers.consent``)."""
    from makers.consent import take_down_lapsed

    return [story.pk for story in take_down_lapsed()]
