"""The background worker: django-tasks-db's worker, kept running through faults.

django-tasks-db's `Worker.run` takes tasks until told to stop, and any error it does not
expect ends it: the database locked past its timeout while a result is recorded, a
connection the database closed, the database down. Under Django's autoreloader that ended
only a thread and left the process up, so tasks silently stopped. Here its loop runs in
batch mode (every task that is ready, then return) inside a loop of our own that:

- records a heartbeat (`scrutiny.core.heartbeat`) each time round and around each task;
- on any error logs it, closes the database connections, pauses (1 second, doubling up to
  a minute, and back to 1 second once a pass succeeds) and carries on;
- each time it starts, and again after an error, marks as failed (`WorkerLost`) the tasks
  left running by a worker that has stopped, this one included (their outcome was never
  recorded), and sends `worker_starting`, so that the apps can resume their own work.

If the process dies all the same, a supervisor starts it again: `runserver_with_worker`
under `make run`, systemd (Restart=always) in production."""

import contextlib
import logging
import os
import secrets
import time

from django.db import DatabaseError, connections
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as TasksWorker
from django_tasks_db.models import DBTaskResult

from scrutiny.core import heartbeat
from scrutiny.core.models import WorkerHeartbeat
from scrutiny.core.processes import HOST, still_in_hand, under_way

logger = logging.getLogger(__name__)

# Sent (sender=Worker, worker_id=...) when the worker starts taking tasks, and again after
# it recovered from an error: a receiver resumes work a stopped worker left half done.
worker_starting = Signal()

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 60.0


class WorkerLost(Exception):
    """The worker running a task stopped before recording how it went."""


LOST_PATH = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def new_worker_id() -> str:
    return f"{HOST[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


class Worker(TasksWorker):
    """django-tasks-db's worker, saying in its heartbeat which task it runs; while it runs
    one, the task is this process's work in hand (`processes.under_way`)."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        heartbeat.beat(task=db_task_result.task_path, force=True)
        with under_way(self.worker_id):
            super().run_task(db_task_result)
        heartbeat.beat(task="", force=True)


def release_lost_tasks(*, backend_name: str) -> list[DBTaskResult]:
    """Mark as failed every task still marked running whose worker has let go of it (see
    `processes.still_in_hand`; a worker with no heartbeat is judged by when the task
    started). Returns them."""
    now = timezone.now()
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.all()}
    lost = []
    for result in DBTaskResult.objects.running().filter(backend_name=backend_name):
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        beat = beats.get(worker_id)
        if beat is not None:
            where = {"host": beat.host, "pid": beat.pid, "last_seen": beat.beat_at}
        else:
            where = {"host": "", "pid": None, "last_seen": result.started_at or now}
        if still_in_hand(token=worker_id, now=now, **where):
            continue
        error = (
            f"The worker {worker_id or '(unknown)'} stopped while running this task, "
            "before recording how it went."
        )
        released = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=LOST_PATH,
            traceback=f"{LOST_PATH}: {error}\n",
        )
        if released:
            logger.warning("Task %s (%s): %s", result.pk, result.task_path, error)
            lost.append(result)
    return lost


def close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # already broken: the next query opens anew
            connection.close()


class WorkerLoop:
    """One worker process's loop (see the module's docstring)."""

    def __init__(self, *, backend_name: str, queue_names: list[str], interval: float):
        self.backend_name = backend_name
        self.interval = interval
        self.worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=new_worker_id(),
            excluded_queue_names=[],
        )

    @property
    def worker_id(self) -> str:
        return self.worker.worker_id

    def configure_signals(self) -> None:
        """SIGTERM or SIGINT: finish the task in hand, then stop (a second one: at once)."""
        self.worker.configure_signals()

    def start(self) -> None:
        heartbeat.worker_started(self.worker_id)
        release_lost_tasks(backend_name=self.backend_name)
        for receiver, outcome in worker_starting.send_robust(Worker, worker_id=self.worker_id):
            if isinstance(outcome, Exception):
                logger.error("On the worker's start, %r failed", receiver, exc_info=outcome)

    def run(self) -> None:
        logger.info("Worker %s starting", self.worker_id)
        pause = FIRST_PAUSE
        starting = True
        try:
            while self.worker.running:
                try:
                    if starting:
                        self.start()
                        starting = False
                    heartbeat.beat()
                    self.worker.run()
                except Exception:
                    logger.exception("The worker met an error; it carries on in %g seconds", pause)
                    close_connections()
                    time.sleep(pause)
                    pause = min(pause * 2, LONGEST_PAUSE)
                    starting = True
                    continue
                pause = FIRST_PAUSE
                if self.worker.running:
                    time.sleep(self.interval)
        finally:
            heartbeat.worker_stopped()
        logger.info("Worker %s stopped", self.worker_id)

    def run_then_exit(self) -> None:
        """For the autoreloader, which runs this in a thread: when the loop ends, for any
        reason, so does the process (a supervisor starts it again), never the thread
        alone."""
        code = 1
        try:
            self.run()
            code = 0
        finally:
            os._exit(code)
