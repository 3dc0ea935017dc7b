"""The co-op surplus the members share out, posted to the ledger.

Every payout run's close already sends its period's whole surplus to the co-op reserve (``payouts.runs.route``). A
distribution the members pass takes the other shares back out of it: one balanced transaction debits the surplus
account by what leaves the reserve and credits the community fund, the victim support fund and each member's
dividend payable. The next payout run pays those like any payable, routed by the member's status like wages, and
the reserve's own transfer in that run is smaller by the same amount (a shortfall stays on the surplus account and
is reported as a receivable, like any negative balance). The reserve's share needs no posting: it is already there.

Only paid runs are shared (their surplus has reached the reserve, and a paid run can no longer be cancelled), and
each run only once (``DistributedRun``). Dividends go to members with a maker record, the people the payout engine
knows how to pay, on the register when the last run's period ended.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from makers.models import Membership, Option
from payouts.core.surplus import Plan, distribute
from payouts.ledger import Leg, Posting, post
from payouts.models import Account, DistributedRun, Entry, PayoutItem, PayoutRun, Transaction

EARNING_KINDS = (Transaction.SALE, Transaction.REFUND, Transaction.DISPUTE, Transaction.REINSTATE)
"""What a maker earned in wages: sales less what was reversed (the levy is paid out of wages, not a smaller wage)."""


class SurplusError(ValueError):
    """A distribution that cannot be made as asked; the message says why, for the admin."""


def check_runs(runs):
    """Refuse runs that cannot be shared: none chosen, not yet paid, or shared already."""
    runs = list(runs)
    if not runs:
        raise SurplusError("Choose at least one paid payout run whose surplus the members will share.")
    unpaid = [run for run in runs if run.state != PayoutRun.PAID]
    if unpaid:
        raise SurplusError(f"Only the surplus of paid payout runs can be shared; not yet paid: "
                           f"{', '.join(str(run) for run in unpaid)}.")
    shared = DistributedRun.objects.filter(run__in=runs).select_related("run")
    if shared:
        raise SurplusError(f"The surplus of {', '.join(str(row.run) for row in shared)} has already been shared.")
    return runs


def surplus_of(runs):
    """Pence the runs sent to the co-op reserve: the surplus available to share."""
    items = PayoutItem.objects.filter(run__in=list(runs), account__kind=Account.SURPLUS)
    return items.aggregate(total=Sum("amount"))["total"] or 0


def surplus_available(runs):
    return surplus_of(check_runs(runs))


def plan_of(option):
    return Plan(option.reserve_pence, option.community_fund_pence, option.victim_fund_pence, option.dividend_pence)


def dividend_members(runs, rule):
    """[(membership, weight)] in member-number order (which breaks ties): members with a maker record on the
    register at the end of the last run's period; weight 1 each, or the wages they earned in the runs' periods."""
    runs = list(runs)
    end = max(run.period_end for run in runs)
    members = list(Membership.objects.in_force(end).filter(maker__isnull=False).order_by("number"))
    if rule == Option.EQUAL:
        return [(member, 1) for member in members]
    periods = Q()
    for run in runs:
        periods |= Q(transaction__occurred_at__lt=run.period_end) & (
            Q(transaction__occurred_at__gte=run.period_start) if run.period_start else Q())
    wages = dict(
        Entry.objects.filter(periods, account__kind=Account.WAGES, bucket="wages", transaction__kind__in=EARNING_KINDS,
                             maker_id__in=[member.maker_id for member in members])
        .values("maker_id").annotate(total=Sum("amount")).values_list("maker_id", "total"))
    return [(member, max(wages.get(member.maker_id, 0), 0)) for member in members]


def post_distribution(key, runs, option, occurred_at):
    """Share the runs' surplus as the option (a plan) says; returns the summary kept with the decision.

    Must run inside a transaction (the caller holds the proposal's lock). Refuses, writing nothing, a plan that does
    not add up to the surplus available, runs not paid or already shared, or a dividend no member can receive.
    """
    runs = check_runs(runs)
    available = surplus_of(runs)
    plan = plan_of(option)
    members = dividend_members(runs, option.dividend_rule)
    try:
        shares = distribute(available, plan, [weight for _, weight in members]).dividends
    except ValueError as refused:
        raise SurplusError(str(refused)) from None
    legs = [Leg(Account.SURPLUS, -plan.moved, bucket="surplus"),
            Leg(Account.COMMUNITY_FUND_KEY, plan.community_fund, bucket="surplus"),
            Leg(Account.VICTIM_FUND_KEY, plan.victim_fund, bucket="surplus")]
    legs += [Leg(Account.key_for(Account.DIVIDEND, member.maker_id), share, member.maker_id, "surplus")
             for (member, _), share in zip(members, shares)]
    summary = {"runs": sorted(run.pk for run in runs), "surplus": available, "reserve": plan.reserve,
               "community_fund": plan.community_fund, "victim_fund": plan.victim_fund, "dividend": plan.dividend,
               "rule": option.dividend_rule, "members_paid": sum(1 for share in shares if share)}
    try:
        with transaction.atomic():
            DistributedRun.objects.bulk_create([DistributedRun(run=run, key=key) for run in runs])
    except IntegrityError:
        raise SurplusError("Another distribution has just shared the surplus of one of these runs.") from None
    # Caused by the latest run it shares, like a run's own transactions: so the next close takes it whatever the
    # period it closes (payouts.runs.payable_balances), even one ending before the members decided.
    last = max(runs, key=lambda run: run.period_end)
    post(Posting(Transaction.DISTRIBUTION, key, occurred_at, legs, cause={"payout_run_id": last.pk, "terms": summary}))
    return summary
