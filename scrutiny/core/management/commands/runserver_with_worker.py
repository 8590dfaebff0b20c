import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site and run the background worker beside it (what `make run` does)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        worker = None
        # The autoreloader re-runs this command in a child (RUN_MAIN=true): one worker only.
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"])
        try:
            call_command("runserver", options["addrport"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
