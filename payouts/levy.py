"""Posting the statutory weekly levy on ROTL makers' wages when a Europe/London week is closed (DOMAIN.md).

The week's net wage earnings under the rotl policy (sales less reversals) are summed per maker by the money core
(payouts.core.levy); the levy moves from the maker's wages to their reparation, which the prison service's earnings
centre receives with the wages. Run again after late refunds, it posts only the difference.

A sale can arrive after its week was closed: the order was placed on Sunday but its payment confirmed on Monday
after the close, or a lost allocation task was swept up later. Its wages count in the week the order was placed (as
the statement shows them), so without more it would escape that week's levy. Allocation therefore calls
``post_late_levy`` for ROTL sales dated before the end of the last closed payout period, in the same database
transaction as the sale: the week's levy is worked out again for those makers and only the difference is posted,
dated at the start of that week; the next payout run pays it (the closed run's snapshot is never changed).
"""

import datetime

from django.db import connection, transaction
from django.db.models import Sum

from payouts.core.levy import LONDON, weekly_levy
from payouts.ledger import Leg, Posting, account_ids, post
from payouts.models import Account, Entry, PayoutRun, SplitPolicy, Transaction


def week_bounds(week_start: datetime.date):
    """Monday 00:00 to the next Monday 00:00, London time, as aware datetimes (7 days of 167 to 169 hours)."""
    start = datetime.datetime.combine(week_start, datetime.time(0), LONDON)
    end = datetime.datetime.combine(week_start + datetime.timedelta(days=7), datetime.time(0), LONDON)
    return start, end


def post_weekly_levy(week_start: datetime.date, maker_ids=None):
    """Post the levy due for the London week starting on Monday `week_start`; returns the transactions posted.

    With `maker_ids`, only those makers' levy is worked out again (for late sales).
    """
    if week_start.weekday() != 0:
        raise ValueError(f"A levy week starts on a Monday; {week_start} is a {week_start:%A}")
    start, end = week_bounds(week_start)
    policy = SplitPolicy.objects.in_force("rotl", start)
    if policy is None:
        return []
    earnings = (
        Entry.objects.filter(bucket="wages", policy__status="rotl", transaction__occurred_at__gte=start,
                             transaction__occurred_at__lt=end)
        .exclude(transaction__kind=Transaction.LEVY)
        .values_list("maker_id", "transaction__occurred_at", "amount")
    )
    if maker_ids is not None:
        earnings = earnings.filter(maker_id__in=list(maker_ids))
    by_maker = {}
    for maker_id, moment, pence in earnings:
        by_maker.setdefault(maker_id, []).append((moment, pence))
    posted = []
    for maker_id, moments in sorted(by_maker.items()):
        due = sum(week.levy for week in weekly_levy(moments, policy.levy_rate_bp, policy.levy_threshold_pence))
        row = _post_difference(maker_id, week_start, start, due)
        if row:
            posted.append(row)
    return posted


def lock_closing(shared=False):
    """The lock that orders closing a week against allocating into it: the "payouts due" account's row.

    Closing (levy, then payout run) takes it exclusively; allocation takes it shared just before it looks for
    late sales, so either the close sees the sale, or the allocation sees the close and posts the difference.
    """
    account_ids([Account.PAYOUTS_DUE])
    if not shared:
        Account.objects.select_for_update().get(key=Account.PAYOUTS_DUE)
    elif connection.vendor == "postgresql":  # the ORM has no FOR SHARE; SQLite serialises writers anyway
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM payouts_account WHERE key = %s FOR SHARE", [Account.PAYOUTS_DUE])


def closed_until():
    """The end of the last payout period closed (and not cancelled), or None."""
    return (PayoutRun.objects.exclude(state=PayoutRun.CANCELLED).order_by("-period_end")
            .values_list("period_end", flat=True).first())


def post_late_levy(maker_weeks):
    """Work out again the levy of closed weeks that received ROTL sales: `maker_weeks` is {(maker_id, Monday)}.

    Allocation calls it, in its own database transaction, with the weeks of the ROTL sales it has just posted.
    A week is closed when it ends no later than the last closed payout period (close_week posts its levy first);
    for those weeks only the difference is posted. Returns the transactions posted.
    """
    if not maker_weeks:
        return []
    lock_closing(shared=True)
    until = closed_until()
    weeks = sorted({week for _, week in maker_weeks if until is not None and week_bounds(week)[1] <= until})
    posted = []
    for week in weeks:
        posted += post_weekly_levy(week, maker_ids={maker for maker, day in maker_weeks if day == week})
    return posted


def _post_difference(maker_id, week_start, start, due):
    wages = Account.key_for(Account.WAGES, maker_id=maker_id)
    with transaction.atomic():
        # The maker's wages account row serialises levy postings for that maker.
        account_ids([wages])
        Account.objects.select_for_update().get(key=wages)
        prefix = f"levy:maker:{maker_id}:{week_start.isoformat()}:"
        # The levy postings of this maker's week (keys prefix:1, prefix:2...), found by maker and week start.
        levies = Transaction.objects.filter(kind=Transaction.LEVY, maker_id=maker_id, occurred_at=start)
        earlier = Entry.objects.filter(transaction__in=levies, bucket="reparation")
        already = earlier.aggregate(total=Sum("amount"))["total"] or 0
        count = levies.count()
        change = due - already
        if not change:
            return None
        legs = [Leg(wages, -change, maker_id, "wages"),
                Leg(Account.key_for(Account.REPARATION, maker_id=maker_id), change, maker_id, "reparation")]
        return post(Posting(Transaction.LEVY, f"{prefix}{count + 1}", start, legs, {"maker_id": maker_id}))
