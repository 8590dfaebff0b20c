import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from scrutiny.core.supervisor import Supervisor


class Command(BaseCommand):
    help = (
        "Serve the site and run the background worker beside it, starting the worker again "
        "whenever it stops (what `make run` does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload",
            action="store_false",
            dest="use_reloader",
            help="Do not restart the server when the code changes.",
        )

    def handle(self, *args, addrport, use_reloader, **options):
        supervisor = None
        # The autoreloader re-runs this command in a child (RUN_MAIN=true): one worker only.
        if os.environ.get("RUN_MAIN") != "true":
            supervisor = Supervisor(
                [sys.executable, str(settings.BASE_DIR / "manage.py"), "worker"],
                name="background worker",
            ).start()
        try:
            call_command("runserver", addrport, use_reloader=use_reloader)
        finally:
            if supervisor is not None:
                supervisor.stop()
