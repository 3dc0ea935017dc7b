"""Allocation of paid orders into the ledger: exactly once per line (and once per order for shipping).

The checkout calls ``allocate_order(order)`` (or queues it: ``payouts.tasks.queue_allocation``) once payment is
confirmed. Each line's net revenue is split by the policy of the status, when the order was placed, of each maker
credited with it (makers.credits: a variant is made by its parent's makers); VAT goes to VAT payable, shipping to
shipping revenue, and cash clearing is debited with what was paid.

A line that cannot be split is held rather than guessed: a workshop's listing with no maker credited, or a maker
with no status or policy in force. Its cash and VAT are posted with the net in the held-sales (suspense) account,
the rest of its order is allocated as usual, and co-op admins see it in the dashboard (``held_sales``). Once its
listing is fixed, allocating the line again posts its sale from the held-sales account instead of cash; refunds
and disputes meanwhile reverse what is held.

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
import logging
import queue
import threading
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Sum
from oscar.core.loading import get_model

from makers import credits
from makers.models import MakerStatus
from payouts.core.allocation import LineSplit, net_revenue, split_line_multi
from payouts.core.levy import LONDON, london_week_start
from payouts.core.policy import BUCKETS
from payouts.core.policy import SplitPolicy as CorePolicy
from payouts.core.refunds import reversal_for_refund
from payouts.core.split import largest_remainder
from payouts.ledger import CopyBatch, Leg, Posting, one_of, post_many, prepare_copy, write_copy
from payouts.levy import post_late_levy
from payouts.models import Account, Entry, Transaction
from payouts.policies import MakerTerms, NoTerms, PolicyBook, terms_for
from storefront import audit

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")
logger = logging.getLogger(__name__)

CASH_KEY, VAT_KEY, SURPLUS_KEY, SHIPPING_KEY = Account.CASH, Account.VAT, Account.SURPLUS, Account.SHIPPING
HELD_KEY = Account.HELD


class AllocationError(ValueError):
    """A line whose price is not a whole number of pence; nothing of its batch is posted."""


class Unallocatable(Exception):
    """Why a line cannot be split among makers yet (its sale is held): words for a co-op admin, no private data."""


def sale_key(line_id):
    return f"sale:line:{line_id}"


def hold_key(line_id):
    return f"hold:line:{line_id}"


def shipping_key(order_id):
    return f"shipping:order:{order_id}"


def pence(amount: Decimal) -> int:
    """Oscar's two-place Decimal as whole pence; anything finer is refused rather than rounded."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise AllocationError(f"{amount} is not a whole number of pence")
    return int(scaled)


class LineRow(NamedTuple):
    """What allocation reads of a line and its order: a plain row, as bulk allocation fetches it (no model instance)."""

    id: int
    order_id: int
    product_id: int | None
    parent_id: int | None  # the product's parent, whose makers made a variant
    price: Decimal
    price_before_discounts: Decimal
    order_number: str
    placed_at: object
    shipping: Decimal

    @property
    def credited_id(self):
        return credits.credited_id(self.product_id, self.parent_id)


ROW_VALUES = ("id", "order_id", "product_id", "product__parent_id", "line_price_incl_tax",
              "line_price_before_discounts_incl_tax", "order__number", "order__date_placed", "order__shipping_incl_tax")


def line_rows(lines):
    """A queryset of lines as LineRows, in one query."""
    return list(map(LineRow._make, lines.values_list(*ROW_VALUES)))


def allocate_order(order):
    """Allocate every line and the shipping of a paid order; returns how many transactions were posted now."""
    return allocate_rows(line_rows(Line.objects.filter(order_id=order.pk).order_by("pk")), shipping=True)


def allocate_line(line):
    """Allocate one line of a paid order (no-op if already allocated; a held line whose makers are now known is
    allocated from the held-sales account)."""
    return allocate_rows(line_rows(Line.objects.filter(pk=line.pk)), shipping=False)


