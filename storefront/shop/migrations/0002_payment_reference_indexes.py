"""Indexes on the gateway references that Stripe events are matched by (Oscar's payment tables have none).

A refund or dispute event names its PaymentIntent or charge, not our order: ``webhooks.order_for`` finds the order by
``payment_source.reference`` or ``payment_transaction.reference``, which without an index is a scan of every payment
ever taken, in the webhook's transaction.
"""

from django.db import migrations

INDEXES = [("shop_payment_source_reference", "payment_source"),
           ("shop_payment_transaction_reference", "payment_transaction")]


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_initial"),
        ("payment", "0005_auto_20200801_0817"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (reference)",
                          f"DROP INDEX IF EXISTS {name}")
        for name, table in INDEXES
    ]
