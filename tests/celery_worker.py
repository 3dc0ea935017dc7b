"""A real Celery worker on Redis for the tests that need one (CI sets TEST_CELERY_BROKER_URL; elsewhere they skip).

The worker runs in a subprocess on the test database (the test must be transactional, so the worker sees its rows)
and reads only `queue`, a name of the test's own, so tests never take each other's messages.
"""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def worker_broker():
    """The Redis URL for real workers; a skip here, a failure in CI (which must run them)."""
    broker = os.environ.get("TEST_CELERY_BROKER_URL")
    if not broker:
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("TEST_CELERY_BROKER_URL must point at Redis in CI")
        pytest.skip("set TEST_CELERY_BROKER_URL (a Redis URL) to run a real worker")
    return broker


def queue_name(prefix):
    return f"{prefix}-test-{uuid.uuid4().hex[:8]}"


@contextlib.contextmanager
def real_worker(broker, queue, options=(), env=None):
    """A `celery worker` process reading `queue` on `broker`, with more command-line `options` and environment `env`
    if given; stopped on leaving. Yields the process."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": broker, "VAR_DIR": str(settings.VAR_DIR),
           **(env or {})}
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "storefront", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=warning", "--without-heartbeat", "--without-gossip", "--without-mingle", *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def wait_for(worker, done, seconds=60):
    """Poll `done()` until it is true, the worker dies or time runs out; returns its last value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        if result := done():
            return result
        time.sleep(0.25)
    assert worker.poll() is None, worker.stdout.read().decode()
    return done()
