"""Payout engine budgets on PostgreSQL (issue 3), medians over 3 runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python benchmarks/payouts_bench.py

Creates its own scratch database (<name>_payouts_bench on the same server, dropped and re-made), migrates it, then:
1. allocates 100,000 paid order lines into the ledger (target: at least 5,000 lines/s), and times a raw COPY of the
   same number of ledger rows (transactions and entries) in the same run, to report the ratio;
2. closes a payout run over 1,000 makers and at least 1,000,000 ledger entries (target: under 10 s).
Options: --lines N (default 100000), --keep (leave the scratch database).
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import drop_database, scratch_database  # noqa: E402

RUNS = 3
MAKERS = 1000
BATCH = 5000
STATUSES = ("serving_inside", "rotl", "released", "community")


def build_shop(lines):
    """1,000 makers of every status, one product each (every tenth co-made), and `lines` order lines."""
    from decimal import Decimal

    from oscar.core.loading import get_model

    from makers.models import Attribution, Maker, MakerStatus, Workshop
    from payouts.policies import load_default_policies

    Partner, Product, ProductClass = (get_model("partner", "Partner"), get_model("catalogue", "Product"),
                                      get_model("catalogue", "ProductClass"))
    Order, Line = get_model("order", "Order"), get_model("order", "Line")
    load_default_policies()
    workshops = []
    for n in range(10):
        partner = Partner.objects.create(name=f"Bench workshop {n}", code=f"bench-{n}")
        workshops.append(Workshop.objects.create(name=f"Bench workshop {n}", slug=f"bench-{n}", kind="prison",
                                                 partner=partner))
    makers = Maker.objects.bulk_create([
        Maker(display_name=f"Maker{n}", slug=f"maker-{n}", legal_name=f"Bench Person {n}", workshop=workshops[n % 10],
              prisoner_number="A1234BC", establishment=f"HMP Bench {n % 10}", housed_by_coop=n % 8 == 2,
              opt_out_reparation=n % 16 == 6)
        for n in range(MAKERS)
    ])
    MakerStatus.objects.bulk_create([
        MakerStatus(maker=m, status=STATUSES[n % 4], starts_on=datetime.date(2020, 1, 1)) for n, m in enumerate(makers)
    ])
    product_class, _ = ProductClass.objects.get_or_create(name="Bench", defaults={"slug": "bench"})
    products = Product.objects.bulk_create([
        Product(title=f"Bench item {n}", slug=f"bench-item-{n}", product_class=product_class, structure="standalone")
        for n in range(MAKERS)
    ])
    attributions = [Attribution(product=p, maker=makers[n], share_weight=2, position=0) for n, p in enumerate(products)]
    attributions += [Attribution(product=p, maker=makers[(n + 1) % MAKERS], share_weight=1, position=1)
                     for n, p in enumerate(products) if n % 10 == 0]
    Attribution.objects.bulk_create(attributions)

    start = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    orders = Order.objects.bulk_create([
        Order(number=f"B{n:07d}", currency="GBP", total_incl_tax=Decimal("0"), total_excl_tax=Decimal("0"),
              shipping_incl_tax=Decimal("0"), date_placed=start + datetime.timedelta(seconds=n))
        for n in range(lines // 2)
    ], batch_size=10000)
    rows = []
    for n in range(lines):
        price = Decimal(500 + (n * 37) % 9500) / 100
        product = products[n % MAKERS]
        rows.append(Line(order=orders[n // 2], product=product, title=product.title, partner_sku="B", quantity=1,
                         num_allocated=1, line_price_incl_tax=price, line_price_excl_tax=price,
                         line_price_before_discounts_incl_tax=price, line_price_before_discounts_excl_tax=price))
    Line.objects.bulk_create(rows, batch_size=10000)
    return [line.pk for line in rows]


def allocate(line_ids):
    """Allocate lines by id in atomic batches of BATCH (payouts.allocation.allocate_line_ids); returns seconds."""
    from payouts.allocation import allocate_line_ids

    began = time.perf_counter()
    allocate_line_ids(line_ids, shipping=False, batch=BATCH)
    return time.perf_counter() - began


def truncate_ledger():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE payouts_entry, payouts_transaction RESTART IDENTITY")


def ledger_counts():
    from payouts.models import Entry, Transaction

    return Transaction.objects.count(), Entry.objects.count()


def copy_rows(transactions, entries):
    """Raw COPY of the same number of transaction and entry rows into copies of the ledger tables; returns seconds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_transaction, bench_entry")
        cursor.execute("CREATE TABLE bench_transaction (LIKE payouts_transaction INCLUDING ALL)")
        cursor.execute("CREATE TABLE bench_entry (LIKE payouts_entry INCLUDING ALL)")
    now = "2026-03-02 09:00:00+00"
    txn = io.StringIO("".join(
        f"{n}\tsale\tsale:line:{n}\t{now}\t{now}\t\\N\t{n}\t\\N\t\\N\t\\N\t\\N\t\\N\n" for n in range(1, transactions + 1)))
    ent = io.StringIO("".join(
        f"{n}\t{n % transactions + 1}\t{n % 50 + 1}\t{(n % 7) * 100 - 300}\t\\N\twages\t\\N\n"
        for n in range(1, entries + 1)))
    columns_t = ("id", "kind", "idempotency_key", "occurred_at", "posted_at", "order_id", "line_id", "refund_id",
                 "dispute_id", "payout_run_id", "maker_id", "terms")
    columns_e = ("id", "transaction_id", "account_id", "amount", "maker_id", "bucket", "policy_id")
    began = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY bench_transaction ({', '.join(columns_t)}) FROM STDIN") as copy:
            copy.write(txn.getvalue())
        with raw.copy(f"COPY bench_entry ({', '.join(columns_e)}) FROM STDIN") as copy:
            copy.write(ent.getvalue())
    elapsed = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_transaction, bench_entry")
    return elapsed


