"""Posting to the double-entry ledger: balanced transactions, each recorded once under its idempotency key.

Callers describe a transaction as legs (account key, signed pence, who and which bucket); this module checks the
balance in Python, creates accounts on first use and writes the rows: one by one for business actions, in bulk
(bulk_create, or COPY on PostgreSQL for large batches) for allocation batches. PostgreSQL checks every INSERT of
entries (their transaction and account exist, a transaction's entries come together: migration 0003) and the
balance of every transaction at commit (migration 0002).
"""

import json
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from payouts.models import Account, Entry, Transaction


class UnbalancedTransaction(ValueError):
    """A transaction whose legs do not sum to 0p is never written."""


class Leg(NamedTuple):
    """One line of a transaction to post (a tuple: allocation builds hundreds of thousands of them)."""

    account_key: str
    amount: int
    maker_id: int | None = None
    bucket: str = ""
    policy_id: int | None = None


@dataclass
class Posting:
    """A transaction about to be written: its kind, idempotency key, cause and legs."""

    kind: str
    key: str
    occurred_at: object
    legs: list[Leg]
    cause: dict = field(default_factory=dict)
    terms_json: str | None = None
    """The cause's terms already as JSON text, when the caller has it (bulk allocation), for COPY."""

    def checked_legs(self):
        """The legs with a non-zero amount, merged by account, maker and bucket; refuses an unbalanced posting."""
        merged = {}
        total = 0
        for leg in self.legs:
            amount = leg.amount
            total += amount
            where = (leg.account_key, leg.maker_id, leg.bucket, leg.policy_id)
            merged[where] = merged.get(where, 0) + amount
        if total != 0:
            raise UnbalancedTransaction(f"Transaction {self.key} does not balance: its legs sum to {total}p")
        if len(merged) == len(self.legs) and all(leg.amount for leg in self.legs):
            return self.legs  # nothing to merge or drop: the common case
        return [Leg(where[0], amount, *where[1:]) for where, amount in merged.items() if amount]

    def terms_text(self):
        if self.terms_json is not None:
            return self.terms_json
        terms = self.cause.get("terms")
        return None if terms is None else json.dumps(terms)


def one_of(field, values, sql_type="bigint"):
    """``Q(field__in=values)`` for the thousands of values of a batch: on PostgreSQL one array parameter.

    Django renders ``__in`` as one placeholder per value, each adapted and quoted on its own; for a batch of 5,000
    lines that cost more than the query itself. ``= ANY`` of an array (written ``IN (SELECT unnest(...))`` so the
    ORM can take it) sends the whole list as one value.
    """
    values = list(values)
    if values and connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{sql_type}[])", (values,))})
    return Q(**{f"{field}__in": values})


def account_ids(keys):
    """Account id per key, creating the accounts not seen before (safe when two workers create one at once)."""
    keys = set(keys)
    found = dict(Account.objects.filter(one_of("key", keys, "text")).values_list("key", "id"))
    missing = keys - found.keys()
    if missing:
        Account.objects.bulk_create([Account(**Account.fields_for_key(key)) for key in missing], ignore_conflicts=True)
        found.update(Account.objects.filter(key__in=missing).values_list("key", "id"))
    return found


COPY_FROM = 500
"""From this many transactions on PostgreSQL, rows are streamed with COPY rather than a multi-row INSERT."""


def post_many(postings, now=None):
    """Write postings whose keys are known to be new; returns how many transactions were written.

    Must run inside a transaction.atomic block; a key posted meanwhile by someone else raises IntegrityError,
    which callers treat as "already done" and retry. All entries go in one statement (PostgreSQL requires the
    entries of a transaction to be written together).
    """
    prepared = prepare_copy(postings, now)
    if prepared is not None:
        return write_copy(prepared)
    postings = [(posting, posting.checked_legs()) for posting in postings]
    postings = [(posting, legs) for posting, legs in postings if legs]
    if not postings:
        return 0
    now = now or timezone.now()
    ids = account_ids({leg.account_key for _, legs in postings for leg in legs})
    rows = Transaction.objects.bulk_create([
        Transaction(kind=p.kind, idempotency_key=p.key, occurred_at=p.occurred_at, posted_at=now, **p.cause)
        for p, _ in postings
    ])
    Entry.objects.bulk_create([
        Entry(transaction_id=row.pk, account_id=ids[leg.account_key], amount=leg.amount, maker_id=leg.maker_id,
              bucket=leg.bucket, policy_id=leg.policy_id)
        for row, (_, legs) in zip(rows, postings)
        for leg in legs
    ])
    return len(rows)


