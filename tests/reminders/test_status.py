"""Whether the reminders run on time, as the dashboard and /readyz say it."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from scrutiny.core.models import WorkerHeartbeat
from scrutiny.core.processes import HOST
from scrutiny.reminders.models import ReminderRun, ReminderSent
from scrutiny.reminders.status import readiness, reminders_status
from scrutiny.reminders.tasks import schedule_next_run

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def ran(started: dt.datetime, outcome: str = "succeeded", sent: int = 2, failed: int = 0):
    return ReminderRun.objects.create(
        started_at=started,
        beat_at=started,
        finished_at=started,
        outcome=outcome,
        host=HOST,
        pid=os.getpid(),
        token=f"run-{started.isoformat()}",
        sent=sent,
        failed=failed,
    )


def status_at(moment: dt.datetime):
    with time_machine.travel(moment, tick=False):
        return reminders_status()


def test_the_daily_run_is_late_once_an_hour_has_passed_without_it(settings):
    settings.SCRUTINY_REMINDERS_LATE_MINUTES = 60
    ran(london(2025, 2, 6, 7, 0, 3))
    on_time = status_at(london(2025, 2, 7, 7, 59))
    assert not on_time.late and on_time.problems == []
    assert on_time.sentence == "Reminders last ran at 07:00 on 6 February 2025: 2 emails sent."

    late = status_at(london(2025, 2, 7, 8, 1))
    assert late.late
    assert late.problems == ["The reminders due at 07:00 on 7 February 2025 have not run."]
    with time_machine.travel(london(2025, 2, 7, 8, 1), tick=False):
        ok, says = readiness()
    assert not ok
    assert says == (
        "Reminders last ran at 07:00 on 6 February 2025: 2 emails sent. "
        "The reminders due at 07:00 on 7 February 2025 have not run."
    )

    ran(london(2025, 2, 7, 8, 30))  # the worker came back
    assert not status_at(london(2025, 2, 7, 9, 0)).late


def test_a_failed_or_cut_short_run_is_reported_until_one_succeeds():
    ran(london(2025, 2, 7, 7, 0), outcome="failed", sent=1, failed=3)
    status = status_at(london(2025, 2, 7, 7, 5))
    assert status.failed and not status.late
    assert status.problems == [
        "The reminders run of 07:00 on 7 February 2025 could not send 3 emails; they will "
        "be tried again."
    ]
    ran(london(2025, 2, 7, 7, 10), outcome="interrupted", sent=0)
    assert status_at(london(2025, 2, 7, 7, 15)).problems == [
        "The reminders run of 07:10 on 7 February 2025 was cut short."
    ]
    ran(london(2025, 2, 7, 7, 20))
    assert status_at(london(2025, 2, 7, 7, 25)).problems == []


def test_a_run_under_way_is_said_to_be_running_and_judged_by_the_last_finished():
    ran(london(2025, 2, 7, 7, 0), outcome="failed", failed=1)
    ran(london(2025, 2, 7, 7, 10), outcome="running")
    status = status_at(london(2025, 2, 7, 7, 11))
    assert status.sentence == "Reminders are running now (since 07:10 on 7 February 2025)."
    assert status.failed


def test_before_the_first_run_only_a_missing_or_overdue_first_run_is_late(settings):
    settings.TASKS = DATABASE_TASKS
    nothing_queued = status_at(london(2025, 2, 7, 12, 0))
    assert nothing_queued.late
    assert nothing_queued.problems[-1] == "The reminders have never run, and no run is queued."

    with time_machine.travel(london(2025, 2, 7, 12, 0), tick=False):
        schedule_next_run()
    waiting = status_at(london(2025, 2, 7, 12, 0))
    assert not waiting.late
    assert waiting.sentence == (
        "Reminders have not run yet. The first run is queued for 07:00 on 8 February 2025."
    )
    overdue = status_at(london(2025, 2, 8, 9, 0))  # the worker never took it
    assert overdue.late
    assert "first run, queued for 07:00 on 8 February 2025, has not run" in overdue.lateness


def test_with_tasks_run_at_once_nothing_is_late_before_the_first_run():
    status = status_at(london(2025, 2, 7, 12, 0))
    assert not status.late and status.problems == []
    assert status.worker.sentence == "Tasks run at once; there is no background worker."


def test_a_stopped_worker_and_unconfirmed_emails_need_attention(settings):
    settings.TASKS = DATABASE_TASKS
    settings.SCRUTINY_WORKER_STALE_SECONDS = 600
    seen = london(2025, 2, 7, 6, 0)
    WorkerHeartbeat.objects.create(worker_id="w", host=HOST, pid=1, started_at=seen, beat_at=seen)
    ran(london(2025, 2, 7, 7, 0))
    ReminderSent.objects.create(
        kind="first-reminder",
        cycle_key="owner:1/meeting:1",
        recipient="alice@council.example",
        state="unconfirmed",
        claimed_at=timezone.now(),
    )
    with time_machine.travel(london(2025, 2, 7, 7, 5), tick=False):
        schedule_next_run()
        status = reminders_status()
        ok, _ = readiness()
    assert status.problems == [
        "The background worker has not been seen since 06:00 on 7 February 2025.",
        "1 reminder email may not have arrived: ask the recipients, then mark each sent or failed.",
    ]
    assert ok  # /readyz names the worker on its own; an unconfirmed email needs a person
