import logging
import os
from argparse import BooleanOptionalAction

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import valid_backend_name, valid_interval

from scrutiny.core.worker import WorkerLoop


class Command(BaseCommand):
    help = (
        "Run the background worker: it takes tasks from the database queue and carries on "
        "through errors, pausing longer each time (see scrutiny.core.worker). Run it under a "
        "supervisor that starts it again should the process die (systemd, "
        "runserver_with_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="The queues to take tasks from, separated by commas; '*' for all.",
        )
        parser.add_argument(
            "--interval",
            default=1,
            type=valid_interval,
            help="Seconds to wait when no task is ready before looking again.",
        )
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            type=valid_backend_name,
            dest="backend_name",
        )
        parser.add_argument(
            "--reload",
            action=BooleanOptionalAction,
            default=settings.DEBUG,
            help="Start again when the code changes (default: DEBUG).",
        )

    def handle(self, *args, queue_name, interval, backend_name, reload, **options):
        # django-tasks-db's worker announces each pass at INFO; its warnings still show.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        loop = WorkerLoop(
            backend_name=backend_name, queue_names=queue_name.split(","), interval=interval
        )
        if not reload:
            loop.configure_signals()
            loop.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            loop.configure_signals()  # in the child that runs the loop, from its main thread
        run_with_reloader(loop.run_then_exit)
