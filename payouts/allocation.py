"""Allocation of paid orders into the ledger: exactly once per line (and once per order for shipping).

The checkout calls ``allocate_order(order)`` (or queues it: ``payouts.tasks.queue_allocation``) once payment is
confirmed. Each line's net revenue is split by the policy of each attributed maker's status when the order was
placed; VAT goes to VAT payable, shipping to shipping revenue, and cash clearing is debited with what was paid.

Exactly once: every event has an idempotency key with a unique constraint. A batch is split first (reads only,
skipping lines already allocated); then, in one atomic block, its orders are locked (SELECT ... FOR UPDATE) and what
was posted meanwhile is left out before writing, so two workers allocating one order queue up instead of racing,
and a key posted meanwhile anyway (IntegrityError) just means "already done". ROTL sales dated in a week already
closed have that week's levy worked out again in the same block (payouts.levy.post_late_levy).

Speed (budget: 5,000 lines a second on PostgreSQL, benchmarks/payouts_bench.py): lines are read as plain rows,
terms are worked out once per product and day, the ledger rows go to PostgreSQL as COPY text, and large runs are
split by one thread while a second writes the batch before (allocate_batches).
"""

import gc
import json
import queue
import threading
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

from makers.models import Attribution, MakerStatus
from payouts.core.allocation import LineSplit, net_revenue, split_line_multi
from payouts.core.levy import LONDON, london_week_start
from payouts.core.policy import BUCKETS
from payouts.core.policy import SplitPolicy as CorePolicy
from payouts.ledger import CopyBatch, Leg, Posting, one_of, post_many, prepare_copy, write_copy
from payouts.levy import post_late_levy
from payouts.models import Account, Transaction
from payouts.policies import MakerTerms, PolicyBook, terms_for

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")

CASH_KEY, VAT_KEY, SURPLUS_KEY, SHIPPING_KEY = Account.CASH, Account.VAT, Account.SURPLUS, Account.SHIPPING


class AllocationError(ValueError):
    """A line that cannot be allocated yet (no status or policy for a maker); nothing of its batch is posted."""


def sale_key(line_id):
    return f"sale:line:{line_id}"


def shipping_key(order_id):
    return f"shipping:order:{order_id}"


