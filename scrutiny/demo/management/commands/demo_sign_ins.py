from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scrutiny.demo.facts import DEMO_PASSWORD
from scrutiny.demo.guard import ALLOW_PRODUCTION_WARNING, production_settings

ACCOUNTS = [
    ("admin", "Administrator (the Django admin)"),
    ("scrutiny.officer", "Scrutiny officer"),
    ("clerk", "Clerk"),
    ("owner", "Recommendation owner (Director of ICT)"),
    ("councillor", "Councillor"),
]


class Command(BaseCommand):
    help = "Print the demo sign-ins, one per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="List them even under production settings (without a password: there each "
            "was given a random one when the demo was loaded).",
        )

    def handle(self, *args, **options):
        production = production_settings()
        if production and not options["allow_production"]:
            raise CommandError(
                "Refusing to list demo sign-ins under production settings. Pass "
                "--allow-production if you mean it."
            )
        if production:
            self.stderr.write(self.style.WARNING(ALLOW_PRODUCTION_WARNING))
        existing = set(
            get_user_model()
            .objects.filter(username__in=[u for u, _ in ACCOUNTS])
            .values_list("username", flat=True)
        )
        if not existing:
            self.stdout.write("No demo sign-ins: run `python manage.py load_demo` first.")
            return
        if production:
            # The demo password is never given out here: under production settings the
            # loader gave each sign-in a random one, printed once.
            self.stdout.write(
                "Demo sign-ins (passwords as printed when the demo was loaded; set a new one "
                "with `python manage.py changepassword USERNAME`):"
            )
        else:
            self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD}):")
        for username, role in ACCOUNTS:
            if username in existing:
                self.stdout.write(f"  {username:<18} {role}")