def allocate_lines(lines, shipping=True):
    """Allocate a batch of Line instances (and their orders' shipping), read again as rows in one query."""
    return allocate_rows(line_rows(Line.objects.filter(one_of("pk", [line.pk for line in lines])).order_by("pk")),
                         shipping)


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
    """A batch split and ready to write: its rows, the postings of lines not yet allocated, the held lines to try
    again, and the sales builder (its ROTL sale weeks, its terms for the held lines).

    For a large batch on PostgreSQL, `copy` holds its rows already formatted (payouts.ledger.prepare_copy), so the
    writing thread only sends them.
    """

    rows: list
    shipping: bool
    postings: list
    held: list
    sales: "_Sales"
    copy: CopyBatch | None


def _keys(rows, shipping):
    order_ids = sorted({row.order_id for row in rows})
    keys = {key(row.id) for row in rows for key in (sale_key, hold_key)}
    return order_ids, keys | ({shipping_key(pk) for pk in order_ids} if shipping else set())


def _done(keys):
    return set(Transaction.objects.filter(one_of("idempotency_key", keys, "text")).values_list("idempotency_key",
                                                                                              flat=True))


def _sales_for(rows):
    """A _Sales for these rows: their makers (credited on a variant's parent) in one query, their policy book, and
    which products credited to no maker are the co-op's own (one more query, only if there are any)."""
    makers_of = credits.makers_of({row.credited_id for row in rows if row.product_id})
    uncredited = {row.product_id for row in rows if row.product_id and row.credited_id not in makers_of}
    coops_own = credits.coops_own(uncredited) if uncredited else set()
    book = PolicyBook({maker_id for makers in makers_of.values() for maker_id, _ in makers})
    return _Sales(makers_of, coops_own, book)


def _prepare(rows, shipping):
    """Split the lines of a batch not yet allocated (reads only: no lock, no write)."""
    order_ids, keys = _keys(rows, shipping)
    done = _done(keys)
    todo = [row for row in rows if sale_key(row.id) not in done]
    sales = _sales_for(todo)
    held = [row for row in todo if hold_key(row.id) in done]
    postings = [sales.posting(row) for row in todo if hold_key(row.id) not in done]
    if shipping:
        orders = {row.order_id: row for row in rows}
        postings += [_shipping(row) for order_id, row in orders.items() if shipping_key(order_id) not in done]
    postings = [p for p in postings if p]
    return _Prepared(rows, shipping, postings, held, sales, prepare_copy(postings))


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
                posted += _release(prepared, done)
                post_late_levy(prepared.sales.rotl_weeks)
                return posted
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _release(prepared, done):
    """Post the sales of held lines whose makers are now known, from the held-sales account, for the amounts their
    holds took (under the order lock, so the refunds it takes into account cannot change meanwhile)."""
    from payouts.refunds import reversed_total

    held = {row.id: row for row in prepared.held if sale_key(row.id) not in done}
    if not held:
        return 0
    holds = Transaction.objects.filter(one_of("idempotency_key", [hold_key(pk) for pk in held], "text"))
    postings = [prepared.sales.release(held[line_id], terms, reversed_total(line_id))
                for line_id, terms in holds.values_list("line_id", "terms")]
    return post_many([p for p in postings if p])


def net_part(total, net, vat):
    """The net part of `total` pence of a line that took `net` + `vat`: the largest remainder of the cumulative
    total, as refunds divide it, so every part reversed adds up to the sale's own net and VAT."""
    return largest_remainder(total, [net, vat])[0]


class _LineTerms(NamedTuple):
    """The terms of a product's makers at a moment, worked out once per batch for every line that shares them."""

    terms: list  # [(MakerTerms, weight)]
    policies: list  # [(core SplitPolicy, weight)], as split_line_multi takes them
    record: list  # the "makers" part of a sale's terms record
    record_json: str
    rotl_makers: tuple  # makers whose share is levied weekly


