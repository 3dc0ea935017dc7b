"""Posting to the double-entry ledger: balanced transactions, each recorded once under its idempotency key.

Callers describe a transaction as legs (account key, signed pence, who and which bucket); this module checks the
balance in Python, creates accounts on first use and writes the rows: one by one for business actions, in bulk
(bulk_create, or COPY on PostgreSQL for large batches) for allocation batches. PostgreSQL checks the balance again at commit (migration 0002).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
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

    def checked_legs(self):
        """The legs with a non-zero amount, merged by account, maker and bucket; refuses an unbalanced posting."""
        total = sum(leg.amount for leg in self.legs)
        if total != 0:
            raise UnbalancedTransaction(f"Transaction {self.key} does not balance: its legs sum to {total}p")
        merged = defaultdict(int)
        for leg in self.legs:
            merged[(leg.account_key, leg.maker_id, leg.bucket, leg.policy_id)] += leg.amount
        return [Leg(where[0], amount, *where[1:]) for where, amount in merged.items() if amount]


def account_ids(keys):
    """Account id per key, creating the accounts not seen before (safe when two workers create one at once)."""
    keys = set(keys)
    found = dict(Account.objects.filter(key__in=keys).values_list("key", "id"))
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
    postings = [(posting, posting.checked_legs()) for posting in postings]
    postings = [(posting, legs) for posting, legs in postings if legs]
    if not postings:
        return 0
    now = now or timezone.now()
    ids = account_ids({leg.account_key for _, legs in postings for leg in legs})
    if connection.vendor == "postgresql" and len(postings) >= COPY_FROM:
        _copy(postings, ids, now)
        return len(postings)
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


_TRANSACTION_COLUMNS = ("id", "kind", "idempotency_key", "occurred_at", "posted_at", "order_id", "line_id",
                        "refund_id", "dispute_id", "payout_run_id", "maker_id", "terms")
_ENTRY_COLUMNS = ("transaction_id", "account_id", "amount", "maker_id", "bucket", "policy_id")


def _copy(postings, account_ids_by_key, now):
    """The bulk path on PostgreSQL: ids drawn from the sequence in one query, then COPY of both tables."""
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('payouts_transaction', 'id')) "
                       "FROM generate_series(1, %s)", [len(postings)])
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor
        with raw.copy(f"COPY payouts_transaction ({', '.join(_TRANSACTION_COLUMNS)}) FROM STDIN") as copy:
            for pk, (p, _) in zip(ids, postings):
                cause = p.cause
                terms = cause.get("terms")
                copy.write_row((
                    pk, p.kind, p.key, p.occurred_at, now, cause.get("order_id"), cause.get("line_id"),
                    cause.get("refund_id"), cause.get("dispute_id"), cause.get("payout_run_id"),
                    cause.get("maker_id"), None if terms is None else json.dumps(terms),
                ))
        with raw.copy(f"COPY payouts_entry ({', '.join(_ENTRY_COLUMNS)}) FROM STDIN") as copy:
            for pk, (_, legs) in zip(ids, postings):
                for leg in legs:
                    copy.write_row((pk, account_ids_by_key[leg.account_key], leg.amount, leg.maker_id, leg.bucket,
                                    leg.policy_id))


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
