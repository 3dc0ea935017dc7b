"""The impact page's figures: what the ledger has allocated to each bucket, in total and by month, what the co-op
has paid in card and dispute fees, and how many member-makers there are by status. Aggregates only, summed in SQL;
never one maker's earnings (DOMAIN.md).

The figures are kept in the shared cache and refreshed when a payout run is paid (``invalidate``, connected to
``PayoutRun`` saves in ``storefront.apps``) or after ``TIMEOUT`` seconds, whichever comes first.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from makers.models import MakerStatus, Option, Proposal
from payouts.core.policy import BUCKETS
from payouts.fees import fees_total
from payouts.models import Entry, Transaction
from storefront.money import LABELS

CACHE_KEY = "storefront:impact:v3"  # v3: with the members' decisions on the surplus (a v2 copy has none)
TIMEOUT = 15 * 60
LONDON = zoneinfo.ZoneInfo("Europe/London")
ALLOCATION_KINDS = (Transaction.SALE, Transaction.REFUND, Transaction.DISPUTE, Transaction.REINSTATE,
                    Transaction.LEVY)
"""Transactions that move money into or out of the buckets; payout runs only settle them and are left out."""
STATUS_LABELS = {
    MakerStatus.SERVING_INSIDE: "Working in a prison workshop",
    MakerStatus.ROTL: "Working outside on temporary release",
    MakerStatus.RELEASED: "Members after release",
    MakerStatus.COMMUNITY: "Community members",
}


@dataclass(frozen=True)
class Amount:
    key: str
    label: str
    pence: int
    permille: int  # of the largest figure in its group, for the chart

    @property
    def pounds(self):
        return Decimal(self.pence) / 100


@dataclass(frozen=True)
class Month:
    month: datetime.date
    buckets: tuple[Amount, ...]

    @property
    def total(self):
        return sum(a.pence for a in self.buckets)


@dataclass(frozen=True)
class Decision:
    """A surplus distribution the members passed and the co-op applied: totals only, never one member's dividend."""

    title: str
    decided_on: datetime.date
    cast: int
    register: int
    shares: tuple[tuple[str, Decimal], ...]  # (where, pounds), in the plan's order
    members_paid: int


@dataclass(frozen=True)
class Figures:
    totals: tuple[Amount, ...]
    months: tuple[Month, ...]
    makers: tuple[tuple[str, int], ...] = field(default=())
    fees: int = 0  # pence the payment processor kept, net of any it gave back; the co-op's cost, in no bucket
    decisions: tuple[Decision, ...] = ()

    @property
    def fees_pounds(self):
        return Decimal(self.fees) / 100

    @property
    def total(self):
        return sum(a.pence for a in self.totals)

    @property
    def total_pounds(self):
        return Decimal(self.total) / 100

    @property
    def maker_count(self):
        return sum(n for _, n in self.makers)


def _amounts(pence_by_bucket, scale):
    return tuple(
        Amount(b, LABELS[b], pence_by_bucket.get(b, 0), pence_by_bucket.get(b, 0) * 1000 // scale if scale > 0 else 0)
        for b in BUCKETS
    )


def compute(today=None):
    """The figures straight from the database: four aggregate queries."""
    entries = Entry.objects.filter(bucket__in=BUCKETS, transaction__kind__in=ALLOCATION_KINDS)
    totals = dict(entries.values_list("bucket").annotate(total=Sum("amount")).values_list("bucket", "total"))
    rows = (
        entries.annotate(month=TruncMonth("transaction__occurred_at", tzinfo=LONDON))
        .values("month", "bucket").annotate(total=Sum("amount")).order_by("month", "bucket")
    )
    by_month = {}
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        by_month.setdefault(month, {})[row["bucket"]] = row["total"]
    largest_month = max((sum(v for v in m.values() if v > 0) for m in by_month.values()), default=0)
    counts = dict(
        MakerStatus.objects.in_force(today).values_list("status").annotate(n=Count("maker_id", distinct=True))
        .values_list("status", "n")
    )
    return Figures(
        totals=_amounts(totals, max(totals.values(), default=0)),
        months=tuple(Month(month, _amounts(values, largest_month)) for month, values in sorted(by_month.items())),
        makers=tuple((STATUS_LABELS[status], counts.get(status, 0)) for status in STATUS_LABELS),
        fees=fees_total(),
        decisions=decisions(),
    )


SHARE_LABELS = (("reserve_pence", "Kept in the co-op's reserve"), ("community_fund_pence", "To the community fund"),
                ("victim_fund_pence", "To the victim support fund"),
                ("dividend_pence", "Shared among members as a dividend"))


def decisions():
    """The surplus distributions applied, newest first: the plan that carried, and how many members its dividend
    reached (from what was posted; three queries)."""
    applied = list(Proposal.objects.filter(kind=Proposal.SURPLUS, applied_at__isnull=False).order_by("-applied_at"))
    plans = Option.objects.in_bulk([proposal.results["carried"] for proposal in applied])
    posted = dict(Transaction.objects.filter(kind=Transaction.DISTRIBUTION,
                                             idempotency_key__in=[f"surplus:proposal:{p.pk}" for p in applied])
                  .values_list("idempotency_key", "terms"))
    return tuple(
        Decision(title=proposal.title, decided_on=proposal.closed_at.astimezone(LONDON).date(),
                 cast=proposal.results["cast"], register=proposal.results["register"],
                 shares=tuple((label, Decimal(getattr(plan, field)) / 100) for field, label in SHARE_LABELS
                              if getattr(plan, field)),
                 members_paid=(posted.get(f"surplus:proposal:{proposal.pk}") or {}).get("members_paid", 0))
        for proposal in applied for plan in [plans[proposal.results["carried"]]])


def figures():
    value = cache.get(CACHE_KEY)
    if value is None:
        value = compute()
        cache.set(CACHE_KEY, value, TIMEOUT)
    return value


def invalidate():
    """Forget the cached figures once the current transaction commits; the payout engine calls this when a run is
    paid (through the ``PayoutRun`` receiver in ``storefront.apps``)."""
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def payout_run_saved(sender, instance, **kwargs):
    if instance.state == instance.PAID:
        invalidate()
