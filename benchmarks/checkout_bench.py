"""Checkout and webhook budgets on PostgreSQL (issue 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python benchmarks/checkout_bench.py

Creates its own scratch database (<name>_checkout_bench on the same server, dropped and re-made), migrates it, adds
products with plenty of stock, then:
1. serves the shop with gunicorn as deployed (storefront/gunicorn.py: two workers per core plus one; DEBUG off; demo
   gateway) and sends 20 concurrent guest buyers through the whole checkout, basket to confirmed order; reports p50
   and p95 per step of the server time (gunicorn's own time for each request, from its access log: the budget, p95
   under 300 ms for every step) and of the time at the client, which adds any wait for a free worker. With no think
   time (the default) the buyers ask as fast as the machine answers, a stress far above 20 real people; --think S
   gives each page S seconds (+-50%) of reading and typing. With --buyers 1 it gives the single-buyer baseline.
2. serves it with one gunicorn worker process with Stripe keys set and posts signed webhook events from concurrent
   senders, after a warm-up, in rounds with orders of their own, for two mixes: "mixed" (a quarter each of
   payment_intent.succeeded for pending orders, the same events again, payment_intent.payment_failed and ignored
   types) and "payments" (payment_intent.succeeded only, the heaviest event). The endpoint records and queues each
   event (storefront/shop/webhooks.py): reports its events/s per round and the median (target: 200 events/s or more),
   and the CPU time per event of the worker, of PostgreSQL and of the senders. With a broker, each round then starts
   one Celery worker process (solo pool) and reports the rate at which it applies what was queued and its CPU per
   event: the rate at which payments become paid orders.
The load average is printed before and after: the machine is shared, so it says how loaded it was.
Options: --buyers N (20), --orders N per buyer (5), --workers N (as deployed), --think S (0), --events N per round
(1000), --rounds N (3), --mix mixed payments, --webhook-clients N (4 concurrent senders), --webhook-threads N (1),
--keep (leave the scratch database), --webhooks-only (skip part 1),
--broker redis://127.0.0.1:6379/15 (default: CELERY_BROKER_URL; none means eager): with a broker, work is queued as
in production instead of running inside the request; the paid orders' pipeline (allocation, emails, fees) is parked
there unread (benchmarks/checkout_settings.py), only the Stripe events are applied by the benchmark's worker.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import drop_database, scratch_database  # noqa: E402

WEBHOOK_SECRET = "whsec_bench"
STEPS = ("add to basket", "basket page", "guest details", "shipping address", "shipping method", "payment details",
         "preview", "place order", "confirmation page")


def setup_django(database_url):
    """Migrate the scratch database and collect static files into a scratch folder (DEBUG is off, as in production)."""
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="storefront.settings", EMAIL_URL="dummy://",
                      VAR_DIR=tempfile.mkdtemp(prefix="ttg-checkout-bench-"))
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, check=True,
                   env=server_env(database_url), stdout=subprocess.DEVNULL)
    # Oscar links its "missing image" picture into the media folder on first use; ten workers racing to do it fail.
    from django.conf import settings

    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    missing = Path(settings.STATIC_ROOT) / "oscar" / "img" / "image_not_found.jpg"
    shutil.copy(missing, Path(settings.MEDIA_ROOT) / settings.OSCAR_MISSING_IMAGE_URL)


def make_products(buyers):
    from decimal import Decimal

    from tests.factories import make_maker, make_product

    from makers.models import Attribution
    from payouts.policies import load_default_policies

    load_default_policies()
    products = []
    for n in range(buyers):
        maker = make_maker()
        for line, price in (("beer", "4.50"), ("it", "95.00")):
            product = make_product(line, price=Decimal(price), stock=100_000, partner=maker.workshop.partner)
            Attribution.objects.create(product=product, maker=maker, share_weight=1)
            products.append(product.pk)
    return products


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url):
    """The shop as deployed (DEBUG off), on the scratch database and static folder."""
    return os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks.checkout_settings",
                         "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": "localhost,127.0.0.1",
                         "SECURE_SSL_REDIRECT": "0", "EMAIL_URL": "dummy://", "LOG_LEVEL": "ERROR"}


def gunicorn(database_url, workers, extra_env, access_log=None, threads=1):
    """Gunicorn as deployed (storefront/gunicorn.py), with `workers` processes; with `access_log`, each request's step
    (the client's X-Bench-Step header) and its server time in microseconds are written there."""
    port = free_port()
    env = server_env(database_url) | extra_env
    logging = ["--access-logfile", access_log, "--access-logformat", "%({x-bench-step}i)s\t%(D)s"] if access_log else []
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "python:storefront.gunicorn", "storefront.wsgi", "-w", str(workers),
         "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning", *logging],
        cwd=ROOT, env=env, start_new_session=True)
    import requests

    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(url + "/shop/basket/", timeout=10)
            return server, url
        except requests.RequestException:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not start")


