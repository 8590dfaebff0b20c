"""Daily background tasks: when a task set to run at a clock time ("07:00", in the
council's local time, ``TIME_ZONE``) is next due and was last due, and whether a run of it
is already waiting in the queue. The reminders and the ModernGov sync both schedule
themselves through these, each queuing its next run before it does today's work."""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def clock_time(value: str) -> datetime.time:
    """A setting such as "07:00" or "6:30" as a time of day."""
    try:
        hour, minute = (int(part) for part in value.strip().split(":"))
        return datetime.time(hour, minute)
    except ValueError:
        raise ImproperlyConfigured(f"{value!r} is not a time of day like 07:00.") from None


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def next_daily_run(run_at: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """The first ``run_at`` in local time after ``now``: the clock time is kept across the
    change to and from British Summer Time."""
    time = clock_time(run_at)
    local = (now or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    today = _at(local.date(), time)
    return today if today > local else _at(local.date() + datetime.timedelta(days=1), time)


def last_daily_run(run_at: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """The last ``run_at`` in local time at or before ``now``: when the latest daily run
    was due."""
    time = clock_time(run_at)
    local = (now or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    today = _at(local.date(), time)
    return today if today <= local else _at(local.date() - datetime.timedelta(days=1), time)


def queued(task: Task) -> DBTaskResult | None:
    """The run of ``task`` waiting in the queue, if any (the earliest). Only the database
    backend can be asked; with any other backend, None."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return None
    return (
        DBTaskResult.objects.filter(
            task_path=task.module_path,
            backend_name=backend.alias,
            status=TaskResultStatus.READY,
        )
        .order_by("run_after")
        .first()
    )


def schedule_daily(task: Task, run_at: str, now: datetime.datetime | None = None):
    """Queue the next daily run of ``task`` at ``run_at`` unless one is already queued;
    returns the queued result, or None when there was nothing to do (already queued, or a
    backend that runs tasks at once and cannot wait until a time)."""
    if not task.get_backend().supports_defer:
        logger.info("The task backend cannot run tasks later: %s is not scheduled", task.name)
        return None
    if queued(task) is not None:
        return None
    return task.using(run_after=next_daily_run(run_at, now)).enqueue()
