"""A guest buys a beer and a textile with the demo gateway, confirms their age, and gets the confirmation email.

The server writes emails to files (EMAIL_URL=file://..., the ``outbox`` fixture), so the test reads the real email
the buyer gets. The server commits a real order, its ledger entries and its stock allocation to the shared test
database, so ``leave_no_trace`` removes them afterwards: the other tests expect an empty ledger.
"""

import contextlib
import re

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from payouts.policies import load_default_policies

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
APPS = ("order", "payment", "basket", "shop", "payouts", "communication")


def tables():
    models = [model for label in APPS for model in apps.get_app_config(label).get_models()]
    models += [field.remote_field.through for model in models for field in model._meta.local_many_to_many
               if field.remote_field.through._meta.auto_created]
    return {model._meta.db_table: model._meta.pk.column for model in models}


@pytest.fixture
def leave_no_trace(demo_shop):
    """Delete the rows the checkout wrote (above each table's last id before the test) and give the stock back.

    It works through a connection of its own, outside the test's transaction, so the cleanup is committed.
    """
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            before = {}
            for table, pk in tables().items():
                cursor.execute(f"SELECT MAX({pk}) FROM {table}")
                before[table] = (pk, cursor.fetchone()[0] or 0)
            cursor.execute("SELECT id, num_allocated FROM partner_stockrecord")
            allocated = cursor.fetchall()
        with_connection(own, load_default_policies)  # the paid order is allocated by these (removed again below)
        yield
        with own.cursor() as cursor, constraints_off(cursor):
            for table, (pk, last) in before.items():
                cursor.execute(f"DELETE FROM {table} WHERE {pk} > %s", [last])
            cursor.executemany("UPDATE partner_stockrecord SET num_allocated = %s WHERE id = %s",
                               [(value, pk) for pk, value in allocated])
    finally:
        own.close()


