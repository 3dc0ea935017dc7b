"""The ledger: balanced transactions only, each event posted once, and posted rows never changed.

On PostgreSQL the database itself refuses unbalanced transactions and updates or deletes (migration 0002).
"""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from payouts.ledger import Leg, Posting, UnbalancedTransaction, balance, post, prepare_copy, write_copy
from payouts.models import Account, Entry, LedgerImmutable, Transaction

pytestmark = pytest.mark.django_db
AT = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


def fee(key="fee:1", amount=30):
    return Posting(Transaction.FEE, key, AT, [Leg(Account.FEES, -amount), Leg(Account.CASH, amount)])


def test_a_balanced_posting_is_written_once_per_key():
    first = post(fee())
    assert first is not None
    assert post(fee()) is None
    assert Transaction.objects.count() == 1
    assert sorted(first.entries.values_list("amount", flat=True)) == [-30, 30]
    assert balance(Account.FEES) == -30 and balance(Account.CASH) == 30


def test_an_unbalanced_posting_is_refused_before_writing():
    with pytest.raises(UnbalancedTransaction, match="does not balance: its legs sum to 1p"):
        post(Posting(Transaction.FEE, "fee:x", AT, [Leg(Account.FEES, -30), Leg(Account.CASH, 31)]))
    assert not Transaction.objects.exists() and not Entry.objects.exists()


def test_legs_on_one_account_are_merged_and_zero_legs_dropped():
    row = post(Posting(Transaction.FEE, "fee:m", AT, [Leg(Account.FEES, -10), Leg(Account.FEES, -20),
                                                     Leg(Account.VAT, 0), Leg(Account.CASH, 30)]))
    assert sorted(row.entries.values_list("account__key", "amount")) == [("cash_clearing", 30), ("payment_fees", -30)]


def test_posted_rows_cannot_be_changed_through_django():
    row = post(fee())
    entry = row.entries.first()
    entry.amount = 99
    with pytest.raises(LedgerImmutable):
        entry.save()
    with pytest.raises(LedgerImmutable):
        entry.delete()
    with pytest.raises(LedgerImmutable):
        Entry.objects.filter(pk=entry.pk).update(amount=99)
    with pytest.raises(LedgerImmutable):
        Transaction.objects.all().delete()
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [-30, 30]


@pytest.mark.postgres
@pytest.mark.parametrize("sql", [
    "UPDATE payouts_entry SET amount = amount + 1",
    "DELETE FROM payouts_entry",
    "UPDATE payouts_transaction SET kind = 'fee'",
    "DELETE FROM payouts_transaction",
])
def test_postgresql_refuses_to_update_or_delete_posted_rows(sql):
    post(fee())
    with pytest.raises(DatabaseError, match="The ledger is append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [-30, 30]


def _raw_transaction(cursor, key):
    cursor.execute(
        "INSERT INTO payouts_transaction (kind, idempotency_key, occurred_at, posted_at) "
        "VALUES ('fee', %s, now(), now()) RETURNING id", [key])
    return cursor.fetchone()[0]


@pytest.mark.postgres
def test_postgresql_refuses_an_unbalanced_transaction_at_commit():
    cash, fees = Account.objects.create(key="cash_clearing", kind="cash_clearing"), Account.objects.create(
        key="payment_fees", kind="payment_fees")
    with pytest.raises(DatabaseError, match="does not balance: its entries sum to 1p"):
        with transaction.atomic(), connection.cursor() as cursor:
            txn = _raw_transaction(cursor, "raw:1")
            cursor.execute("INSERT INTO payouts_entry (transaction_id, account_id, amount, bucket) VALUES "
                           "(%s, %s, 31, ''), (%s, %s, -30, '')", [txn, cash.pk, txn, fees.pk])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does with the deferred check
    with transaction.atomic(), connection.cursor() as cursor:
        txn = _raw_transaction(cursor, "raw:2")
        cursor.execute("INSERT INTO payouts_entry (transaction_id, account_id, amount, bucket) VALUES "
                       "(%s, %s, 30, ''), (%s, %s, -30, '')", [txn, cash.pk, txn, fees.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Transaction.objects.filter(idempotency_key="raw:2").exists()


@pytest.mark.postgres
def test_postgresql_refuses_entries_added_to_a_transaction_that_has_entries():
    row = post(fee())
    cash = Account.objects.get(key="cash_clearing")
    with pytest.raises(DatabaseError, match="already has entries"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO payouts_entry (transaction_id, account_id, amount, bucket) VALUES "
                           "(%s, %s, 5, ''), (%s, %s, -5, '')", [row.pk, cash.pk, row.pk, cash.pk])
    assert row.entries.count() == 2


@pytest.mark.postgres
def test_postgresql_refuses_a_transaction_without_entries():
    with pytest.raises(DatabaseError, match="needs at least two entries"):
        with transaction.atomic(), connection.cursor() as cursor:
            _raw_transaction(cursor, "raw:empty")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _accounts():
    return (Account.objects.create(key="cash_clearing", kind="cash_clearing"),
            Account.objects.create(key="payment_fees", kind="payment_fees"))


@pytest.mark.postgres
def test_postgresql_refuses_entries_of_a_transaction_that_does_not_exist():
    cash, fees = _accounts()
    with pytest.raises(DatabaseError, match="name transaction 999999, which does not exist"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO payouts_entry (transaction_id, account_id, amount, bucket) VALUES "
                           "(999999, %s, 30, ''), (999999, %s, -30, '')", [cash.pk, fees.pk])
    assert not Entry.objects.exists()


@pytest.mark.postgres
def test_postgresql_refuses_entries_on_an_account_that_does_not_exist():
    cash, _ = _accounts()
    with pytest.raises(DatabaseError, match="name account 999999, which does not exist"):
        with transaction.atomic(), connection.cursor() as cursor:
            txn = _raw_transaction(cursor, "raw:ghost-account")
            cursor.execute("INSERT INTO payouts_entry (transaction_id, account_id, amount, bucket) VALUES "
                           "(%s, %s, 30, ''), (%s, 999999, -30, '')", [txn, cash.pk, txn])
    assert not Entry.objects.exists()


def test_accounts_cannot_be_deleted_through_django():
    post(fee())
    with pytest.raises(LedgerImmutable):
        Account.objects.get(key=Account.CASH).delete()
    assert Account.objects.filter(key=Account.CASH).exists()


@pytest.mark.postgres
@pytest.mark.parametrize("sql", ["DELETE FROM payouts_account", "UPDATE payouts_account SET id = id + 1000"])
def test_postgresql_refuses_to_delete_or_renumber_accounts(sql):
    post(fee())
    with pytest.raises(DatabaseError, match="never deleted or renumbered"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0 and Account.objects.count() == 2


@pytest.mark.postgres
def test_a_prepared_bulk_write_leaves_out_what_was_posted_meanwhile(monkeypatch):
    import payouts.ledger

    monkeypatch.setattr(payouts.ledger, "COPY_FROM", 2)
    prepared = prepare_copy([fee("fee:a", 10), fee("fee:b", 20), fee("fee:c", 30)])
    assert prepared is not None and not Transaction.objects.exists()  # formatted, not written
    post(fee("fee:b", 20))  # another worker got there first
    with transaction.atomic():
        assert write_copy(prepared, done={"fee:b"}) == 2
    assert sorted(Transaction.objects.values_list("idempotency_key", flat=True)) == ["fee:a", "fee:b", "fee:c"]
    assert balance(Account.FEES) == -60 and balance(Account.CASH) == 60
    with pytest.raises(DatabaseError), transaction.atomic():
        write_copy(prepared)  # written already: the unique keys refuse it
