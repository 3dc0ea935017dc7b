"""Browser tests: Debian's chromium driven by Playwright against the shop served by a real server process.

The server runs in its own process on the (reused) test database, so browser tests need no transactional test case
and leave the database as they found it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The sync Playwright API keeps an event loop in this thread; the ORM calls our fixtures make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError("browser tests are required (REQUIRE_BROWSER) but chromium is not installed")
    skip = pytest.mark.skip(reason="needs Debian's chromium: apt-get install chromium (CI installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def outbox(tmp_path_factory):
    """The folder where the server writes its emails, one file each (EMAIL_URL=file://...)."""
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="session")
def shop_url(demo_shop, tmp_path_factory, outbox):
    """The demo shop served by ``runserver`` in a separate process, on the test database."""
    port = free_port()
    # It inherits DJANGO_SETTINGS_MODULE=tests.settings, so it shares the tests' media and search index.
    env = os.environ | {"DATABASE_URL": test_database_url(), "DEBUG": "1", "EMAIL_URL": f"file://{outbox}"}
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
        env.pop(name, None)  # the demo gateway
    env.pop("CELERY_BROKER_URL", None)
    log = tmp_path_factory.mktemp("server") / "server.log"  # a file, not a pipe: runserver logs every request
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/shop/basket/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("the shop server did not start: " + log.read_text()[-2000:])
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
