"""The background worker's heartbeat. Each worker process keeps one `WorkerHeartbeat` row:
written when it starts, again at most every `SCRUTINY_WORKER_HEARTBEAT_SECONDS` while it
looks for tasks, when a task starts and ends, and by a long task as it goes (`beat()`).
The staff dashboard and /readyz read the newest (`worker_status`): a worker not seen for
`SCRUTINY_WORKER_STALE_SECONDS` has stopped, or is stuck."""

import datetime
import logging
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from scrutiny.core.models import WorkerHeartbeat
from scrutiny.core.processes import HOST

logger = logging.getLogger(__name__)

# Rows of workers gone this long are deleted when a worker starts.
KEEP = datetime.timedelta(days=7)


@dataclass
class _ThisWorker:
    worker_id: str
    last_beat: float


_this: _ThisWorker | None = None


def worker_started(worker_id: str) -> None:
    """This process is the worker `worker_id`: record it, and forget long-gone workers."""
    global _this
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": HOST,
            "pid": os.getpid(),
            "started_at": now,
            "beat_at": now,
            "task": "",
            "task_started_at": None,
        },
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - KEEP).delete()
    _this = _ThisWorker(worker_id, last_beat=time.monotonic())


def worker_stopped() -> None:
    global _this
    _this = None


def beat(*, task: str | None = None, force: bool = False) -> None:
    """Say this worker is alive: at most every SCRUTINY_WORKER_HEARTBEAT_SECONDS, unless
    `force`d. `task` names the task now running ("" when none; None leaves it as it is).
    Does nothing outside a worker process. A failed write is logged and ignored: the
    heartbeat never stops the work, and the worker's own next query meets the same fault."""
    if _this is None:
        return
    if (
        not force
        and time.monotonic() - _this.last_beat < settings.SCRUTINY_WORKER_HEARTBEAT_SECONDS
    ):
        return
    now = timezone.now()
    fields: dict = {"beat_at": now}
    if task is not None:
        fields.update(task=task[:200], task_started_at=now if task else None)
    try:
        with transaction.atomic():  # a savepoint when a task calls it inside its own
            WorkerHeartbeat.objects.filter(worker_id=_this.worker_id).update(**fields)
    except DatabaseError as error:
        logger.warning("Could not record the worker's heartbeat: %s", error)
        return
    _this.last_beat = time.monotonic()


def workers_needed() -> bool:
    """Whether tasks wait for a worker: the database backend queues them; the others run
    them at once, or not at all."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


@dataclass(frozen=True)
class WorkerStatus:
    needed: bool
    last_seen: datetime.datetime | None
    stopped: bool  # needed, and no worker seen within SCRUTINY_WORKER_STALE_SECONDS

    @property
    def sentence(self) -> str:
        if not self.needed:
            return "Tasks run at once; there is no background worker."
        if self.last_seen is None:
            return "No background worker has started."
        seen = f"{timezone.localtime(self.last_seen):%H:%M on %-d %B %Y}"
        if self.stopped:
            return f"The background worker has not been seen since {seen}."
        return f"The background worker was last seen at {seen}."


def worker_status(now: datetime.datetime | None = None) -> WorkerStatus:
    now = now or timezone.now()
    if not workers_needed():
        return WorkerStatus(needed=False, last_seen=None, stopped=False)
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
    last_seen = newest.first()
    stale = now - datetime.timedelta(seconds=settings.SCRUTINY_WORKER_STALE_SECONDS)
    return WorkerStatus(
        needed=True, last_seen=last_seen, stopped=last_seen is None or last_seen < stale
    )
