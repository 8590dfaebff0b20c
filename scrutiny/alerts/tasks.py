"""The daily digest as a background task, scheduled like the reminders
(`core.schedule`): each run queues tomorrow's before sending today's."""

import logging

from django.conf import settings
from django_tasks import task

from scrutiny.alerts.services import digests_resolve_interrupted, digests_send
from scrutiny.core.schedule import schedule_daily

logger = logging.getLogger(__name__)


class DigestsNotSent(Exception):
    """Some digests could not be sent: the task fails, saying so; the next run (or the
    next day's) sends them."""


def schedule_next_run(now=None):
    return schedule_daily(send_alert_digests, settings.SCRUTINY_ALERTS_RUN_AT, now)


@task()
def send_alert_digests() -> dict:
    """Queue tomorrow's run, then send today's digests (each at most once)."""
    schedule_next_run()
    report = digests_send()
    counts = {
        "sent": report.sent,
        "nothing_new": report.nothing_new,
        "already_done": report.already_done,
        "failed": len(report.failed),
        "unconfirmed": len(report.unconfirmed),
    }
    if report.failed:
        raise DigestsNotSent(
            f"{len(report.failed)} digests could not be sent; the next run sends them. "
            f"Sent: {report.sent}."
        )
    return counts


def resume_on_worker_start(**kwargs) -> None:
    """The worker (re)starts: resolve digests a stopped run left in flight, and make sure
    the daily run is queued."""
    digests_resolve_interrupted()
    schedule_next_run()