def pence(amount: Decimal) -> int:
    """Oscar's two-place Decimal as whole pence; anything finer is refused rather than rounded."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise AllocationError(f"{amount} is not a whole number of pence")
    return int(scaled)


LINE_FIELDS = ("id", "order_id", "product_id", "line_price_incl_tax", "line_price_before_discounts_incl_tax",
               "order__id", "order__number", "order__date_placed", "order__shipping_incl_tax")


def for_allocation(lines):
    """A queryset of lines with their orders, loading only the fields allocation reads."""
    return lines.select_related("order").only(*LINE_FIELDS)


class LineRow(NamedTuple):
    """What allocation reads of a line and its order: a plain row, as bulk allocation fetches it (no model instance)."""

    id: int
    order_id: int
    product_id: int | None
    price: Decimal
    price_before_discounts: Decimal
    order_number: str
    placed_at: object
    shipping: Decimal


ROW_VALUES = ("id", "order_id", "product_id", "line_price_incl_tax", "line_price_before_discounts_incl_tax",
              "order__number", "order__date_placed", "order__shipping_incl_tax")


def line_rows(lines):
    """A queryset of lines as LineRows, in one query."""
    return list(map(LineRow._make, lines.values_list(*ROW_VALUES)))


def _row(line):
    order = line.order
    return LineRow(line.pk, line.order_id, line.product_id, line.line_price_incl_tax,
                   line.line_price_before_discounts_incl_tax, order.number, order.date_placed, order.shipping_incl_tax)


def allocate_order(order):
    """Allocate every line and the shipping of a paid order; returns how many transactions were posted now."""
    return allocate_rows(line_rows(Line.objects.filter(order_id=order.pk).order_by("pk")), shipping=True)


def allocate_line(line):
    """Allocate one line of a paid order (no-op if already allocated); `line.order` is read."""
    return allocate_rows([_row(line)], shipping=False)


def allocate_lines(lines, shipping=True):
    """Allocate a batch of Line instances (and their orders' shipping); see allocate_rows.

    Fetch the lines with for_allocation() (select_related("order")) so reading their orders costs no query.
    """
    return allocate_rows([_row(line) for line in lines], shipping)


BATCH = 5000
"""Lines per atomic batch on the bulk paths."""


def allocate_line_ids(line_ids, shipping=False, batch=BATCH):
    """Allocate the lines with these ids in batches, each read as plain rows in one query: the bulk path."""
    ids = list(line_ids)
    return allocate_batches(
        (line_rows(Line.objects.filter(one_of("pk", ids[i:i + batch])).order_by("pk")) for i in range(0, len(ids), batch)),
        shipping)


def allocate_rows(rows, shipping=True):
    """Allocate a batch of LineRows (and their orders' shipping): one atomic block, a fixed number of queries.

    The split is worked out first (statuses and policies fetched once for the batch, lines already allocated
    skipped); then, in one atomic block, the orders are locked, what is done meanwhile is left out and the ledger
    rows are written with bulk inserts (COPY on PostgreSQL). A key posted meanwhile by another worker
    (IntegrityError) rolls the block back and it runs again, skipping what is now done.
    """
    if not rows:
        return 0
    with _gc_paused():
        return _write(_prepare(rows, shipping))


def allocate_batches(batches, shipping=True):
    """Allocate an iterable of LineRow batches, each in its own atomic block; returns the transactions posted.

    On PostgreSQL, outside any transaction of the caller, a second thread writes each batch (on its own
    connection) while this one reads and splits the next: PostgreSQL's work on the rows of one batch overlaps
    Python's work on the next, instead of each waiting for the other. Inside a caller's transaction (whose rows
    another connection could not see) and on SQLite, batches simply run one after the other.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return sum(allocate_rows(rows, shipping) for rows in batches)
    handoff = queue.Queue(maxsize=1)
    outcome = {"posted": 0, "error": None}

    def writer():
        try:
            while (prepared := handoff.get()) is not None:
                if outcome["error"] is None:  # after a failure, only drain what is handed over
                    try:
                        outcome["posted"] += _write(prepared)
                    except BaseException as problem:  # noqa: BLE001 - raised again in the calling thread
                        outcome["error"] = problem
        finally:
            connection.close()

    thread = threading.Thread(target=writer, name="payouts-allocation-writer")
    with _gc_paused():
        thread.start()
        try:
            for rows in batches:
                if outcome["error"] is not None:
                    break
                if rows:
                    handoff.put(_prepare(rows, shipping))
        finally:
            handoff.put(None)
            thread.join()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["posted"]


@contextmanager
def _gc_paused():
    """Pause Python's cycle collector while batches build their rows.

    A batch makes hundreds of thousands of small tuples that all stay alive until they are written, so each
    collection would walk all of them again, for nothing: they hold no cycles. Measured, this was a fifth of a
    bulk allocation's time. The collector runs again as soon as the work is done (nested pauses leave it paused).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Prepared(NamedTuple):
    """A batch split and ready to write: its rows, the postings of lines not yet allocated, ROTL sale weeks.

    For a large batch on PostgreSQL, `copy` holds its rows already formatted (payouts.ledger.prepare_copy), so the
    writing thread only sends them.
    """

    rows: list
    shipping: bool
    postings: list
    rotl_weeks: set
    copy: CopyBatch | None


def _keys(rows, shipping):
    order_ids = sorted({row.order_id for row in rows})
    keys = {sale_key(row.id) for row in rows} | ({shipping_key(pk) for pk in order_ids} if shipping else set())
    return order_ids, keys


def _done(keys):
    return set(Transaction.objects.filter(one_of("idempotency_key", keys, "text")).values_list("idempotency_key",
                                                                                              flat=True))


def _prepare(rows, shipping):
    """Split the lines of a batch not yet allocated (reads only: no lock, no write)."""
    order_ids, keys = _keys(rows, shipping)
    done = _done(keys)
    todo = [row for row in rows if sale_key(row.id) not in done]
    makers_of = defaultdict(list)
    attributions = Attribution.objects.filter(one_of("product_id", {row.product_id for row in todo if row.product_id}))
    for product_id, maker_id, weight in attributions.order_by("product_id", "position", "pk").values_list(
            "product_id", "maker_id", "share_weight"):
        makers_of[product_id].append((maker_id, weight))
    sales = _Sales(makers_of, PolicyBook({maker_id for makers in makers_of.values() for maker_id, _ in makers}))
    postings = [sales.posting(row) for row in todo]
    if shipping:
        orders = {row.order_id: row for row in rows}
        postings += [_shipping(row) for order_id, row in orders.items() if shipping_key(order_id) not in done]
    postings = [p for p in postings if p]
    return _Prepared(rows, shipping, postings, sales.rotl_weeks, prepare_copy(postings))


def _write(prepared):
    """Write a prepared batch in one atomic block: lock its orders, leave out what was posted meanwhile, post."""
    order_ids, keys = _keys(prepared.rows, prepared.shipping)
    for attempt in range(2):
        try:
            with transaction.atomic():
                list(Order.objects.select_for_update().filter(one_of("pk", order_ids)).order_by("pk")
                     .values_list("pk", flat=True))
                done = _done(keys)
                if prepared.copy is not None:
                    posted = write_copy(prepared.copy, done)
                else:
                    posted = post_many([p for p in prepared.postings if p.key not in done])
                post_late_levy(prepared.rotl_weeks)
                return posted
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


class _LineTerms(NamedTuple):
    """The terms of a product's makers at a moment, worked out once per batch for every line that shares them."""

    terms: list  # [(MakerTerms, weight)]
    policies: list  # [(core SplitPolicy, weight)], as split_line_multi takes them
    record: list  # the "makers" part of a sale's terms record
    record_json: str
    rotl_makers: tuple  # makers whose share is levied weekly


class _Sales:
    """Builds sale postings for one batch, remembering what lines share: terms per product and day, pence per price.

    Terms depend on each maker's status (per London date) and the policy version in force (per moment); on a day
    no policy version starts, the date decides both, so lines of one product on one day share their terms.
    """

    def __init__(self, makers_of, book):
        self.makers_of, self.book = makers_of, book
        self.rotl_weeks = set()  # (maker id, Monday) of ROTL sales: a closed week's levy may change (payouts.levy)
        self.change_days = {version.effective_from.astimezone(LONDON).date()
                            for versions in book.versions.values() for version in versions}
        self.line_terms, self.pence = {}, {}
        self.vat_rate, self.vat_registered = settings.SHOP_VAT_RATE_BP, settings.SHOP_VAT_REGISTERED

    def to_pence(self, amount):
        found = self.pence.get(amount)
        if found is None:
            found = self.pence[amount] = pence(amount)
        return found

    def terms(self, row):
        moment = row.placed_at
        day = moment.astimezone(LONDON).date()
        key = (row.product_id, moment if day in self.change_days else day)
        found = self.line_terms.get(key)
        if found is None:
            try:
                terms = [(terms_for(maker_id, moment, self.book), weight)
                         for maker_id, weight in self.makers_of.get(row.product_id, ())]
            except ValueError as problem:
                raise AllocationError(f"Order {row.order_number} line {row.id}: {problem}") from problem
            record = [{"maker": t.maker_id, "weight": weight, "status": t.status, "policy": t.policy_id,
                       "bp": list(t.policy.bucket_bp), "room_board": t.room_board_key} for t, weight in terms]
            found = self.line_terms[key] = _LineTerms(
                terms, [(t.policy, weight) for t, weight in terms], record, json.dumps(record),
                tuple(t.maker_id for t, _ in terms if t.status == MakerStatus.ROTL))
        return found

    def posting(self, row):
        charged = self.to_pence(row.price)
        if charged == 0:
            return None
        discount = self.to_pence(row.price_before_discounts) - charged
        net, vat = net_revenue(charged + discount, self.vat_rate, self.vat_registered, discount)
        line_terms = self.terms(row)
        if line_terms.rotl_makers:
            week = london_week_start(row.placed_at)
            self.rotl_weeks.update((maker_id, week) for maker_id in line_terms.rotl_makers)
        legs = [Leg(CASH_KEY, -charged), Leg(VAT_KEY, vat)]
        if line_terms.terms:
            legs += split_legs(split_line_multi(net, line_terms.policies), [t for t, _ in line_terms.terms])
        else:
            # A product no maker is credited with (the co-op's own): its net revenue is the co-op's.
            legs.append(Leg(SURPLUS_KEY, net, bucket="surplus"))
        record = {"charged": charged, "net": net, "vat": vat, "makers": line_terms.record}
        record_json = f'{{"charged": {charged}, "net": {net}, "vat": {vat}, "makers": {line_terms.record_json}}}'
        return Posting(Transaction.SALE, sale_key(row.id), row.placed_at, legs,
                       {"order_id": row.order_id, "line_id": row.id, "terms": record}, record_json)


def _shipping(row):
    charged = pence(row.shipping)
    if charged == 0:
        return None
    net, vat = net_revenue(charged, settings.SHOP_VAT_RATE_BP, settings.SHOP_VAT_REGISTERED, 0)
    legs = [Leg(CASH_KEY, -charged), Leg(VAT_KEY, vat), Leg(SHIPPING_KEY, net)]
    return Posting(Transaction.SHIPPING, shipping_key(row.order_id), row.placed_at, legs, {"order_id": row.order_id})


def split_legs(split: LineSplit, terms, sign=1):
    """Ledger legs for a line split: each maker's buckets into that maker's accounts, surplus to the co-op."""
    legs = []
    for part, t in zip(split.makers, terms):
        buckets = part.buckets
        legs += [Leg(account, sign * buckets[bucket], t.maker_id, bucket, t.policy_id)
                 for bucket, account in zip(BUCKETS, t.bucket_accounts)]
    return legs


def recorded_terms(sale):
    """The terms a sale was allocated with, as the core needs them to reverse it exactly."""
    return [
        (MakerTerms(m["maker"], m["status"], m["policy"], CorePolicy(m["status"], *m["bp"]), m["room_board"]),
         m["weight"])
        for m in sale.terms["makers"]
    ]


def paid_lines():
    """Lines of orders with money debited by a payment source (how the checkout records a confirmed payment)."""
    paid = Source.objects.filter(order_id=OuterRef("order_id"), amount_debited__gt=0)
    return Line.objects.filter(Exists(paid))


def unallocated_paid_lines():
    """Paid lines with a price but no sale transaction: what a lost allocation task left behind."""
    allocated = Transaction.objects.filter(line_id=OuterRef("pk"), kind=Transaction.SALE)
    return paid_lines().filter(line_price_incl_tax__gt=0).exclude(Exists(allocated))
