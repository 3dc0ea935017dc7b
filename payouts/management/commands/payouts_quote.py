"""`manage.py payouts_quote`: check splits, refunds and levies by hand, without touching the database."""

import sys
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError

from payouts.core.quote import quote_lines


class Command(BaseCommand):
    help = (
        "Read JSON requests, one per line (kinds: split, refunds, levy), and write one JSON answer per line "
        "under the default split policies. Exits with status 1 if any line is malformed."
    )
    # Quoting needs neither the database nor a checked project, so it runs anywhere the code does.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--input", default="-", metavar="FILE", help="file of JSON lines, or - for stdin (default)")

    def handle(self, *args, **options):
        path = options["input"]
        quoted = failed = 0
        try:
            with nullcontext(sys.stdin) if path == "-" else open(path, encoding="utf-8") as source:
                for ok, answer in quote_lines(source):
                    self.stdout.write(answer)
                    quoted += 1
                    if not ok:
                        failed += 1
        except (OSError, UnicodeDecodeError) as problem:
            raise CommandError(f"Cannot read {path}: {problem}") from problem
        summary = f"{quoted} lines quoted, {failed} failed"
        if failed:
            raise CommandError(summary)
        self.stderr.write(summary)
