"""Settings used only by benchmarks/checkout_bench.py: production settings (DEBUG off), except that cookies travel
over the benchmark's plain-HTTP loopback connection, where production has TLS in front of gunicorn."""

from storefront.settings import *  # noqa: F401,F403

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
