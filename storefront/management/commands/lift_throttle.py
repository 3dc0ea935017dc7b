"""Lift the sign-in, password-reset and registration limits of an account or an address at once (README
"Security"); otherwise they lift themselves at the end of their window."""

from django.core.management.base import BaseCommand

from storefront import throttle


class Command(BaseCommand):
    help = "Lift the throttle on an account (its email address) or a visitor's IP address."

    def add_arguments(self, parser):
        parser.add_argument("who", nargs="+", help="email addresses or IP addresses")

    def handle(self, *args, who, **options):
        for value in who:
            what = throttle.lift(value)
            self.stdout.write(f"Lifted the limits on the {what} {value}.")
