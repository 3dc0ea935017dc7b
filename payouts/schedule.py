"""Celery beat schedule of the payout engine; settings.py sets CELERY_BEAT_SCHEDULE from it.

Times are in CELERY_TIMEZONE (Europe/London).
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "payouts-sweep-unallocated": {
        "task": "payouts.tasks.sweep_unallocated",
        "schedule": crontab(minute="*/15"),
    },
    "payouts-close-last-week": {
        "task": "payouts.tasks.close_last_week",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
}
