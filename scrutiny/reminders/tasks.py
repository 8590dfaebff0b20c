"""The daily reminder run, as a background task that queues its own next run."""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from scrutiny.reminders.services import reminders_send_due

logger = logging.getLogger(__name__)


def next_run_at(now: datetime.datetime | None = None) -> datetime.datetime:
    """The first SCRUTINY_REMINDERS_RUN_AT (07:00) in local time (TIME_ZONE) after `now`:
    the clock time is kept across the change to and from British Summer Time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = (now or timezone.now()).astimezone(zone)
    hour, minute = (int(part) for part in settings.SCRUTINY_REMINDERS_RUN_AT.split(":"))
    run_at = datetime.datetime.combine(local.date(), datetime.time(hour, minute), tzinfo=zone)
    if run_at <= local:
        run_at = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(hour, minute), tzinfo=zone
        )
    return run_at


def next_run_is_queued() -> bool:
    """Whether a run is already waiting in the queue. Only the database backend can be
    asked; with any other backend we assume not."""
    backend = send_due_reminders.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=send_due_reminders.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    ).exists()


def schedule_next_run(now: datetime.datetime | None = None):
    """Queue tomorrow morning's run unless one is already queued; returns the queued
    result, or None when there was nothing to do (already queued, or a backend that runs
    tasks at once and cannot wait until a time)."""
    if not send_due_reminders.get_backend().supports_defer:
        logger.info("The task backend cannot run tasks later: reminders are not scheduled")
        return None
    if next_run_is_queued():
        return None
    return send_due_reminders.using(run_after=next_run_at(now)).enqueue()


@task()
def send_due_reminders() -> dict:
    """Send today's reminders, then queue tomorrow's run.

    Tomorrow's run is queued first: a worker killed part-way through today's still leaves
    tomorrow's in the queue, and the emails it did not get to go then (no email is sent
    twice; see `reminders_send_due`)."""
    schedule_next_run()
    report = reminders_send_due(today=timezone.localdate())
    return {
        "sent": len(report.sent),
        "failed": len(report.failed),
        "undeliverable": len(report.undeliverable),
    }