@contextlib.contextmanager
def constraints_off(cursor):
    """Foreign keys (and on PostgreSQL the ledger's append-only triggers) off on this cursor's connection, for a
    browser test's clean-up only: PostgreSQL's replica role, SQLite's foreign_keys pragma."""
    postgres = cursor.db.vendor == "postgresql"
    cursor.execute("SET session_replication_role = replica" if postgres else "PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        cursor.execute("SET session_replication_role = DEFAULT" if postgres else "PRAGMA foreign_keys = ON")


def with_connection(own, function):
    """Run `function` on our own (committed) connection instead of the test's."""
    test_connection = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = own
    try:
        return function()
    finally:
        connections[DEFAULT_DB_ALIAS] = test_connection


def add_first_of(page, shop_url, line):
    page.goto(shop_url + "/")
    page.get_by_role("link", name=line, exact=True).first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/category/"))
    page.locator("article.product_pod h3 a").first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/[\w-]+_\d+/"))
    title = page.locator("h1").first.inner_text().strip()
    variants = page.locator(".ttg-variants a")
    if variants.count():  # a textile: its sizes and colours are variants, each with its own page
        variants.first.click()
        page.wait_for_url(re.compile(r"/shop/catalogue/[\w-]+_\d+/"))
    form = page.locator("#add_to_basket_form")
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    return title


def check_out_as_guest(page, shop_url, email):
    """The first steps of checkout for a guest: their email, then a UK delivery address."""
    page.goto(shop_url + "/shop/checkout/")
    guest_details(page, email)


def guest_details(page, email):
    """On checkout's first page: a guest's email, then a UK delivery address."""
    page.fill("#id_username", email)
    page.check("input[name=options][value=anonymous]")
    page.locator("form:has(#id_username) [type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    for field, value in (("first_name", "Alex"), ("last_name", "Buyer"), ("line1", "2 Mill Lane"),
                         ("line4", "Leeds"), ("postcode", "LS1 4AP")):
        page.fill(f"#id_{field}", value)
    page.locator("form:has(#id_line1) [type=submit]").click()


def test_guest_buys_beer_and_a_textile_with_the_demo_gateway(shop_url, page, outbox, leave_no_trace):
    beer = add_first_of(page, shop_url, "Craft beer")
    textile = add_first_of(page, shop_url, "Textiles")

    check_out_as_guest(page, shop_url, "e2e-buyer@example.org")

    # Beer in the basket: one courier with ID checks, so Oscar goes straight on to the payment page.
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    assert page.locator("#demo-gateway").is_visible()
    assert page.locator("#id_confirm_18").get_attribute("required") is not None  # and the server checks again
    page.fill("#id_date_of_birth", "1990-05-01")
    page.check("#id_confirm_18")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert page.locator("#age-confirmed").is_visible()
    assert page.locator("#demo-gateway").is_visible()
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    number = re.search(r"Order (\d+)", page.locator("h1").first.inner_text()).group(1)
    assert page.locator("#id-check-note").is_visible()
    assert "Paid" in page.locator("#payment-status").inner_text()

    confirmation = [path.read_text() for path in outbox.iterdir()]
    confirmation = [text for text in confirmation if f"order {number} is confirmed" in text]
    assert len(confirmation) == 1
    email = confirmation[0]
    assert "To: e2e-buyer@example.org" in email
    assert beer in email and textile in email, email
    assert "ID check on delivery (Challenge 25): hand only to the buyer" in email

    # A card payment is confirmed by Stripe's webhook, a moment after the buyer is back: the page waits and then says
    # so by itself. Here the order is put back to waiting, and "confirmed" later, by the database, as the worker would.
    set_status(number, "Pending payment")
    page.reload()
    waiting = page.locator("#payment-waiting")
    assert waiting.get_attribute("role") == "status" and "waiting for the payment service" in waiting.inner_text()
    set_status(number, "Paid")
    # A locator, not wait_for_function's string: the Content-Security-Policy refuses eval.
    page.locator("#payment-waiting", has_text="payment is confirmed").wait_for(timeout=15000)
    assert "Your payment is confirmed (Paid)" in waiting.inner_text()


def set_status(number, status):
    """Change an order's status on a connection of our own (autocommit), which the shop's server process sees."""
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            cursor.execute("UPDATE order_order SET status = %s WHERE number = %s", [status, number])
    finally:
        own.close()


def serious_violations(page):
    """axe-core's serious and critical findings on the page as it is now (none are allowed)."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("networkidle")
    found = Axe().run(page).response["violations"]
    return [(page.url, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in found if v["impact"] in ("serious", "critical")]


def test_every_checkout_step_passes_axe(shop_url, page, leave_no_trace):
    """Guest details, address, shipping method, payment (with the age check), preview and confirmation."""
    found = []
    add_first_of(page, shop_url, "Textiles")
    page.goto(shop_url + "/shop/checkout/")
    found += serious_violations(page)  # guest details
    page.fill("#id_username", "axe-buyer@example.org")
    page.check("input[name=options][value=anonymous]")
    page.locator("form:has(#id_username) [type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    found += serious_violations(page)
    for field, value in (("first_name", "Alex"), ("last_name", "Buyer"), ("line1", "2 Mill Lane"),
                         ("line4", "Leeds"), ("postcode", "LS1 4AP")):
        page.fill(f"#id_{field}", value)
    page.locator("form:has(#id_line1) [type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-method/"))  # a textile: standard or tracked post
    found += serious_violations(page)

    add_first_of(page, shop_url, "Craft beer")  # now only the ID-checking courier, and the age check
    page.goto(shop_url + "/shop/checkout/shipping-method/")
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    found += serious_violations(page)
    page.fill("#id_date_of_birth", "1990-05-01")
    page.check("#id_confirm_18")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    found += serious_violations(page)
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    found += serious_violations(page)
    assert found == [], "\n".join(map(str, found))
