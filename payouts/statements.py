"""A maker's statement for a period, as data: what sold, the gross wage share, each deduction and its rule, and
where the money is paid. Everything comes from the ledger, so a statement always agrees with the payouts.

A statement is the maker's own (an instructor prints it for makers with no internet access): it names no
establishment and no prisoner number.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from oscar.core.loading import get_model

from makers.models import MakerStatus
from payouts.core.levy import LONDON
from payouts.core.units import percent
from payouts.models import Entry, Transaction
from payouts.runs import pounds

Line = get_model("order", "Line")

MAKER_PART = ("wages", "reparation", "room_board")
BUCKET_NAMES = {"reparation": "Reparation to victims", "room_board": "Room and board"}
WHERE = {
    ("wages", MakerStatus.SERVING_INSIDE): "your establishment, credited to your private cash",
    ("wages", MakerStatus.ROTL): "the prison service's earnings centre, which applies the statutory levy",
    ("reparation", MakerStatus.ROTL): "the prison service's earnings centre, with your wages",
    ("room_board", MakerStatus.SERVING_INSIDE): "your establishment",
    ("room_board", MakerStatus.ROTL): "your establishment",
}
WHERE_OTHERWISE = {
    "wages": "your own account",
    "reparation": "the victim support fund",
    "room_board": "the co-op's housing account",
}


@dataclass(frozen=True)
class SoldItem:
    product: str
    sold_at: datetime.datetime
    price: int
    share: int


@dataclass(frozen=True)
class Adjustment:
    what: str
    at: datetime.datetime
    share: int


@dataclass(frozen=True)
class Deduction:
    what: str
    rule: str
    amount: int


@dataclass(frozen=True)
class PaidWhere:
    what: str
    to: str
    amount: int


@dataclass(frozen=True)
class Statement:
    maker: str
    start: datetime.date
    end: datetime.date
    items: tuple[SoldItem, ...]
    adjustments: tuple[Adjustment, ...]
    gross: int
    deductions: tuple[Deduction, ...]
    wages: int
    paid_where: tuple[PaidWhere, ...]


FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
"""Statements cover London dates in these bounds: the co-op's whole life, and far from the calendar's own ends."""


def _moment(day):
    return datetime.datetime.combine(day, datetime.time(0), LONDON)


def check_period(start, end):
    """Refuse a period a statement cannot cover, saying why (ValueError)."""
    for day in (start, end):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValueError(f"Dates must be between {FIRST_DAY:%d %b %Y} and {LAST_DAY:%d %b %Y}; {day} is not.")
    if end < start:
        raise ValueError("The period must end on or after the day it starts.")


def latest_sale_day(maker):
    """The London date of the maker's latest sale in the ledger, or None: where their statement opens by default."""
    moment = (Entry.objects.filter(maker=maker, bucket__in=MAKER_PART, transaction__kind=Transaction.SALE)
              .order_by("-transaction__occurred_at").values_list("transaction__occurred_at", flat=True).first())
    return moment.astimezone(LONDON).date() if moment else None


