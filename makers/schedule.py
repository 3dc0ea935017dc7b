"""Celery beat schedule of the makers app; settings.py merges it into CELERY_BEAT_SCHEDULE."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Just after midnight in London (CELERY_TIMEZONE), the first moment a withdrawal dated today is in force.
    "makers-take-down-lapsed-consents": {
        "task": "makers.tasks.take_down_lapsed_consents",
        "schedule": crontab(hour=0, minute=5),
    },
}
