"""Storefront load test (issues 6 and 15): an anonymous product line page with 24 products, and with --search a search
with two facets, against gunicorn with 4 workers on PostgreSQL, and a trivial static-template Django view measured in
the same run for the ratios (targets: at least 0.5 with the shared page copy; at least 0.3 without it).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python benchmarks/storefront_load.py
    DATABASE_URL=... .venv/bin/python benchmarks/storefront_load.py --uncached --fresh --search

Creates its own scratch database (<name>_storefront_bench, dropped and re-made), migrates it, loads the demo, shelves
24 demo products in a benchmark product line (the demo's own lines hold about a dozen each), builds the search index
(in the database: ``update_index``), starts gunicorn (DEBUG off, 4 workers; Redis cache if REDIS_URL is set) and drives
the URLs with a keep-alive Python client: --concurrency connections for --seconds each, one URL after the other over
--rounds rounds, and reports the median requests per second of each, its ratio to the trivial view, and the gunicorn
workers' median CPU time per request (the client, PostgreSQL and Redis share the same cores). --uncached turns
off the shared copy of anonymous browse pages (storefront/pagecache.py) to measure the page as rendered; --fresh
also makes the parts every visitor shares afresh (the product cards, the listings with their facet values). The search page ("recycled", made inside, £50 to £150) has no page copy;
with it the empty basket is measured too, a page of the same layout that runs no search.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import scratch_database  # noqa: E402

BASELINE = "/__benchmark__/static/"
SHELF = "benchmark-shelf"
SEARCH = "/shop/search/?" + urlencode(
    {"q": "recycled", "selected_facets": ["made:Made inside", "price_band:£50 to £150"]}, doseq=True)
BASKET = "/shop/basket/"


def prepare(env):
    """Migrate, load the demo, shelve 24 products in one product line and index them; returns the line's path."""
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_demo", "--no-index"], ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    script = f"""
from oscar.core.loading import get_model
Category = get_model("catalogue", "Category"); ProductCategory = get_model("catalogue", "ProductCategory")
Product = get_model("catalogue", "Product")
shelf = Category.get_root_nodes().filter(slug="{SHELF}").first() or Category.add_root(name="All lines", slug="{SHELF}")
for product in Product.objects.browsable().filter(upc__startswith="DEMO-").order_by("pk")[:24]:
    ProductCategory.objects.get_or_create(product=product, category=shelf)
print(shelf.get_absolute_url())
"""
    out = subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    subprocess.run([python, "manage.py", "update_index"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return out.stdout.strip().splitlines()[-1]


def hammer(host, port, path, seconds, concurrency):
    """Requests per second over `seconds` with `concurrency` keep-alive connections; any non-200 is an error."""
    counts, errors = [0] * concurrency, []
    deadline = time.monotonic() + seconds

    def worker(i):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < deadline:
            conn.request("GET", path, headers={"Host": "localhost"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} responses were not 200 (first: {errors[0]})")
    hammer.requests = sum(counts)
    return sum(counts) / (time.monotonic() - started)


def workers_cpu(server):
    """CPU seconds the gunicorn workers (the server's children) have used so far, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    total = 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8699)
    parser.add_argument("--uncached", action="store_true",
                        help="turn off the shared copy of anonymous browse pages, to measure the page as rendered")
    parser.add_argument("--fresh", action="store_true",
                        help="with --uncached: make the shared parts afresh too (product cards, listings and facet values)")
    parser.add_argument("--search", action="store_true",
                        help="also measure the search page with a query and two facets")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (a scratch database is created beside it).")

    var = tempfile.mkdtemp(prefix="ttg-bench-")
    env = os.environ | {
        "DATABASE_URL": scratch_database(url, "storefront_bench")[0], "VAR_DIR": var, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost,127.0.0.1", "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE":
        "benchmarks.storefront_settings", "LOG_LEVEL": "ERROR", "BENCH_PAGE_CACHE": "0" if args.uncached else "1",
        "BENCH_FRAGMENT_CACHE": "0" if args.fresh else "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    line = prepare(env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "storefront.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{args.port}",
         "--log-level", "warning"], cwd=ROOT, env=env)
    shown = {}
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", BASELINE, headers={"Host": "localhost"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        pages = {"product line page, 24 products": line}
        if args.search:
            pages["search, a query and two facets"] = SEARCH
            pages["for reference, a page of the same layout with no search (the empty basket)"] = BASKET
        for path in pages.values():
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            conn.request("GET", path, headers={"Host": "localhost"})
            body = conn.getresponse().read().decode()
            shown[path] = body.count('class="product_pod"')
        assert shown[line] == 24, f"the product line page shows {shown[line]} products, not 24"
        assert shown.get(SEARCH, 1), "the search finds nothing"
        shown.pop(BASKET, None)
        for path in pages.values():
            hammer("127.0.0.1", args.port, path, 3, args.concurrency)  # warm every worker's caches
        hammer("127.0.0.1", args.port, BASELINE, 2, args.concurrency)
        rates = {path: [] for path in [BASELINE, *pages.values()]}
        cpu = {path: [] for path in rates}  # the workers' CPU milliseconds per request
        for _ in range(args.rounds):
            for path, measured in rates.items():
                before = workers_cpu(server)
                measured.append(hammer("127.0.0.1", args.port, path, args.seconds, args.concurrency))
                cpu[path].append((workers_cpu(server) - before) * 1000 / hammer.requests)
    finally:
        server.terminate()
        server.wait(timeout=20)
    baseline_rps = statistics.median(rates[BASELINE])
    targets = {line: 0.3 if args.uncached else 0.5, SEARCH: 0.3}  # a search has no shared page copy
    print(f"CPUs: {os.cpu_count()}, gunicorn workers: 4, connections: {args.concurrency}, "
          f"{args.rounds} rounds of {args.seconds:g}s each, shared page copy {'off' if args.uncached else 'on'}, "
          f"shared cards and listings {'off' if args.fresh else 'on'}")
    print(f"trivial static-template view ({BASELINE}): {baseline_rps:.1f} req/s  (rounds: "
          f"{', '.join(f'{r:.1f}' for r in rates[BASELINE])}); "
          f"{statistics.median(cpu[BASELINE]):.2f} ms of gunicorn worker CPU per request")
    for name, path in pages.items():
        rps = statistics.median(rates[path])
        products = f", {shown[path]} shown" if path in shown else ""
        goal = f" (target: at least {targets[path]})" if path in targets else ""
        print(f"{name} ({path}{products}): {rps:.1f} req/s  (rounds: "
              f"{', '.join(f'{r:.1f}' for r in rates[path])}); ratio {rps / baseline_rps:.2f}{goal}; "
              f"{statistics.median(cpu[path]):.2f} ms of gunicorn worker CPU per request")


if __name__ == "__main__":
    main()
