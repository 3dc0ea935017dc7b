"""Two co-op admins approve a payout run in the browser: the first closes a period and approves, is refused a second
approval, and the other admin's approval lets the run be marked paid.

The server commits the run, its events and audit entries to the shared test database; ``leave_no_trace`` (from the
checkout test) removes the payout rows afterwards and ``forget_audit`` the audit entries.
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from tests.e2e.test_checkout import leave_no_trace  # noqa: F401  a fixture, used by name

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


def sign_in(page, shop_url, email, password):
    page.goto(f"{shop_url}/shop/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    page.click("button[name=login_submit]")
    page.wait_for_load_state()


def test_a_run_needs_two_different_admins_then_is_paid(browser, shop_url, leave_no_trace, forget_audit):  # noqa: F811
    first = browser.new_context()
    page = first.new_page()
    sign_in(page, shop_url, *ADMINS[0])
    page.goto(f"{shop_url}/dashboard/payouts/close/")
    page.check("input[name=how][value=until]")
    page.fill("#id_day", "2020-01-05")
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
    page.click("text=Mark paid")
    page.click("button:has-text('Mark paid')")
    assert "Paid" in page.inner_text("h1")
    history = page.inner_text("body")
    assert "Approved by admin1@demo.throughthegate.example" in history
    assert "Approved by admin2@demo.throughthegate.example" in history
    second.close()