def cpu_seconds(pid, reaped=False):
    """CPU time (user + system) a process has used so far; with `reaped`, that of its children that have ended."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    first = 13 if reaped else 11  # cutime, cstime or utime, stime, in clock ticks
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def worker_cpu_seconds(server):
    """CPU time used so far by the gunicorn worker processes under `server`, the master."""
    return sum(cpu_seconds(child) for child in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split())


def postgres_cpu_seconds():
    """CPU time used so far by this machine's PostgreSQL: its live processes, and the backends that have ended (the
    server under test is local; a connection closed meanwhile would otherwise take its CPU time with it)."""
    total = 0
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                total += cpu_seconds(entry.name) + cpu_seconds(entry.name, reaped=True)
        except OSError:
            continue  # gone meanwhile
    return total


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def buyer(url, products, orders, timings, errors, n, think):
    import random

    import requests

    pause = random.Random(n)
    for k in range(orders):
        s = requests.Session()

        def timed(step, method, path, data=None, expect=(200, 302)):
            if data is not None:
                data = data | {"csrfmiddlewaretoken": s.cookies.get("csrftoken", "")}
            if think:
                time.sleep(pause.uniform(0.5, 1.5) * think)  # reading the page, typing an address
            started = time.perf_counter()
            response = s.request(method, url + path, data=data, allow_redirects=False,
                                 headers={"Referer": url + path, "X-Bench-Step": step})
            timings[step].append(time.perf_counter() - started)
            if response.status_code not in expect:
                errors.append(f"{step}: {response.status_code} {path}")
            return response

        s.get(url + "/shop/accounts/login/")  # the CSRF cookie, as a browser gets it from any page with a form
        for pk in products:
            timed("add to basket", "POST", f"/shop/basket/add/{pk}/", {"quantity": "1"})
        timed("basket page", "GET", "/shop/basket/", expect=(200,))
        timed("guest details", "POST", "/shop/checkout/", {"username": f"bench{n}-{k}@example.org",
                                                          "options": "anonymous"})
        timed("shipping address", "POST", "/shop/checkout/shipping-address/", {
            "first_name": "Bench", "last_name": "Buyer", "line1": "1 High Street", "line4": "Leeds",
            "postcode": "LS1 1AA", "country": "GB"})
        timed("shipping method", "GET", "/shop/checkout/shipping-method/")
        timed("payment details", "GET", "/shop/checkout/payment-details/")
        preview = timed("preview", "POST", "/shop/checkout/preview/",
                        {"date_of_birth": "1990-01-01", "confirm_18": "on"})
        total = re.search(r'name="total_pence" value="(\d+)"', preview.text)
        placed = timed("place order", "POST", "/shop/checkout/preview/",
                       {"action": "place_order", "total_pence": total.group(1) if total else ""})
        if placed.status_code != 302 or not placed.headers["Location"].endswith("/thank-you/"):
            errors.append(f"place order did not reach the thank-you page: {placed.status_code}")
        timed("confirmation page", "GET", "/shop/checkout/thank-you/", expect=(200,))


def checkout_bench(url, products, buyers, orders, think=0):
    timings, errors = defaultdict(list), []
    threads = [threading.Thread(target=buyer, args=(url, products[2 * (n % (len(products) // 2)):][:2], orders,
                                                    timings, errors, n, think)) for n in range(buyers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors, time.perf_counter() - started


def pending_orders(count, first=0):
    """Orders placed and waiting for Stripe, as the checkout leaves them (one line, stock held, a source), numbered
    from `first`."""
    from decimal import Decimal

    from oscar.core.loading import get_model

    Order, Line = get_model("order", "Order"), get_model("order", "Line")
    Product, Source, SourceType = (get_model("catalogue", "Product"), get_model("payment", "Source"),
                                   get_model("payment", "SourceType"))
    product = Product.objects.filter(product_class__slug="recycled-it").select_related().first()
    record = product.stockrecords.first()
    source_type, _ = SourceType.objects.get_or_create(code="stripe", defaults={"name": "Stripe"})
    intents = []
    for n in range(first, first + count):
        order = Order.objects.create(number=f"WH{n:06d}", currency="GBP", status="Pending payment",
                                     guest_email=f"wh{n}@example.org", total_incl_tax=Decimal("95.00"),
                                     total_excl_tax=Decimal("95.00"), shipping_incl_tax=0, shipping_excl_tax=0)
        Line.objects.create(order=order, product=product, partner=record.partner, stockrecord=record,
                            title=product.title, partner_sku=record.partner_sku, quantity=1, num_allocated=1,
                            line_price_incl_tax=Decimal("95.00"), line_price_excl_tax=Decimal("95.00"),
                            line_price_before_discounts_incl_tax=Decimal("95.00"),
                            line_price_before_discounts_excl_tax=Decimal("95.00"), status="Pending payment")
        Source.objects.create(order=order, source_type=source_type, currency="GBP", amount_allocated=Decimal("95.00"),
                              reference=f"pi_bench_{n}")
        intents.append((order.number, f"pi_bench_{n}"))
    return intents


MIXES = {
    "mixed": "a quarter each: payment_intent.succeeded, the same again (duplicates), payment_failed, ignored types",
    "payments": "payment_intent.succeeded only, each a new payment (the heaviest event)",
}


def webhook_events(intents, count, mix="mixed"):
    from tests.checkout.stripe_fakes import event, sample

    events, n = [], 0
    succeeded = [event("payment_intent.succeeded", sample(
        "payment_intent", id=pi, amount=9500, amount_received=9500, currency="gbp", status="succeeded",
        latest_charge=f"ch_bench_{number}", metadata={"order_number": number})) for number, pi in intents]
    if mix == "payments":
        return succeeded[:count]
    while len(events) < count:
        kind = len(events) % 4
        if kind == 0 and n < len(succeeded):
            events.append(succeeded[n])
            n += 1
        elif kind == 1 and n:
            events.append(succeeded[n - 1])  # the same event delivered again
        elif kind == 2:
            events.append(event("payment_intent.payment_failed", sample(
                "payment_intent", id=f"pi_failed_{len(events)}_{intents[0][1]}", metadata={},
                last_payment_error={"message": "x"})))
        else:
            events.append(event("customer.created", sample("customer")))
    return events[:count]


def webhook_bench(url, events, clients):
    """Post the signed events from `clients` concurrent senders (Stripe delivers concurrently), so the one worker
    process is never idle waiting for the benchmark's own client; returns events/s, latencies and non-200 answers.
    The senders use http.client with the requests built beforehand: the client shares the machine's two cores."""
    import http.client
    import queue
    from urllib.parse import urlparse

    import stripe

    bodies = queue.Queue()
    for evt in events:
        body = json.dumps(evt)
        stamp = int(time.time())
        signature = stripe.WebhookSignature._compute_signature(f"{stamp}.{body}", WEBHOOK_SECRET)
        bodies.put((body.encode(), {"Stripe-Signature": f"t={stamp},v1={signature}",
                                    "Content-Type": "application/json", "Host": "localhost"}))
    server = urlparse(url)
    latencies, failures = [], []

    def send():
        conn = http.client.HTTPConnection(server.hostname, server.port, timeout=30)  # reopens after each close
        while True:
            try:
                body, headers = bodies.get_nowait()
            except queue.Empty:
                conn.close()
                return
            t = time.perf_counter()
            conn.request("POST", "/webhooks/stripe/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - t)
            if response.status != 200:
                failures.append(response.status)

    threads = [threading.Thread(target=send) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(events) / (time.perf_counter() - started), latencies, len(failures)


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=20)
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--webhooks-only", action="store_true", help="skip the checkout part")
    parser.add_argument("--webhook-clients", type=int, default=4, help="concurrent senders of webhook events")
    parser.add_argument("--webhook-threads", type=int, default=1, help="threads of the webhook's worker process")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of webhook events (the median is reported)")
    parser.add_argument("--mix", nargs="+", choices=MIXES, default=list(MIXES), help="mixes of webhook events")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: as deployed)")
    parser.add_argument("--think", type=float, default=0,
                        help="seconds a buyer spends on each page before the next request (default 0: no pause)")
    parser.add_argument("--broker", default=os.environ.get("CELERY_BROKER_URL", ""))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the benchmark makes its own scratch database there).")
    database_url, name = scratch_database(os.environ["DATABASE_URL"], "checkout_bench")
    setup_django(database_url)
    products = make_products(args.buyers)
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    if not args.webhooks_only:
        run_checkout(args, database_url, products)
    run_webhooks(args, database_url)
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    shutil.rmtree(os.environ["VAR_DIR"], ignore_errors=True)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database(os.environ["DATABASE_URL"], name)


