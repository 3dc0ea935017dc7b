#!/usr/bin/env bash
# Times the README's two quick-start commands on a fresh clone: `make demo` until the shop answers, then `make test`.
# Usage: benchmarks/quickstart.sh [PORT]   (runs on SQLite, as a newcomer would; needs only Python 3.11+ and make)
set -euo pipefail
port=${1:-8765}
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$src" "$work/shop"
cd "$work/shop"

SECONDS=0
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL make demo ADDR=127.0.0.1:$port > "$work/demo.log" 2>&1 &
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
    sleep 1
    if ! kill -0 $! 2>/dev/null; then tail -20 "$work/demo.log"; exit 1; fi
    if (( SECONDS > 1800 )); then echo "demo did not answer within 30 minutes"; exit 1; fi
done
demo=$SECONDS
kill %1 2>/dev/null || true
wait 2>/dev/null || true

SECONDS=0
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL make test > "$work/test1.log" 2>&1 || { tail -30 "$work/test1.log"; exit 1; }
first=$SECONDS
SECONDS=0
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL make test > "$work/test2.log" 2>&1 || { tail -30 "$work/test2.log"; exit 1; }
second=$SECONDS

printf 'make demo, fresh clone, until the home page answers: %d s\n' "$demo"
printf 'make test, first run (creates the test database):    %d s   %s\n' "$first" "$(tail -1 "$work/test1.log")"
printf 'make test, second run (reuses it):                    %d s   %s\n' "$second" "$(tail -1 "$work/test2.log")"