def close_run():
    """Close a payout run, timed, then roll it back so the next run closes the same ledger."""
    from django.db import transaction

    from payouts.runs import close_period

    with transaction.atomic():
        began = time.perf_counter()
        run = close_period(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
        elapsed = time.perf_counter() - began
        payees, items = run.payees.count(), run.items.count()
        transaction.set_rollback(True)
    return elapsed, payees, items


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (postgres://user@host:5432/name): budgets are for PostgreSQL")
    scratch, name = scratch_database(url, "payouts_bench")
    os.environ["DATABASE_URL"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
    os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        print(f"Scratch database {name}: migrating...", flush=True)
        call_command("migrate", verbosity=0)
        print(f"Building 1,000 makers and {2 * args.lines:,} order lines...", flush=True)
        line_ids = build_shop(2 * args.lines)
        first, rest = line_ids[:args.lines], line_ids[args.lines:]

        allocation, copies, counts = [], [], None
        for n in range(RUNS):
            truncate_ledger()
            allocation.append(allocate(first))
            counts = ledger_counts()
            copies.append(copy_rows(*counts))
            print(f"  run {n + 1}: allocate {allocation[-1]:.2f} s ({args.lines / allocation[-1]:,.0f} lines/s), "
                  f"COPY of {sum(counts):,} rows {copies[-1]:.2f} s", flush=True)
        alloc_s, copy_s = statistics.median(allocation), statistics.median(copies)
        rate = args.lines / alloc_s

        allocate(rest)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        transactions, entries = ledger_counts()
        closes = []
        for n in range(RUNS):
            elapsed, payees, items = close_run()
            closes.append(elapsed)
            print(f"  run {n + 1}: close {elapsed:.2f} s ({payees:,} payees, {items:,} items)", flush=True)
        close_s = statistics.median(closes)

        print()
        print(f"Allocation: {args.lines:,} lines -> {counts[0]:,} transactions + {counts[1]:,} entries")
        print(f"  median {alloc_s:.2f} s = {rate:,.0f} lines/s (budget >= 5,000: {'OK' if rate >= 5000 else 'MISSED'})")
        print(f"  raw COPY of the same {sum(counts):,} rows: median {copy_s:.2f} s ({sum(counts) / copy_s:,.0f} rows/s); "
              f"allocation takes {alloc_s / copy_s:.1f}x the COPY")
        print(f"Payout close over {MAKERS:,} makers and {entries:,} entries ({transactions:,} transactions):")
        print(f"  median {close_s:.2f} s (budget < 10 s: {'OK' if close_s < 10 else 'MISSED'})")
    finally:
        connection.close()
        if not args.keep:
            drop_database(url, name)


if __name__ == "__main__":
    main()