def run_checkout(args, database_url, products):
    workers = args.workers or default_workers()
    log = Path(os.environ["VAR_DIR"]) / "access.log"
    server, url = gunicorn(database_url, workers, access_log=str(log), extra_env={
        "STRIPE_SECRET_KEY": "", "STRIPE_PUBLISHABLE_KEY": "", "STRIPE_WEBHOOK_SECRET": "",
        "CELERY_BROKER_URL": args.broker})
    try:
        checkout_bench(url, products, args.buyers, 1)  # every worker's first requests (imports, templates) warm up
        time.sleep(1)
        log.write_text("")  # gunicorn appends: the warm-up's lines are gone, the measured ones follow
        timings, errors, elapsed = checkout_bench(url, products, args.buyers, args.orders, args.think)
    finally:
        stop(server)
    server_times = defaultdict(list)
    for line in log.read_text().splitlines():
        step, _, micros = line.rpartition("\t")
        if step in STEPS:
            server_times[step].append(int(micros) / 1e6)
    print(f"Celery: {'queued on ' + args.broker if args.broker else 'eager (no broker)'}; {os.cpu_count()} CPUs")
    requests = sum(len(v) for v in timings.values())
    print(f"Checkout, demo gateway, {args.buyers} concurrent buyers x {args.orders} orders "
          f"({args.buyers * args.orders} orders, {requests} requests in {elapsed:.1f} s = {requests / elapsed:.0f} "
          f"requests/s), gunicorn with {workers} workers, think time {args.think:g} s (+-50%) before each request:")
    print("  server time = gunicorn's own time for the request, from reading it to sending the answer;")
    print("  at the client = the same plus any wait in the listen queue for a free worker")
    print(f"  {'':18} {'server p50':>11} {'server p95':>11} {'client p50':>11} {'client p95':>11}")
    worst = 0
    for step in STEPS:
        server_p95 = pct(server_times[step], 0.95) * 1000
        worst = max(worst, server_p95)
        print(f"  {step:18} {pct(server_times[step], 0.5) * 1000:8.1f} ms {server_p95:8.1f} ms "
              f"{pct(timings[step], 0.5) * 1000:8.1f} ms {pct(timings[step], 0.95) * 1000:8.1f} ms"
              f"   ({len(server_times[step])} requests)")
    print(f"  errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"  budget server p95 < 300 ms per step: {'met' if worst < 300 and not errors else 'NOT met'}")


def default_workers():
    """The worker count production uses (storefront/gunicorn.py), with WEB_CONCURRENCY unset."""
    from storefront import gunicorn as deployed

    return deployed.workers


def celery_worker(database_url, broker):
    """One `celery worker` process (solo pool: tasks run in the process itself), as a production worker, on the
    scratch database; the benchmark's settings park the paid order's pipeline on a queue nobody reads."""
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "storefront", "worker", "--pool=solo", "--loglevel=warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=server_env(database_url) | {"CELERY_BROKER_URL": broker} | STRIPE_ENV,
        start_new_session=True, stdout=subprocess.DEVNULL)