COOPS_OWN = _LineTerms([], [], [], "[]", ())
"""The terms of a product that is the co-op's own (makers.credits): its net revenue is the co-op's surplus."""


class _Sales:
    """Builds sale postings for one batch, remembering what lines share: terms per product and day, pence per price.

    Terms depend on each maker's status (per London date) and the policy version in force (per moment); on a day
    no policy version starts, the date decides both, so lines of one product on one day share their terms.
    """

    def __init__(self, makers_of, coops_own, book):
        self.makers_of, self.coops_own, self.book = makers_of, coops_own, book
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
        """The line's _LineTerms, or Unallocatable saying why its makers' shares cannot be worked out."""
        if row.product_id is None:
            raise Unallocatable("Its product was deleted, so who made it is not known.")
        makers = self.makers_of.get(row.credited_id)
        if not makers:
            if row.product_id in self.coops_own:
                return COOPS_OWN
            raise Unallocatable("No maker is credited with this listing, and a workshop holds its stock: "
                                "credit the makers who made it.")
        moment = row.placed_at
        day = moment.astimezone(LONDON).date()
        key = (row.credited_id, moment if day in self.change_days else day)
        found = self.line_terms.get(key)
        if found is None:
            try:
                terms = [(terms_for(maker_id, moment, self.book), weight) for maker_id, weight in makers]
            except NoTerms as problem:
                raise Unallocatable(f"{problem}.") from problem
            record = [{"maker": t.maker_id, "weight": weight, "status": t.status, "policy": t.policy_id,
                       "bp": list(t.policy.bucket_bp), "room_board": t.room_board_key} for t, weight in terms]
            found = self.line_terms[key] = _LineTerms(
                terms, [(t.policy, weight) for t, weight in terms], record, json.dumps(record),
                tuple(t.maker_id for t, _ in terms if t.status == MakerStatus.ROTL))
        return found

    def amounts(self, row):
        """(charged, net, VAT) in pence of a line."""
        charged = self.to_pence(row.price)
        discount = self.to_pence(row.price_before_discounts) - charged
        net, vat = net_revenue(charged + discount, self.vat_rate, self.vat_registered, discount)
        return charged, net, vat

    def posting(self, row):
        """The sale of a line, or its hold when its makers' shares cannot be worked out; None for a free line."""
        charged, net, vat = self.amounts(row)
        if charged == 0:
            return None
        try:
            line_terms = self.terms(row)
        except Unallocatable as problem:
            return self.hold(row, charged, net, vat, str(problem))
        self.note_rotl(row, line_terms)
        legs = [Leg(CASH_KEY, -charged), Leg(VAT_KEY, vat)] + self.net_legs(net, line_terms)
        record = {"charged": charged, "net": net, "vat": vat, "makers": line_terms.record}
        record_json = f'{{"charged": {charged}, "net": {net}, "vat": {vat}, "makers": {line_terms.record_json}}}'
        return Posting(Transaction.SALE, sale_key(row.id), row.placed_at, legs,
                       {"order_id": row.order_id, "line_id": row.id, "terms": record}, record_json)

    def hold(self, row, charged, net, vat, reason):
        """Cash and VAT as a sale posts them, the net in the held-sales account; the reason kept in its terms."""
        logger.warning("Order %s line %s is held, not allocated: %s", row.order_number, row.id, reason)
        legs = [Leg(CASH_KEY, -charged), Leg(VAT_KEY, vat), Leg(HELD_KEY, net)]
        record = {"charged": charged, "net": net, "vat": vat, "makers": [], "held": reason}
        return Posting(Transaction.HOLD, hold_key(row.id), row.placed_at, legs,
                       {"order_id": row.order_id, "line_id": row.id, "terms": record})

    def release(self, row, hold, reversed_total):
        """The sale of a held line whose makers are now known, or None while they are not.

        Its cash and VAT were posted by the hold (whose recorded `hold` terms give the amounts); the net still held
        (less what refunds and disputes took back meanwhile) moves to the buckets, which end as a sale's would after
        those reversals.
        """
        charged, net, vat = hold["charged"], hold["net"], hold["vat"]
        try:
            line_terms = self.terms(row)
        except Unallocatable:
            return None
        self.note_rotl(row, line_terms)
        reversed_net = net_part(reversed_total, net, vat)
        legs = self.net_legs(net, line_terms) + [Leg(HELD_KEY, reversed_net - net)]
        if reversed_net and line_terms.terms:
            legs += split_legs(reversal_for_refund(net, line_terms.policies, 0, reversed_net),
                               [t for t, _ in line_terms.terms])
        elif reversed_net:
            legs.append(Leg(SURPLUS_KEY, -reversed_net, bucket="surplus"))
        record = {"charged": charged, "net": net, "vat": vat, "makers": line_terms.record, "released": True}
        return Posting(Transaction.SALE, sale_key(row.id), row.placed_at, legs,
                       {"order_id": row.order_id, "line_id": row.id, "terms": record})

    def net_legs(self, net, line_terms):
        if line_terms.terms:
            return split_legs(split_line_multi(net, line_terms.policies), [t for t, _ in line_terms.terms])
        return [Leg(SURPLUS_KEY, net, bucket="surplus")]

    def note_rotl(self, row, line_terms):
        if line_terms.rotl_makers:
            week = london_week_start(row.placed_at)
            self.rotl_weeks.update((maker_id, week) for maker_id in line_terms.rotl_makers)


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
    """Paid lines with a price but neither a sale nor a hold: what a lost allocation task left behind (held lines
    wait for an admin, held_sales)."""
    allocated = Transaction.objects.filter(line_id=OuterRef("pk"), kind__in=(Transaction.SALE, Transaction.HOLD))
    return paid_lines().filter(line_price_incl_tax__gt=0).exclude(Exists(allocated))


