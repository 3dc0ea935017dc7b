"""Gunicorn's settings in production: ``gunicorn -c python:storefront.gunicorn storefront.wsgi``.

Workers: WEB_CONCURRENCY if set, else two per core plus one, gunicorn's own advice. Each request is mostly Python on
the CPU with short waits for PostgreSQL and Redis, so a few more workers than cores keep the cores busy; many more only
take turns on the same cores and make every request slower (benchmarks/checkout_bench.py measures it).
"""

import gc
import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")


def post_worker_init(worker):
    """Put what the worker has loaded (Django, Oscar, Wagtail: some 300,000 objects that live as long as it does)
    out of the garbage collector's sight. Its full collections otherwise walk them all and stall the request that
    triggers one by about 0.2 s; frozen, the same collection takes about 20 ms (measured on the webhook's requests)."""
    gc.freeze()