def drain(database_url, broker, event_ids):
    """Start one Celery worker process on the events the webhook queued and wait until none is left "received";
    returns events applied per second (first to last applied, by the records' own times, so the worker's start is
    not counted) and the worker's CPU time per event from its first event on."""
    from django.db.models import Max, Min

    from storefront.shop.models import StripeEvent

    records = StripeEvent.objects.filter(event_id__in=event_ids)
    worker, cpu_at_first = celery_worker(database_url, broker), None
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and worker.poll() is None:
            waiting = records.filter(status=StripeEvent.RECEIVED).count()
            if cpu_at_first is None and waiting < len(event_ids):
                cpu_at_first = cpu_seconds(worker.pid)
            if not waiting:
                break
            time.sleep(0.05)
        cpu = cpu_seconds(worker.pid) - (cpu_at_first or 0)
    finally:
        stop(worker)
    span = records.aggregate(first=Min("applied_at"), last=Max("applied_at"))
    left = records.filter(status=StripeEvent.RECEIVED).count()
    if left or not span["first"]:
        raise RuntimeError(f"the Celery worker left {left} of {len(event_ids)} events unapplied")
    seconds = (span["last"] - span["first"]).total_seconds()
    return (len(event_ids) - 1) / seconds, cpu / len(event_ids)


