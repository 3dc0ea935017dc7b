"""Settings used only by benchmarks/checkout_bench.py: production settings (DEBUG off), except that cookies travel
over the benchmark's plain-HTTP loopback connection, where production has TLS in front of gunicorn, and that with a
broker only the Stripe events reach the queue the benchmark's Celery worker reads: a paid order's pipeline (the payout
allocation, the emails, Stripe's fee, which would call Stripe itself) is parked on a queue nobody reads here."""

from storefront.settings import *  # noqa: F401,F403

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
CELERY_TASK_ROUTES = {"storefront.shop.tasks.apply_stripe_event": {"queue": "celery"}, "*": {"queue": "bench-parked"}}
