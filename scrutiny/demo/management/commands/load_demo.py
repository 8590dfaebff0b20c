from django.core.management.base import BaseCommand

from scrutiny.demo.loader import DemoLoader, demo_is_loaded


class Command(BaseCommand):
    help = "Load the demo council's record (once: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Kept for scripts; loading is always once."
        )

    def handle(self, *args, **options):
        if demo_is_loaded():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        review = DemoLoader().load()
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo: {review.title}."))