STRIPE_ENV = {"STRIPE_SECRET_KEY": "sk_test_bench", "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
              "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET}


def run_webhooks(args, database_url):
    """Rounds of signed events against one gunicorn worker process, after a warm-up (imports, first connections);
    each round has orders and events of its own. The endpoint records and queues each event; then one Celery worker
    process applies what was queued. Reports each round and the median of both, per mix of events."""
    from oscar.core.loading import get_model

    from storefront.shop.webhooks import HANDLERS

    Order = get_model("order", "Order")
    if not args.broker:
        print("Webhook: no --broker, so Celery runs eagerly and every event is applied inside its request (as in the "
              "demo); production queues them: pass --broker redis://127.0.0.1:6379/15 to measure that.")
    server, url = gunicorn(database_url, workers=1, threads=args.webhook_threads,
                           extra_env=STRIPE_ENV | {"CELERY_BROKER_URL": args.broker})
    numbered, payments = 0, set()

    def round_of(mix, count):
        """Orders and events made first; then only the sending is timed and its CPU counted; then the drain."""
        nonlocal numbered
        wanted = count if mix == "payments" else count // 4 + 1
        intents = pending_orders(wanted, first=numbered)
        numbered += wanted
        events = webhook_events(intents, count, mix)
        payments.update(e["data"]["object"]["metadata"]["order_number"] for e in events
                        if e["type"] == "payment_intent.succeeded")
        before = worker_cpu_seconds(server), postgres_cpu_seconds(), time.process_time()
        rate, times, failed = webhook_bench(url, events, args.webhook_clients)
        after = worker_cpu_seconds(server), postgres_cpu_seconds(), time.process_time()
        cpu = [(end - start) / count for start, end in zip(before, after)]
        recorded = {e["id"] for e in events if e["type"] in HANDLERS}  # the rest is answered and not recorded
        applied = drain(database_url, args.broker, recorded) if args.broker else (None, None)
        return rate, times, failed, cpu, applied

    try:
        round_of("mixed", 60)  # warm-up: the worker's imports, its database and broker connections
        for mix in args.mix:
            rates, latencies, failures, cpu, applied, apply_cpu = [], [], 0, defaultdict(list), [], []
            for _ in range(args.rounds):
                rate, times, failed, used, (applied_rate, applied_cpu) = round_of(mix, args.events)
                for name, seconds in zip(("worker", "postgres", "senders"), used):
                    cpu[name].append(seconds)
                rates.append(rate)
                latencies += times
                failures += failed
                if applied_rate:
                    applied.append(applied_rate)
                    apply_cpu.append(applied_cpu)
            print(f"Webhook endpoint, one gunicorn worker process ({args.webhook_threads} thread(s)), {args.rounds} "
                  f"rounds of {args.events} signed events from {args.webhook_clients} concurrent senders; "
                  f"{MIXES[mix]}:")
            print(f"  rounds: {' / '.join(f'{r:.0f}' for r in rates)} events/s; median {statistics.median(rates):.0f} "
                  f"events/s; latency p50 {pct(latencies, .5) * 1000:.1f} ms, p95 {pct(latencies, .95) * 1000:.1f} "
                  f"ms; non-200 answers: {failures}")
            print("  CPU time per event (medians): the worker process {:.1f} ms, PostgreSQL {:.1f} ms, the benchmark's "
                  "senders {:.1f} ms".format(*(statistics.median(cpu[k]) * 1000 for k in ("worker", "postgres",
                                                                                          "senders"))))
            print(f"  budget >= 200 events/s: "
                  f"{'met' if statistics.median(rates) >= 200 and not failures else 'NOT met'}")
            if applied:
                print(f"  then one Celery worker process (solo pool) applied the recorded events (duplicates and "
                      f"ignored types are answered by the endpoint alone): {' / '.join(f'{r:.0f}' for r in applied)} "
                      f"events/s, median {statistics.median(applied):.0f}; its CPU per event "
                      f"{statistics.median(apply_cpu) * 1000:.1f} ms")
    finally:
        stop(server)
    paid = Order.objects.filter(number__in=payments, status="Paid").count()
    print(f"  orders paid: {paid} of the {len(payments)} whose payment_intent.succeeded was sent"
          f"{'' if paid == len(payments) else ': SOME WERE NOT'}")


if __name__ == "__main__":
    main()