class HeldSale(NamedTuple):
    """A paid line whose money waits in the held-sales account, and why it cannot be allocated now (None: its
    makers are known, allocating it again will post its sale)."""

    line: object
    listing: object  # the product whose makers are credited (a variant's parent), None if it was deleted
    held: int
    reason: str | None


def held_sales():
    """Every line with money in the held-sales account, oldest first, with the reason it is held as things stand
    now (its listing may have been fixed since). A fixed number of queries."""
    held = dict(Entry.objects.filter(account__key=HELD_KEY).values_list("transaction__line_id")
                .annotate(total=Sum("amount")).exclude(total=0).values_list("transaction__line_id", "total"))
    lines = Line.objects.filter(pk__in=held).select_related("order", "product__parent").order_by("order__date_placed",
                                                                                                 "pk")
    rows = line_rows(Line.objects.filter(pk__in=held))
    sales = _sales_for(rows)
    reasons = {row.id: _reason(sales, row) for row in rows}
    return [HeldSale(line, line.product and credits.credited_product(line.product), held[line.pk], reasons[line.pk])
            for line in lines]


def allocate_held(line, by):
    """A co-op admin's "allocate again" of a held line, once its listing is fixed: the normal allocation, which posts
    its sale from the held-sales account when its makers are known. Returns why the line is still held (None once
    allocated); an allocation is recorded in the audit log."""
    allocate_line(line)
    sale = Transaction.objects.filter(idempotency_key=sale_key(line.pk)).first()
    if sale is None:
        rows = line_rows(Line.objects.filter(pk=line.pk))
        return (_reason(_sales_for(rows), rows[0])
                or "Nothing is held for this line any more: all of it went back to the buyer.")
    audit.record(by, "sale.allocated", line, after={"order": line.order.number, "line": line.pk,
                                                   "makers": [m["maker"] for m in sale.terms["makers"]]})
    return None


def _reason(sales, row):
    try:
        sales.terms(row)
    except Unallocatable as problem:
        return str(problem)
    return None
