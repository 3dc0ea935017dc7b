"""Two co-op admins approve a payout run in the browser: the first closes a period with a sale and approves, is
refused a second approval, and the other admin's approval lets the run be marked paid, with a reference per payee.

The server commits the run, its events and audit entries to the shared test database; ``leave_no_trace`` (from the
checkout test) removes the payout rows afterwards, the order it pays included, and ``forget_audit`` the audit entries.
"""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from oscar.core.loading import get_model

from payouts.allocation import allocate_order
from payouts.testing import paid_order
from tests.e2e.test_checkout import leave_no_trace, with_connection  # noqa: F401  a fixture, used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
ADMINS = [("admin1@demo.throughthegate.example", "demo-admin1-pass"),
          ("admin2@demo.throughthegate.example", "demo-admin2-pass")]


@pytest.fixture
def forget_audit(demo_shop):
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM storefront_auditentry")
            last = cursor.fetchone()[0] or 0
        yield
        with own.cursor() as cursor:
            cursor.execute("DELETE FROM storefront_auditentry WHERE id > %s", [last])
    finally:
        own.close()


@pytest.fixture
def sale_in_2025(leave_no_trace):  # noqa: F811
    """A paid and allocated order of a demo product made by two makers, committed for the server to see."""
    Product = get_model("catalogue", "Product")
    own = connections.create_connection(DEFAULT_DB_ALIAS)

    def sell():
        product = next(p for p in Product.objects.filter(upc__startswith="DEMO-", structure="standalone")
                       .prefetch_related("attributions") if len(p.attributions.all()) == 2)
        allocate_order(paid_order([(product, 4000)], datetime.datetime(2025, 12, 30, 12, tzinfo=datetime.UTC)))

    try:
        with_connection(own, sell)
    finally:
        own.close()


def sign_in(page, shop_url, email, password):
    page.goto(f"{shop_url}/shop/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    page.click("button[name=login_submit]")
    page.wait_for_load_state()


def test_a_run_needs_two_different_admins_then_is_paid(browser, shop_url, sale_in_2025, forget_audit):
    first = browser.new_context()
    page = first.new_page()
    sign_in(page, shop_url, *ADMINS[0])
    page.goto(f"{shop_url}/dashboard/payouts/close/")
    page.check("input[name=how][value=until]")
    page.fill("#id_day", "2026-01-04")
    page.click("text=Close the period")
    assert "Closed, awaiting approval" in page.inner_text("h1")
    run_url = page.url
    page.click("button:has-text('Approve')")
    assert "Approved once, awaiting a second admin" in page.inner_text("h1")
    page.click("button:has-text('Approve')")
    assert "a second, different admin must approve it" in page.inner_text(".alert-danger")
    first.close()

    second = browser.new_context()
    page = second.new_page()
    sign_in(page, shop_url, *ADMINS[1])
    page.goto(run_url)
    page.click("button:has-text('Approve')")
    assert "Approved by two admins" in page.inner_text("h1")
    assert page.locator("#run-exports a").count() >= 2  # a CSV per kind of payee
    page.click("text=Mark paid")
    references = page.locator("input[name^=reference_]")
    assert references.count() >= 2
    for n in range(1, references.count()):
        references.nth(n).fill(f"BACS-{n}")
    page.click("button:has-text('Mark paid')")
    form = page.locator("form:has(input[name^=reference_])")
    assert "This field is required." in form.inner_text()  # the first one was left empty: nothing is paid yet
    assert "Mark payout run" in page.inner_text("h1")
    page.locator("input[name^=reference_]").first.fill("BACS-0")
    page.click("button:has-text('Mark paid')")
    assert "Paid" in page.inner_text("h1")
    history = page.inner_text("body")
    assert "Approved by admin1@demo.throughthegate.example" in history
    assert "Approved by admin2@demo.throughthegate.example" in history
    second.close()
