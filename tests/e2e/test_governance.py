"""Members decide the surplus, in the browser: the demo maker votes online, the instructor enters Sol's paper ballot
and a co-op admin confirms it, the admin closes the vote, sees the results, applies the distribution, and the next
payout run pays the community fund and the members' dividends.

The paid payout run whose surplus is shared is made beforehand on a committed connection of the test's own; the
server commits everything else to the shared test database. ``leave_no_trace`` removes the orders and payout rows
afterwards, ``forget_audit`` the audit entries and ``forget_meetings`` the meetings, proposals and ballots.
"""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from makers import governance
from makers.models import Attribution, Proposal
from payouts.allocation import allocate_order
from payouts.runs import approve, close_period, mark_paid
from payouts.testing import paid_order
from storefront.demo_loader import LOGINS
from tests.e2e.test_checkout import constraints_off, leave_no_trace, with_connection  # noqa: F401  a fixture, used by name
from tests.e2e.test_payouts import forget_audit, sign_in  # noqa: F401  a fixture, used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
SHARE = "Share it: reserve, community fund and a dividend"
MEETING_TABLES = ("makers_meeting", "makers_proposal", "makers_option", "makers_participation",
                  "makers_proposal_surplus_runs")


@pytest.fixture
def forget_meetings(demo_shop):
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            last = {}
            for table in MEETING_TABLES:
                cursor.execute(f"SELECT MAX(id) FROM {table}")
                last[table] = cursor.fetchone()[0] or 0
        yield own
        with own.cursor() as cursor, constraints_off(cursor):
            cursor.execute("DELETE FROM makers_ballot WHERE proposal_id > %s", [last["makers_proposal"]])
            for table in reversed(MEETING_TABLES):
                cursor.execute(f"DELETE FROM {table} WHERE id > %s", [last[table]])
    finally:
        own.close()


def user(email):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


def a_paid_run_and_a_surplus_proposal():
    """Danny (released, the demo maker's login) and Sol (inside) each sold a piece ten days ago; the run that closed
    it three days ago is paid; the AGM is asked how to share its surplus, voting open now."""
    now = timezone.now()
    admins = (user(LOGINS[3][1]), user(LOGINS[4][1]))
    for maker in ("danny", "sol"):
        product = Attribution.objects.filter(maker__slug=maker).first().product
        allocate_order(paid_order([(product, 4000)], now - datetime.timedelta(days=10)))
    run = close_period(now - datetime.timedelta(days=3))
    approve(run, admins[0])
    approve(run, admins[1])
    run = mark_paid(run, admins[0], {payee.pk: "BACS-E2E" for payee in run.payees.all()})
    surplus = sum(run.items.filter(account__kind="coop_surplus").values_list("amount", flat=True))
    meeting = governance.open_meeting(admins[0], title="Surplus meeting")
    community = surplus // 4
    return governance.add_proposal(
        meeting, admins[0], runs=[run], kind=Proposal.SURPLUS, title="Sharing the surplus", text="Two plans.",
        quorum_percent=5, opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1),
        options=[{"label": SHARE, "reserve_pence": surplus - community - 200, "community_fund_pence": community,
                  "dividend_pence": 200, "dividend_rule": "equal"},
                 {"label": "Keep it all in the reserve", "reserve_pence": surplus}])


def test_members_vote_on_the_surplus_and_the_next_run_pays_it(browser, shop_url, leave_no_trace,  # noqa: F811
                                                              forget_audit, forget_meetings):  # noqa: F811
    proposal = with_connection(forget_meetings, a_paid_run_and_a_surplus_proposal)
    proposal_url = f"{shop_url}/dashboard/governance/proposals/{proposal.pk}/"

    maker = browser.new_context()
    page = maker.new_page()
    sign_in(page, shop_url, "maker@demo.throughthegate.example", "demo-maker-pass")
    page.goto(f"{shop_url}/shop/accounts/votes/")
    page.click("text=Sharing the surplus")
    page.get_by_label(SHARE).check()
    page.click("button:has-text('Cast my vote')")
    assert "Your receipt code is" in page.inner_text(".alert-success")
    assert "Votes cast" not in page.content()  # no results before the close
    maker.close()

    instructor = browser.new_context()
    page = instructor.new_page()
    sign_in(page, shop_url, LOGINS[2][1], LOGINS[2][4])
    page.goto(f"{shop_url}/dashboard/governance/proposals/{proposal.pk}/ballot-papers/")
    sol = page.locator("section.paper", has_text="(Sol)")
    reference = sol.locator("strong").last.inner_text()
    number = sol.inner_text().split("Member ")[1].split(" ")[0]
    page.goto(proposal_url)
    page.select_option("#id_member", label=f"{number} (Sol)")
    page.fill("#id_reference", reference)
    page.get_by_label(SHARE).check()
    page.click("button:has-text('Enter the ballot paper')")
    assert "a second person must now confirm it" in page.inner_text("body")
    instructor.close()

    admin = browser.new_context()
    page = admin.new_page()
    sign_in(page, shop_url, LOGINS[3][1], LOGINS[3][4])
    page.goto(proposal_url)
    page.locator("input[name$='-reference']").fill(reference)
    page.locator("input[name$='-option']").first.check()
    page.click(f"button:has-text('Confirm {reference}')")
    assert "it is counted" in page.inner_text("body")
    assert "Votes counted so far: 2" in page.inner_text("body")

    with forget_meetings.cursor() as cursor:  # the clock runs on to the closing time
        cursor.execute("UPDATE makers_proposal SET closes_at = %s WHERE id = %s",
                       [timezone.now() - datetime.timedelta(seconds=1), proposal.pk])
    page.reload()
    page.click("button:has-text('Close the vote and count it')")
    results = page.inner_text(".governance-results")
    assert "Votes cast: 2 of" in results and f"{SHARE} (carried)" in results
    page.click("button:has-text('Apply the distribution to the ledger')")
    assert "the next payout run pays it" in page.inner_text("body")

    page.goto(f"{shop_url}/dashboard/payouts/close/")
    page.check("input[name=how][value=until]")
    page.fill("#id_day", (timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.click("text=Close the period")
    payees = page.inner_text("table")
    assert "Community fund" in payees and "Member's own account: Danny" in payees
    assert "Establishment" in payees  # Sol's dividend goes to his private cash, as his wages do
    admin.close()