def statement_for(maker, start, end):
    """The statement of `maker` for London dates `start` to `end`, both included."""
    check_period(start, end)
    since, until = _moment(start), _moment(end + datetime.timedelta(days=1))
    entries = (
        Entry.objects.filter(maker=maker, bucket__in=MAKER_PART, transaction__occurred_at__gte=since,
                             transaction__occurred_at__lt=until)
        .select_related("transaction", "policy")
        .order_by("transaction__occurred_at", "transaction_id", "pk")
    )
    items, adjustments, deductions = {}, {}, defaultdict(int)
    by_bucket = defaultdict(int)
    sale_lines = {}
    for entry in entries:
        txn = entry.transaction
        by_bucket[entry.bucket] += entry.amount
        if txn.kind == Transaction.SALE:
            items.setdefault(txn.pk, [txn, 0])[1] += entry.amount
            sale_lines[txn.pk] = txn.line_id
        elif txn.kind != Transaction.LEVY:
            adjustments.setdefault(txn.pk, [txn, 0])[1] += entry.amount
        if entry.bucket != "wages" and txn.kind != Transaction.LEVY:
            deductions[(entry.bucket, _rule(entry, txn))] += entry.amount
        elif txn.kind == Transaction.LEVY and entry.bucket == "reparation":
            week = txn.occurred_at.astimezone(LONDON).date()
            deductions[("levy", f"Statutory weekly levy for the week from {week:%d %b %Y}: up to 40% of the "
                                f"week's earnings above £20 (Prisoners' Earnings Act 1996)")] += entry.amount

    titles = _line_titles(sale_lines.values())
    sold = tuple(SoldItem(titles.get(txn.line_id, ("", 0))[0], txn.occurred_at, titles.get(txn.line_id, ("", 0))[1],
                          share) for txn, share in items.values())
    adjusted = tuple(Adjustment(txn.get_kind_display(), txn.occurred_at, share) for txn, share in adjustments.values())
    gross = sum(item.share for item in sold) + sum(a.share for a in adjusted)
    named = tuple(
        Deduction("Statutory levy" if bucket == "levy" else BUCKET_NAMES[bucket], rule, amount)
        for (bucket, rule), amount in deductions.items() if amount
    )
    status = maker.status_on(until - datetime.timedelta(microseconds=1)) or maker.status_on()
    paid = tuple(
        PaidWhere("Wages" if bucket == "wages" else BUCKET_NAMES[bucket],
                  WHERE.get((bucket, status), WHERE_OTHERWISE[bucket]), by_bucket[bucket])
        for bucket in MAKER_PART if by_bucket[bucket]
    )
    return Statement(maker.display_name, start, end, sold, adjusted, gross, named, by_bucket["wages"], paid)


def _rule(entry, txn):
    """The rule behind a deduction: the bucket's share under the policy version that split the sale."""
    for terms in (txn.terms or {}).get("makers", ()):
        if terms["maker"] == entry.maker_id:
            bp = dict(zip(("wages", "reparation", "room_board", "surplus"), terms["bp"]))[entry.bucket]
            break
    else:
        bp = getattr(entry.policy, f"{entry.bucket}_bp", 0)
    status = dict(MakerStatus.STATUS_CHOICES).get(entry.policy.status if entry.policy else "", "")
    since = f" in force from {entry.policy.effective_from.astimezone(LONDON):%d %b %Y}" if entry.policy else ""
    return f"{percent(bp)} of each sale's net price, split policy for '{status}'{since}"


def _line_titles(line_ids):
    return {pk: (title, int(price * 100)) for pk, title, price in
            Line.objects.filter(pk__in=list(line_ids)).values_list("pk", "title", "line_price_incl_tax")}


def as_text(statement):
    """The statement as plain text, for printing."""
    out = [f"Statement for {statement.maker}, {statement.start:%d %b %Y} to {statement.end:%d %b %Y}", ""]
    out.append("Items sold")
    out += [f"  {i.sold_at.astimezone(LONDON):%d %b %Y}  {i.product}  price £{pounds(i.price)}  "
            f"your share £{pounds(i.share)}" for i in statement.items] or ["  none"]
    if statement.adjustments:
        out.append("Refunds and chargebacks")
        out += [f"  {a.at.astimezone(LONDON):%d %b %Y}  {a.what}  £{pounds(a.share)}" for a in statement.adjustments]
    out += ["", f"Gross wage share: £{pounds(statement.gross)}", "Deductions"]
    out += [f"  {d.what}: £{pounds(d.amount)}  ({d.rule})" for d in statement.deductions] or ["  none"]
    out += [f"Wages: £{pounds(statement.wages)}", "", "Paid where"]
    out += [f"  {p.what}: £{pounds(p.amount)} to {p.to}" for p in statement.paid_where] or ["  nothing this period"]
    return "\n".join(out) + "\n"
