"""Ledger guards checked once per INSERT statement instead of once per row, and partial indexes for rare causes.

Bulk allocation writes about five entries per order line; with a foreign key trigger per entry for its transaction
and its account, PostgreSQL spent a quarter of the allocation's time on those row-by-row lookups at commit.
Instead, the statement trigger that already required a transaction's entries to be written together now also
checks, in one set-based query per INSERT, that every entry's transaction and account exist. What a foreign key
also guaranteed afterwards, that the row it points to stays, holds because transactions are append-only (0002) and
ledger accounts can no longer be deleted or renumbered (trigger below). Still checked at commit, per transaction:
its entries sum to 0p and there are at least two of them (0002, unchanged).

Transaction causes that sales leave empty (refund, dispute, payout run, levy maker) and the entry's policy (empty on
cash and VAT legs) get partial indexes (only rows where set); the entry's maker keeps only its (maker, bucket) index,
which serves lookups by maker too; the key's pattern index goes (nothing searches keys by prefix any more).
"""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = r"""
CREATE FUNCTION payouts_entries_checked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT n.transaction_id INTO missing FROM (SELECT DISTINCT transaction_id FROM new_entries) n
        WHERE NOT EXISTS (SELECT 1 FROM payouts_transaction t WHERE t.id = n.transaction_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Ledger entries name transaction %, which does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT n.account_id INTO missing FROM (SELECT DISTINCT account_id FROM new_entries) n
        WHERE NOT EXISTS (SELECT 1 FROM payouts_account a WHERE a.id = n.account_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Ledger entries name account %, which does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    -- The balance check at commit (0002) runs once per transaction, so all its entries must come together.
    IF EXISTS (
        SELECT 1 FROM (SELECT transaction_id, COUNT(*) AS legs FROM new_entries GROUP BY transaction_id) n
        WHERE (SELECT COUNT(*) FROM payouts_entry e WHERE e.transaction_id = n.transaction_id) <> n.legs
    ) THEN
        RAISE EXCEPTION 'Entries cannot be added to a ledger transaction that already has entries; post a new one'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER payouts_entry_written_together ON payouts_entry;
DROP FUNCTION payouts_entries_written_together();
CREATE TRIGGER payouts_entry_checked
    AFTER INSERT ON payouts_entry
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_entries_checked();

CREATE FUNCTION payouts_account_is_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Ledger accounts are never deleted or renumbered: entries point at them'
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER payouts_account_kept
    BEFORE DELETE OR UPDATE OF id ON payouts_account
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_account_is_kept();

-- No query looks transactions up by a prefix of their key any more (levies by maker and week, shipping refunds by
-- order): the pattern index Django adds beside the unique one only cost an insert per transaction.
DROP INDEX IF EXISTS payouts_transaction_idempotency_key_e2aa55f6_like;
"""

BACKWARD = r"""
CREATE INDEX IF NOT EXISTS payouts_transaction_idempotency_key_e2aa55f6_like
    ON payouts_transaction (idempotency_key varchar_pattern_ops);
DROP TRIGGER IF EXISTS payouts_account_kept ON payouts_account;
DROP FUNCTION IF EXISTS payouts_account_is_kept();
DROP TRIGGER IF EXISTS payouts_entry_checked ON payouts_entry;
DROP FUNCTION IF EXISTS payouts_entries_checked();
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
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('makers', '0002_maker_permissions'),
        ('order', '0021_billingaddress_code_shippingaddress_code'),
        ('payouts', '0002_ledger_guards'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entry',
            name='account',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='payouts.account'),
        ),
        migrations.AlterField(
            model_name='entry',
            name='maker',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='makers.maker'),
        ),
        migrations.AlterField(
            model_name='entry',
            name='transaction',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='payouts.transaction'),
        ),
        migrations.AlterField(
            model_name='transaction',
            name='dispute',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='payouts.dispute'),
        ),
        migrations.AlterField(
            model_name='transaction',
            name='maker',
            field=models.ForeignKey(blank=True, db_index=False, help_text='For a levy: whose week it was.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='makers.maker'),
        ),
        migrations.AlterField(
            model_name='transaction',
            name='payout_run',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transactions', to='payouts.payoutrun'),
        ),
        migrations.AlterField(
            model_name='transaction',
            name='refund',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='payouts.refund'),
        ),
        migrations.AddIndex(
            model_name='transaction',
            index=models.Index(condition=models.Q(('refund__isnull', False)), fields=['refund'], name='payouts_txn_refund_set'),
        ),
        migrations.AddIndex(
            model_name='transaction',
            index=models.Index(condition=models.Q(('dispute__isnull', False)), fields=['dispute'], name='payouts_txn_dispute_set'),
        ),
        migrations.AddIndex(
            model_name='transaction',
            index=models.Index(condition=models.Q(('payout_run__isnull', False)), fields=['payout_run'], name='payouts_txn_payout_run_set'),
        ),
        migrations.AddIndex(
            model_name='transaction',
            index=models.Index(condition=models.Q(('maker__isnull', False)), fields=['maker'], name='payouts_txn_maker_set'),
        ),
        migrations.AlterField(
            model_name='entry',
            name='policy',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='payouts.splitpolicy'),
        ),
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(condition=models.Q(('policy__isnull', False)), fields=['policy'], name='payouts_entry_policy_set'),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False),
    ]
