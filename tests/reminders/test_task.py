"""The daily background run: it sends what is due and queues itself for the next
morning, once."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from scrutiny.core.processes import HOST
from scrutiny.reminders.models import ReminderRun, ReminderSent
from scrutiny.reminders.tasks import (
    NOT_SENT_PATH,
    last_run_due,
    next_run_at,
    resume_on_worker_start,
    schedule_next_run,
    send_due_reminders,
    send_outstanding_reminders,
)
from tests.reminders.conftest import FIRST_DAY

LONDON = ZoneInfo("Europe/London")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def queued(task=send_due_reminders):
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").order_by(
        "run_after"
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2025, 2, 7, 7, 0, 5), london(2025, 2, 8, 7, 0)),
        (london(2025, 2, 7, 6, 30), london(2025, 2, 7, 7, 0)),
        # Clocks go forward on Sunday 30 March 2025: still 07:00 local, 06:00 UTC.
        (london(2025, 3, 29, 7, 30), london(2025, 3, 30, 7, 0)),
    ],
)
def test_next_run_is_the_next_seven_oclock_in_london(now, expected):
    assert next_run_at(now) == expected
    assert next_run_at(london(2025, 3, 29, 7, 30)).astimezone(dt.UTC).hour == 6


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (london(2025, 2, 7, 7, 0), london(2025, 2, 7, 7, 0)),
        (london(2025, 2, 7, 6, 59), london(2025, 2, 6, 7, 0)),
        (london(2025, 3, 30, 23, 0), london(2025, 3, 30, 7, 0)),
    ],
)
def test_the_last_run_due_is_the_latest_seven_oclock_not_after_now(now, expected):
    assert last_run_due(now) == expected


@pytest.fixture
def worker(monkeypatch):
    """The real database worker, run in batch mode. Between tasks it closes connections
    left inside a transaction, as every test's is: it is told not to, here only."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


def test_the_task_sends_todays_reminders_and_queues_tomorrows_run_once(
    monitoring, smtp_server, settings, worker
):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(london(2025, 2, 7, 7, 0, 5), tick=False):
        result = send_due_reminders.enqueue()
        assert result.status == "READY"
        worker()
        assert len(smtp_server.wait_for(2)) == 2
        # A second run the same morning (a cron job, a restart) sends nothing new and
        # queues nothing more.
        send_due_reminders.call()
        schedule_next_run()
    assert [r.run_after for r in queued()] == [london(2025, 2, 8, 7, 0)]
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert ReminderSent.objects.filter(state="sent").count() == 2
    assert len(smtp_server.messages) == 2


def test_the_queued_run_goes_the_next_morning_and_queues_the_one_after(
    monitoring, smtp_server, settings, worker
):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(london(2025, 2, 20, 18, 0), tick=False):
        schedule_next_run()
        worker()
    assert smtp_server.messages == []  # not yet 07:00 on the 21st
    with time_machine.travel(london(2025, 2, 21, 7, 1), tick=False):
        worker()
    received = smtp_server.wait_for(2)
    assert all(m.subject.startswith("Reminder: ") for m in received)
    assert [r.run_after for r in queued()] == [london(2025, 2, 22, 7, 0)]


def test_with_a_backend_that_runs_tasks_at_once_nothing_is_queued(monitoring, smtp_server):
    """The test settings' immediate backend: the task runs, and does not run itself again
    for ever."""
    with time_machine.travel(london(2025, 2, 7, 7, 0), tick=False):
        result = send_due_reminders.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"sent": 2, "failed": 0, "unconfirmed": 0, "undeliverable": 0}
    assert DBTaskResult.objects.count() == 0


def test_the_command_says_what_it_would_send_and_sends_nothing(monitoring, smtp_server, capsys):
    call_command("send_reminders", "--date", FIRST_DAY.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "Would send first-reminder to Alice Moss <alice.moss@council.example>" in out
    assert "2 recommendations" in out
    assert "Would send first-reminder to Carl Hunt" in out
    assert ReminderSent.objects.count() == 0
    assert smtp_server.messages == []

    call_command("send_reminders", "--date", FIRST_DAY.isoformat())
    assert capsys.readouterr().out.count("Sent first-reminder") == 2
    call_command("send_reminders", "--date", FIRST_DAY.isoformat())
    assert capsys.readouterr().out.count("Already sent first-reminder") == 2
    assert len(smtp_server.wait_for(2)) == 2


def test_the_command_says_when_nothing_is_due(monitoring, capsys):
    call_command("send_reminders", "--date", "2025-01-01")
    assert "Nothing is due on 1 January 2025." in capsys.readouterr().out


def test_when_emails_fail_the_task_fails_and_a_retry_is_queued_pausing_longer_each_time(
    monitoring, smtp_server, settings, worker
):
    settings.TASKS = DATABASE_TASKS
    settings.SCRUTINY_EMAIL_SEND_ATTEMPTS = 1
    accept = smtp_server.handle_DATA

    async def refuse(server, session, envelope):
        return "451 Try again later"

    smtp_server.handle_DATA = refuse
    with time_machine.travel(london(2025, 2, 7, 7, 0), tick=False):
        daily = send_due_reminders.enqueue()
        worker()
    failed = DBTaskResult.objects.get(id=daily.id)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == NOT_SENT_PATH
    assert "2 of the reminders due could not be sent; they will be tried again at 07:10" in (
        failed.traceback
    )
    [retry] = queued(send_outstanding_reminders)
    assert retry.run_after == london(2025, 2, 7, 7, 10)
    assert [r.run_after for r in queued()] == [london(2025, 2, 8, 7, 0)]  # tomorrow's, still

    with time_machine.travel(london(2025, 2, 7, 7, 10), tick=False):
        worker()
    [retry] = queued(send_outstanding_reminders)
    assert retry.run_after == london(2025, 2, 7, 7, 30)  # twice the pause

    smtp_server.handle_DATA = accept
    with time_machine.travel(london(2025, 2, 7, 7, 30), tick=False):
        worker()
    assert DBTaskResult.objects.get(id=retry.id).status == "SUCCESSFUL"
    assert not queued(send_outstanding_reminders).exists()
    assert len(smtp_server.wait_for(2)) == 2
    outcomes = list(ReminderRun.objects.values_list("outcome", flat=True))
    assert outcomes == ["succeeded", "failed", "failed"]


def test_on_the_workers_start_a_run_cut_short_is_finished_at_once(
    monitoring, smtp_server, settings, worker
):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(london(2025, 2, 7, 7, 0, 5), tick=False):
        now = dt.datetime.now(dt.UTC)
        stopped = ReminderRun.objects.create(
            started_at=now, beat_at=now, host=HOST, pid=os.getpid(), token="gone"
        )
        resume_on_worker_start()
        stopped.refresh_from_db()
        assert stopped.outcome == "interrupted"
        assert [r.run_after for r in queued()] == [london(2025, 2, 8, 7, 0)]
        assert queued(send_outstanding_reminders).count() == 1
        worker()
        resume_on_worker_start()  # nothing more was cut short: nothing more queued
    assert len(smtp_server.wait_for(2)) == 2
    assert not queued(send_outstanding_reminders).exists()
    assert queued().count() == 1
