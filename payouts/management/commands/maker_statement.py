"""`manage.py maker_statement`: print a maker's statement for a period, for an instructor to hand over."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from makers.models import Maker
from payouts.statements import as_text, check_period, statement_for


def _date(value, option):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date like 2026-03-31, got {value!r}") from None


class Command(BaseCommand):
    help = "Print a maker's statement: items sold, gross wage share, deductions with their rules, and where it is paid."

    def add_arguments(self, parser):
        parser.add_argument("--maker", required=True, metavar="SLUG", help="the maker's slug")
        parser.add_argument("--from", required=True, dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", required=True, dest="end", metavar="DATE", help="last day, YYYY-MM-DD (included)")

    def handle(self, *args, maker, start, end, **options):
        start, end = _date(start, "--from"), _date(end, "--to")
        try:
            check_period(start, end)
        except ValueError as refused:
            raise CommandError(str(refused)) from None
        found = Maker.objects.filter(slug=maker).first()
        if found is None:
            raise CommandError(f"No maker with the slug {maker!r}")
        self.stdout.write(as_text(statement_for(found, start, end)), ending="")