class CopyBatch(NamedTuple):
    """Postings made ready for COPY: checked, their accounts created, ids drawn and rows formatted, not yet written."""

    postings: list
    transactions: str
    entries: str


def prepare_copy(postings, now=None):
    """Everything of a bulk write but the write itself, or None below COPY_FROM postings or off PostgreSQL.

    Safe outside the writing transaction (bulk allocation does it in one thread while another writes): accounts
    created on first use and sequence values drawn are harmless if the batch is never written. Refuses an
    unbalanced posting (UnbalancedTransaction) like post_many.
    """
    if connection.vendor != "postgresql" or len(postings) < COPY_FROM:
        return None
    checked = [(posting, posting.checked_legs()) for posting in postings]
    checked = [(posting, legs) for posting, legs in checked if legs]
    if len(checked) < COPY_FROM:
        return None
    ids = account_ids({leg.account_key for _, legs in checked for leg in legs})
    return CopyBatch([posting for posting, _ in checked], *_copy_text(checked, ids, now or timezone.now()))


def write_copy(batch, done=frozenset()):
    """Write a CopyBatch inside a transaction.atomic block; postings whose key is in `done` are left out.

    Returns how many transactions were written. When some keys were posted meanwhile (rare: two workers on one
    batch), the rest is written afresh rather than from the prepared text.
    """
    if any(posting.key in done for posting in batch.postings):
        return post_many([posting for posting in batch.postings if posting.key not in done])
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        with raw.copy(f"COPY payouts_transaction ({', '.join(_TRANSACTION_COLUMNS)}) FROM STDIN") as copy:
            copy.write(batch.transactions)
        with raw.copy(f"COPY payouts_entry ({', '.join(_ENTRY_COLUMNS)}) FROM STDIN") as copy:
            copy.write(batch.entries)
    return len(batch.postings)


_CAUSE_IDS = ("order_id", "line_id", "refund_id", "dispute_id", "payout_run_id", "maker_id")
_TRANSACTION_COLUMNS = ("id", "kind", "idempotency_key", "occurred_at", "posted_at", *_CAUSE_IDS, "terms")
_NULL = "\\N"
_ENTRY_COLUMNS = ("transaction_id", "account_id", "amount", "maker_id", "bucket", "policy_id")


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value):
    """A string as a field of COPY's text format (backslash, tab and line breaks escaped)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _copy_text(postings, account_ids_by_key, now):
    """COPY text of both tables for checked postings, with transaction ids drawn from the sequence in one query.

    Rows are formatted by hand and sent in one piece per table: psycopg's per-row adaptation was the larger part of
    writing them.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('payouts_transaction', 'id')) "
                       "FROM generate_series(1, %s)", [len(postings)])
        ids = [row[0] for row in cursor.fetchall()]
    transactions, entries, moments = [], [], {}
    posted = str(now)
    for pk, (p, legs) in zip(ids, postings):
        cause = p.cause
        terms = p.terms_text()
        moment = moments.get(p.occurred_at)
        if moment is None:
            moment = moments[p.occurred_at] = str(p.occurred_at)
        transactions.append("\t".join((
            str(pk), _text(p.kind), _text(p.key), moment, posted,
            *(_NULL if cause.get(name) is None else str(int(cause[name])) for name in _CAUSE_IDS),
            _NULL if terms is None else _text(terms),
        )))
        pk = str(pk)
        entries += [
            f"{pk}\t{account_ids_by_key[leg.account_key]}\t{int(leg.amount)}\t"
            f"{_NULL if leg.maker_id is None else int(leg.maker_id)}\t{_text(leg.bucket)}\t"
            f"{_NULL if leg.policy_id is None else int(leg.policy_id)}"
            for leg in legs
        ]
    return "\n".join(transactions) + "\n", "\n".join(entries) + "\n"


def post(posting, now=None):
    """Write one transaction, or return None if its event was already posted (exactly once per key)."""
    if Transaction.objects.filter(idempotency_key=posting.key).exists():
        return None
    try:
        with transaction.atomic():
            written = post_many([posting], now)
    except IntegrityError:
        if Transaction.objects.filter(idempotency_key=posting.key).exists():
            return None
        raise
    return Transaction.objects.get(idempotency_key=posting.key) if written else None


def balance(account_key):
    """An account's balance in pence: credits minus debits (what the co-op owes, for a payable)."""
    return Entry.objects.filter(account__key=account_key).aggregate(total=Sum("amount"))["total"] or 0
