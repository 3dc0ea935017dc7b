"""The Celery app: eager in the demo, workers on Redis in production (settings decide)."""

import os

from celery import Celery, signals

from storefront import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")

app = Celery("storefront")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def logging_as_the_web_servers(loglevel=None, **kwargs):
    """Workers and beat log through settings.LOGGING, as gunicorn's workers do (JSON lines, private values redacted);
    without a receiver here Celery would put its own handlers on the root logger instead. A ``--loglevel`` more
    verbose than LOG_LEVEL still applies."""
    import logging
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    root = logging.getLogger()
    if isinstance(loglevel, int) and loglevel < root.level:
        root.setLevel(loglevel)


signals.task_prerun.connect(logs.task_started, dispatch_uid="storefront.logs.task_started")
signals.task_postrun.connect(logs.task_finished, dispatch_uid="storefront.logs.task_finished")


@signals.task_prerun.connect
@signals.task_postrun.connect
def database_connection_per_task_as_per_request(task=None, **kwargs):
    """Treat a worker's task like a request: its database connection is kept for CONN_MAX_AGE and health-checked,
    and closed after an error, by Django's own ``close_old_connections``.

    Celery's Django fix-up would otherwise close the connection before and after every task (settings.py raises
    CELERY_DB_REUSE_MAX so it seldom does), and every task would open a new PostgreSQL connection: measured, that
    halved the rate at which one worker applies Stripe events. Tasks run eagerly (the demo, the tests) run inside
    the caller's transaction and its connection, which must not be touched.
    """
    if task is not None and not getattr(task.request, "is_eager", False):
        from django.db import close_old_connections

        close_old_connections()
