"""Browser tests: Debian's chromium driven by Playwright against the shop served by a real server process.

The server runs in its own process on the (reused) test database, so browser tests need no transactional test case
and leave the database as they found it.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.servers import free_port, test_database_url

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The sync Playwright API keeps an event loop in this thread; the ORM calls our fixtures make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
WEBHOOK_SECRET = "whsec_e2e_localstripe"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError("browser tests are required (REQUIRE_BROWSER) but chromium is not installed")
    skip = pytest.mark.skip(reason="needs Debian's chromium: apt-get install chromium (CI installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)




@pytest.fixture(scope="session")
def outbox(tmp_path_factory):
    """The folder where the server writes its emails, one file each (EMAIL_URL=file://...)."""
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="session")
def shop_url(demo_shop, tmp_path_factory, outbox):
    """The demo shop served by ``runserver`` in a separate process, on the test database, with the demo gateway."""
    with shop_server(tmp_path_factory, outbox) as url:
        yield url


@contextmanager
def shop_server(tmp_path_factory, outbox, **settings):
    """Serve the shop with ``runserver`` in a separate process, on the test database, with no broker (Celery tasks
    run in their request) and the environment `settings`; yields its address once it answers."""
    port = free_port()
    # It inherits DJANGO_SETTINGS_MODULE=tests.settings, so it shares the tests' media and search index.
    env = os.environ | {"DATABASE_URL": test_database_url(), "DEBUG": "1", "EMAIL_URL": f"file://{outbox}"}
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
                 "STRIPE_JS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)  # the demo gateway, unless `settings` say otherwise
    log = tmp_path_factory.mktemp("server") / "server.log"  # a file, not a pipe: runserver logs every request
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env | settings, stdout=subprocess.DEVNULL, stderr=log.open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answered(url + "/shop/basket/", server, log, "the shop server")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    """A local Stripe API server (localstripe, corrected where it differs from Stripe: localstripe_server.py) in a
    separate process; yields its address and log once it answers."""
    log = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
    url = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("localstripe_server.py")),
                                url.rsplit(":", 1)[1]], stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_until_answered(url + "/js.stripe.com/v3/", process, log, "localstripe")
        yield SimpleNamespace(url=url, log=log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def stripe_shop_url(demo_shop, localstripe, tmp_path_factory, outbox):
    """The shop taking payments through Stripe's API as localstripe serves it, with localstripe's Stripe.js on the
    payment page and localstripe's signed webhooks sent to /webhooks/stripe/ (applied in their request)."""
    from storefront.shop.webhooks import HANDLERS

    with shop_server(tmp_path_factory, outbox, STRIPE_SECRET_KEY="sk_test_e2e", STRIPE_PUBLISHABLE_KEY="pk_test_e2e",
                     STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=localstripe.url,
                     STRIPE_JS_URL=localstripe.url + "/js.stripe.com/v3/") as url:
        webhook = {"url": url + "/webhooks/stripe/", "secret": WEBHOOK_SECRET, "events": sorted(HANDLERS)}
        urllib.request.urlopen(urllib.request.Request(localstripe.url + "/_config/webhooks/shop", method="POST",
                                                      data=json.dumps(webhook).encode()), timeout=5)
        yield url


def wait_until_answered(url, process, log, name):
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{name} did not start: " + log.read_text()[-2000:])
            time.sleep(0.3)


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
