"""Gunicorn's settings in production: ``gunicorn -c python:storefront.gunicorn storefront.wsgi``.

Workers: WEB_CONCURRENCY if set, else two per core plus one, gunicorn's own advice. Each request is mostly Python on
the CPU with short waits for PostgreSQL and Redis, so a few more workers than cores keep the cores busy; many more only
take turns on the same cores and make every request slower (benchmarks/checkout_bench.py measures it).
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
