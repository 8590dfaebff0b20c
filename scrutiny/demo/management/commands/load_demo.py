import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scrutiny.demo.guard import ALLOW_PRODUCTION_WARNING, production_settings, random_password
from scrutiny.demo.loader import DemoLoader, demo_is_loaded


class Command(BaseCommand):
    help = "Load the demo council's record (once: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Kept for scripts; loading is always once."
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            help="The day the demo is loaded as of (YYYY-MM-DD; default today, or the "
            "SCRUTINY_DEMO_AS_OF setting): meetings before it are held with their minutes.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load it even under production settings; each sign-in then gets a random "
            "password, printed once, never the demo password.",
        )

    def handle(self, *args, **options):
        production = production_settings()
        if production and not options["allow_production"]:
            raise CommandError(
                "Refusing to load the demo under production settings: its sign-ins would be "
                "real accounts on this site. Pass --allow-production if you mean it."
            )
        if production:
            self.stderr.write(self.style.WARNING(ALLOW_PRODUCTION_WARNING))
        if demo_is_loaded():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        as_of = options.get("as_of") or getattr(settings, "SCRUTINY_DEMO_AS_OF", None)
        passwords: dict[str, str] = {}

        def password_for(username: str) -> str:
            return passwords.setdefault(username, random_password())

        try:
            loader = DemoLoader(
                today=dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of,
                password_for=password_for if production else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        review = loader.load()
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo: {review.title}."))
        if passwords:
            self.stdout.write("Sign-ins and their passwords (shown this once, not stored):")
            for username, password in passwords.items():
                self.stdout.write(f"  {username:<18} {password}")
