import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

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

    def handle(self, *args, **options):
        if demo_is_loaded():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        as_of = options.get("as_of") or getattr(settings, "SCRUTINY_DEMO_AS_OF", None)
        try:
            loader = DemoLoader(
                today=dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        review = loader.load()
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo: {review.title}."))
