from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from scrutiny.demo.facts import DEMO_PASSWORD

ACCOUNTS = [
    ("admin", "Administrator (the Django admin)"),
    ("scrutiny.officer", "Scrutiny officer"),
    ("clerk", "Clerk"),
    ("owner", "Recommendation owner (Director of ICT)"),
    ("councillor", "Councillor"),
]


class Command(BaseCommand):
    help = "Print the demo sign-ins, one per role."

    def handle(self, *args, **options):
        existing = set(
            get_user_model()
            .objects.filter(username__in=[u for u, _ in ACCOUNTS])
            .values_list("username", flat=True)
        )
        if not existing:
            self.stdout.write("No demo sign-ins: run `python manage.py load_demo` first.")
            return
        self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD}):")
        for username, role in ACCOUNTS:
            if username in existing:
                self.stdout.write(f"  {username:<18} {role}")
