"""The surplus the members share out: a plan that adds up, posted once as a balanced transaction, paid by the next
payout run to the funds and to each member where their wages go."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from makers import governance
from makers.governance import GovernanceError
from makers.models import Attribution, Membership, Option, Proposal
from payouts.allocation import allocate_order
from payouts.core.split import largest_remainder
from payouts.ledger import balance
from payouts.models import Account, DistributedRun, Entry, PayoutPayee, PayoutRun, Transaction
from payouts.policies import load_default_policies
from payouts.runs import approve, close_period, mark_paid
from payouts.testing import paid_order
from storefront import audit
from storefront.models import AuditEntry
from tests.factories import make_maker, make_product, make_user
from tests.makers.governance_setup import inside_member, make_member, online_member, people, time_is_up

pytestmark = pytest.mark.django_db
SHARE, KEEP = "Share it out", "Keep it all in the reserve"


def sell(maker, pence, when):
    product = make_product("art")
    Attribution.objects.create(product=product, maker=maker)
    allocate_order(paid_order([(product, pence)], when))


def paid_run(end, admins):
    run = close_period(end)
    approve(run, admins[0])
    approve(run, admins[1])
    return mark_paid(run, admins[0], {payee.pk: "BACS-1" for payee in run.payees.all()})


@pytest.fixture
def w(settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    world = people()
    now = timezone.now()
    world["user"], world["released"] = online_member()
    world["inside"] = inside_member(world["north"])
    make_member(member_class=Membership.SUPPORTER, user=make_user())  # no maker: no dividend
    make_member(maker=make_maker(), ended_on=datetime.date(2025, 1, 1))  # left before the period ended
    sell(world["released"].maker, 4000, now - datetime.timedelta(days=10))  # surplus 25%: 1000p, wages 2800p
    sell(world["inside"].maker, 2000, now - datetime.timedelta(days=9))  # surplus 20%: 400p, wages 1000p
    world["run"] = paid_run(now - datetime.timedelta(days=3), (world["admin"], world["admin2"]))
    return world


def plans(share=(400, 300, 200, 500), rule=Option.WAGES):
    reserve, community, victim, dividend = share
    return [{"label": SHARE, "reserve_pence": reserve, "community_fund_pence": community,
             "victim_fund_pence": victim, "dividend_pence": dividend, "dividend_rule": rule},
            {"label": KEEP, "reserve_pence": sum(share)}]


def distribution(w, runs=None, options=None):
    now = timezone.now()
    meeting = governance.open_meeting(w["admin"], title="Annual general meeting")
    return governance.add_proposal(
        meeting, w["admin"], options=options or plans(), runs=runs or [w["run"]], kind=Proposal.SURPLUS,
        title="This year's surplus", text="How to share £14.00.", quorum_percent=10,
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))


def passed(w, proposal, label=SHARE):
    choice = proposal.options.get(label=label)
    governance.cast_vote(proposal, w["user"], choice)
    entry = governance.enter_paper_ballot(proposal, w["inside"], choice,
                                          governance.paper_reference(proposal, w["inside"]), w["instructor"])
    governance.confirm_paper_ballot(entry, w["admin"], entry.ballot_reference, choice)
    return governance.close_proposal(time_is_up(proposal), w["admin"])


def test_a_passed_distribution_is_posted_once_and_the_next_run_pays_it(w):
    assert w["run"].items.filter(account__kind=Account.SURPLUS).aggregate(t=Sum("amount"))["t"] == 1400
    proposal = passed(w, distribution(w))
    assert governance.results_of(proposal).carried == SHARE
    summary = governance.apply_distribution(proposal, w["admin"])
    assert summary == {"runs": [w["run"].pk], "surplus": 1400, "reserve": 400, "community_fund": 300,
                       "victim_fund": 200, "dividend": 500, "rule": "wages", "members_paid": 2}
    with pytest.raises(GovernanceError, match="already applied on .* nothing was posted again"):
        governance.apply_distribution(proposal, w["admin2"])
    posted = Transaction.objects.get(kind=Transaction.DISTRIBUTION)
    assert posted.idempotency_key == f"surplus:proposal:{proposal.pk}"
    assert sum(posted.entries.values_list("amount", flat=True)) == 0
    released, inside = w["released"].maker, w["inside"].maker
    # 500p by wages of 2800p and 1000p, members in number order.
    expected = dict(zip([released.pk, inside.pk], largest_remainder(500, [2800, 1000])))
    assert dict(posted.entries.filter(account__kind=Account.DIVIDEND).values_list("maker_id", "amount")) == expected
    assert balance(Account.COMMUNITY_FUND_KEY) == 300 and balance(Account.VICTIM_FUND_KEY) == 200
    assert balance(Account.SURPLUS) == -1000  # the reserve got 1400p at the close; 1000p of it is shared out
    assert list(DistributedRun.objects.values_list("run_id", flat=True)) == [w["run"].pk]
    assert audit.trail(proposal).get(action="governance.distribution_applied").after == summary

    # The next run pays it, even one closing a period that ended before the members decided (the usual weekly close).
    following = close_period(timezone.now() - datetime.timedelta(days=1), by=w["admin"])
    payees = {(payee.kind, payee.name): payee.amount for payee in following.payees.all()}
    assert payees[(PayoutPayee.COMMUNITY_FUND, "Community fund")] == 300
    assert payees[(PayoutPayee.VICTIM_FUND, "Victim support fund")] == 200
    items = {(item.maker_id, item.payee.kind): item.amount
             for item in following.items.filter(account__kind=Account.DIVIDEND).select_related("payee")}
    assert items == {(released.pk, PayoutPayee.MEMBER): expected[released.pk],
                     (inside.pk, PayoutPayee.ESTABLISHMENT): expected[inside.pk]}
    reserve = following.items.get(account__kind=Account.SURPLUS)
    assert (reserve.balance, reserve.amount) == (-1000, 0)  # carried forward: the reserve owes it back


def test_an_equal_dividend_goes_to_every_member_maker_on_the_register(w):
    proposal = passed(w, distribution(w, options=plans((0, 0, 0, 1401 - 1), rule=Option.EQUAL)))
    governance.apply_distribution(proposal, w["admin"])
    dividends = Entry.objects.filter(account__kind=Account.DIVIDEND)
    assert sorted(dividends.values_list("amount", flat=True)) == [700, 700]
    assert set(dividends.values_list("maker_id", flat=True)) == {w["released"].maker_id, w["inside"].maker_id}


def test_keeping_it_all_in_the_reserve_posts_nothing_but_shares_the_run(w):
    proposal = passed(w, distribution(w), label=KEEP)
    summary = governance.apply_distribution(proposal, w["admin"])
    assert summary["reserve"] == 1400 and not Transaction.objects.filter(kind=Transaction.DISTRIBUTION).exists()
    assert DistributedRun.objects.filter(run=w["run"]).exists()


@pytest.mark.parametrize(("options", "message"), [
    (plans((400, 300, 200, 499)), "“Share it out”: The amounts add up to £13.99 but the surplus available is "
                                  "£14.00: £0.01 left unshared."),
    (plans()[:1] + [{"label": KEEP, "reserve_pence": 1500}], "£1.00 too much"),
])
def test_a_plan_that_does_not_add_up_to_the_surplus_is_refused(w, options, message):
    with pytest.raises(ValidationError) as refused:
        distribution(w, options=options)
    assert message in " ".join(refused.value.messages)
    assert not Proposal.objects.filter(title="This year's surplus").exists()


def test_only_paid_runs_not_yet_shared_can_be_shared(w):
    unpaid = close_period(timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="Only the surplus of paid payout runs can be shared"):
        distribution(w, runs=[unpaid])
    first, second = distribution(w), distribution(w)
    governance.apply_distribution(passed(w, first), w["admin"])
    second = passed(w, second)
    before = (Transaction.objects.count(), AuditEntry.objects.count())
    with pytest.raises(GovernanceError, match="has already been shared"):
        governance.apply_distribution(second, w["admin"])
    second.refresh_from_db()
    assert second.applied_at is None and (Transaction.objects.count(), AuditEntry.objects.count()) == before
    with pytest.raises(ValidationError, match="has already been shared"):
        distribution(w)


def test_a_distribution_is_applied_only_after_the_close_and_only_if_a_plan_carried(w):
    proposal = distribution(w)
    with pytest.raises(GovernanceError, match="must be closed and counted"):
        governance.apply_distribution(proposal, w["admin"])
    proposal = governance.close_proposal(time_is_up(proposal), w["admin"])  # nobody voted: no quorum
    with pytest.raises(GovernanceError, match="passed none of the plans"):
        governance.apply_distribution(proposal, w["admin"])
    with pytest.raises(GovernanceError, match="right to apply surplus distributions"):
        governance.apply_distribution(proposal, w["instructor"])
    assert not DistributedRun.objects.exists() and not PayoutRun.objects.filter(state="draft").exists()


def test_the_impact_page_shows_what_the_members_decided_in_totals_only(demo_shop, w, client,
                                                                       django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from storefront import impact
    from storefront.models import ImpactPage

    proposal = passed(w, distribution(w))
    cache.set(impact.CACHE_KEY, impact.compute())
    with django_capture_on_commit_callbacks(execute=True):
        governance.apply_distribution(proposal, w["admin"])
    assert cache.get(impact.CACHE_KEY) is None  # applying refreshes the figures
    html = client.get(ImpactPage.objects.live().get().url).content.decode()
    assert "What the members decided" in html and "This year&#x27;s surplus" in html
    for figure in ("£4.00", "£3.00", "£2.00", "£5.00", "with 2 of"):
        assert figure in html
    assert "The dividend reached 2 members" in html
    shares = Entry.objects.filter(account__kind=Account.DIVIDEND).values_list("amount", flat=True)
    assert not [share for share in shares if f"£{share // 100}.{share % 100:02d}" in html]
