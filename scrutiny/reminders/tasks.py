"""The reminders as background tasks: the daily run, which queues its own next run; a
retry when emails could not be sent, queued after a pause that grows while they keep
failing; and a catch-up when the worker starts again after a run was cut short."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from scrutiny.core.schedule import last_daily_run, next_daily_run, queued, schedule_daily
from scrutiny.reminders.selectors import failed_runs_in_a_row
from scrutiny.reminders.services import reminders_resolve_interrupted, reminders_send_due

logger = logging.getLogger(__name__)

LONGEST_RETRY = datetime.timedelta(hours=6)


class RemindersNotSent(Exception):
    """Some reminders due could not be sent: the task fails, saying so, and a retry is
    queued."""


NOT_SENT_PATH = f"{RemindersNotSent.__module__}.{RemindersNotSent.__qualname__}"


def next_run_at(now: datetime.datetime | None = None) -> datetime.datetime:
    """The first SCRUTINY_REMINDERS_RUN_AT (07:00) in local time (TIME_ZONE) after `now`:
    the clock time is kept across the change to and from British Summer Time."""
    return next_daily_run(settings.SCRUTINY_REMINDERS_RUN_AT, now)


def last_run_due(now: datetime.datetime | None = None) -> datetime.datetime:
    """The last SCRUTINY_REMINDERS_RUN_AT at or before `now`: when the latest daily run
    was due."""
    return last_daily_run(settings.SCRUTINY_REMINDERS_RUN_AT, now)


def next_run_is_queued() -> bool:
    return queued(send_due_reminders) is not None


def schedule_next_run(now: datetime.datetime | None = None):
    """Queue tomorrow morning's run unless one is already queued; returns the queued
    result, or None when there was nothing to do (already queued, or a backend that runs
    tasks at once and cannot wait until a time)."""
    return schedule_daily(send_due_reminders, settings.SCRUTINY_REMINDERS_RUN_AT, now)


def retry_delay(failed_in_a_row: int) -> datetime.timedelta:
    """SCRUTINY_REMINDERS_RETRY_MINUTES after the first failed run, doubling with each
    failed run after it, up to six hours."""
    minutes = settings.SCRUTINY_REMINDERS_RETRY_MINUTES * 2 ** max(0, failed_in_a_row - 1)
    return min(datetime.timedelta(minutes=minutes), LONGEST_RETRY)


def queue_retry(now: datetime.datetime | None = None):
    """Queue a run of what is still to send, after `retry_delay`, unless one is queued
    (or the backend cannot wait)."""
    if not send_outstanding_reminders.get_backend().supports_defer:
        return None
    if queued(send_outstanding_reminders) is not None:
        return None
    run_after = (now or timezone.now()) + retry_delay(failed_runs_in_a_row())
    return send_outstanding_reminders.using(run_after=run_after).enqueue()


def _send_now() -> dict:
    report = reminders_send_due(today=timezone.localdate())
    counts = {
        "sent": len(report.sent),
        "failed": len(report.failed) + len(report.not_tried),
        "unconfirmed": len(report.unconfirmed),
        "undeliverable": len(report.undeliverable),
    }
    if not report.complete:
        retry = queue_retry()
        when = f" at {timezone.localtime(retry.task.run_after):%H:%M}" if retry else ""
        raise RemindersNotSent(
            f"{counts['failed']} of the reminders due could not be sent; they will be tried "
            f"again{when}. Sent: {counts['sent']}."
        )
    return counts


@task()
def send_due_reminders() -> dict:
    """Send today's reminders, then queue tomorrow's run.

    Tomorrow's run is queued first: a worker killed part-way through today's still leaves
    tomorrow's in the queue (and, when it starts again, sends the rest at once)."""
    schedule_next_run()
    return _send_now()


@task()
def send_outstanding_reminders() -> dict:
    """Send what is due today and not yet sent: a retry after failures, or the rest of a
    run that was cut short."""
    return _send_now()


def resume_on_worker_start(**kwargs) -> None:
    """The worker (re)starts (`core.worker.worker_starting`): resolve what a stopped run
    left in flight, make sure the daily run is queued, and send the rest of a run that was
    cut short now rather than tomorrow."""
    interrupted = reminders_resolve_interrupted()
    schedule_next_run()
    if interrupted and queued(send_outstanding_reminders) is None:
        logger.warning("A reminders run was cut short: sending the rest now")
        send_outstanding_reminders.enqueue()
