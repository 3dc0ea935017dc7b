"""Storefront load test (issue 6): an anonymous product line page with 24 products, against gunicorn with 4 workers on
PostgreSQL, and a trivial static-template Django view measured in the same run for the ratio (target: at least 0.5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python benchmarks/storefront_load.py

Creates its own scratch database (<name>_storefront_bench, dropped and re-made), migrates it, loads the demo, shelves
24 demo products in a benchmark product line (the demo's own lines hold about a dozen each), builds the search index in
a scratch folder, starts gunicorn (DEBUG off, 4 workers; Redis cache if REDIS_URL is set) and drives both URLs with a
keep-alive Python client: --concurrency connections for --seconds each, alternating the two URLs over --rounds rounds,
and reports the median requests per second of each and their ratio. --uncached turns off the shared copy of anonymous
browse pages (storefront/pagecache.py) to measure the page as rendered.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import scratch_database  # noqa: E402

BASELINE = "/__benchmark__/static/"
SHELF = "benchmark-shelf"


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
    subprocess.run([python, "manage.py", "rebuild_index", "--noinput"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
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
    return sum(counts) / (time.monotonic() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8699)
    parser.add_argument("--uncached", action="store_true",
                        help="turn off the shared copy of anonymous browse pages, to measure the page as rendered")
    parser.add_argument("--fresh-cards", action="store_true",
                        help="with --uncached: render every product card afresh too (no shared card fragments)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (a scratch database is created beside it).")

    var = tempfile.mkdtemp(prefix="ttg-bench-")
    env = os.environ | {
        "DATABASE_URL": scratch_database(url, "storefront_bench")[0], "VAR_DIR": var, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost,127.0.0.1", "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE":
        "benchmarks.storefront_settings", "LOG_LEVEL": "ERROR", "BENCH_PAGE_CACHE": "0" if args.uncached else "1",
        "BENCH_CARD_CACHE": "0" if args.fresh_cards else "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    line = prepare(env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "storefront.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{args.port}",
         "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", BASELINE, headers={"Host": "localhost"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        conn.request("GET", line, headers={"Host": "localhost"})
        body = conn.getresponse().read().decode()
        shown = body.count('class="product_pod"')
        assert shown == 24, f"the product line page shows {shown} products, not 24"
        hammer("127.0.0.1", args.port, line, 3, args.concurrency)  # warm every worker's caches
        hammer("127.0.0.1", args.port, BASELINE, 2, args.concurrency)
        page, baseline = [], []
        for _ in range(args.rounds):
            baseline.append(hammer("127.0.0.1", args.port, BASELINE, args.seconds, args.concurrency))
            page.append(hammer("127.0.0.1", args.port, line, args.seconds, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=20)
    page_rps, baseline_rps = statistics.median(page), statistics.median(baseline)
    print(f"CPUs: {os.cpu_count()}, gunicorn workers: 4, connections: {args.concurrency}, "
          f"{args.rounds} rounds of {args.seconds:g}s each, shared page copy {'off' if args.uncached else 'on'}")
    print(f"product line page, 24 products ({line}): {page_rps:.1f} req/s  (rounds: "
          f"{', '.join(f'{r:.1f}' for r in page)})")
    print(f"trivial static-template view ({BASELINE}): {baseline_rps:.1f} req/s  (rounds: "
          f"{', '.join(f'{r:.1f}' for r in baseline)})")
    print(f"ratio: {page_rps / baseline_rps:.2f} (target: at least 0.5)")


if __name__ == "__main__":
    main()
