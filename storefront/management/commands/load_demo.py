from django.core.management import BaseCommand, CommandError, call_command

from storefront import demo_loader


class Command(BaseCommand):
    help = "Load the demo shop (idempotent). Refuses a database with real data unless --force is given."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load the demo beside data it did not create.")
        parser.add_argument("--no-index", action="store_true", help="Skip rebuilding the search index.")

    def handle(self, *args, force=False, no_index=False, **options):
        try:
            report = demo_loader.load_demo(force=force)
        except demo_loader.RealDataError as error:
            raise CommandError(str(error)) from None
        if report.created:
            created = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items()))
            self.stdout.write(f"Demo loaded: created {created}.")
        else:
            self.stdout.write("Demo already loaded: nothing to change.")
        if not no_index:
            call_command("update_index", verbosity=0)
        self.stdout.write("\nDemo logins (email / password):")
        for role, email, _first, _last, password in demo_loader.LOGINS:
            self.stdout.write(f"  {role:<12} {email:<42} {password}")
