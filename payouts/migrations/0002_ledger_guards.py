"""PostgreSQL guards of the ledger: balanced transactions and append-only rows, enforced by the database itself.

- A deferred constraint trigger checks, at commit, that the entries of every ledger transaction touched sum to 0p.
  It fires once per ledger transaction row (not per entry), so a bulk allocation pays one indexed sum per transaction;
  a second trigger requires all entries of a transaction to be written in one INSERT statement, so no later insert
  can unbalance a transaction behind the check's back.
- Any UPDATE or DELETE of a posted entry or transaction raises an exception. (TRUNCATE, used only by test database
  flushes and the benchmark's scratch database, is a different privilege and not blocked.)

SQLite has no such triggers; the Python guards in payouts.models stand in for them there.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION payouts_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    legs integer;
BEGIN
    SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, legs FROM payouts_entry WHERE transaction_id = NEW.id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'Ledger transaction % (%) does not balance: its entries sum to %p', NEW.id,
            NEW.idempotency_key, total USING ERRCODE = 'check_violation';
    END IF;
    IF legs < 2 THEN
        RAISE EXCEPTION 'Ledger transaction % (%) needs at least two entries, it has %', NEW.id,
            NEW.idempotency_key, legs USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER payouts_transaction_balanced
    AFTER INSERT ON payouts_transaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION payouts_transaction_balances();

-- The balance check above runs once, for the transaction's entries at commit. So that no entry can join a
-- transaction afterwards, all entries of a transaction must be written together, in one INSERT statement.
CREATE FUNCTION payouts_entries_written_together() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (SELECT transaction_id, COUNT(*) AS legs FROM new_entries GROUP BY transaction_id) n
        WHERE (SELECT COUNT(*) FROM payouts_entry e WHERE e.transaction_id = n.transaction_id) <> n.legs
    ) THEN
        RAISE EXCEPTION 'Entries cannot be added to a ledger transaction that already has entries; post a new one'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER payouts_entry_written_together
    AFTER INSERT ON payouts_entry
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_entries_written_together();

CREATE FUNCTION payouts_ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The ledger is append-only: % on % is refused; post a reversing transaction instead',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER payouts_entry_append_only
    BEFORE UPDATE OR DELETE ON payouts_entry
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_ledger_is_append_only();
CREATE TRIGGER payouts_transaction_append_only
    BEFORE UPDATE OR DELETE ON payouts_transaction
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_ledger_is_append_only();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS payouts_transaction_append_only ON payouts_transaction;
DROP TRIGGER IF EXISTS payouts_entry_append_only ON payouts_entry;
DROP TRIGGER IF EXISTS payouts_entry_written_together ON payouts_entry;
DROP TRIGGER IF EXISTS payouts_transaction_balanced ON payouts_transaction;
DROP FUNCTION IF EXISTS payouts_ledger_is_append_only();
DROP FUNCTION IF EXISTS payouts_entries_written_together();
DROP FUNCTION IF EXISTS payouts_transaction_balances();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False)]
