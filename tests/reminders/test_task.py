"""The daily background run: it sends what is due and queues itself for the next
morning, once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from scrutiny.reminders.models import ReminderSent
from scrutiny.reminders.tasks import next_run_at, schedule_next_run, send_due_reminders
from tests.reminders.conftest import FIRST_DAY

LONDON = ZoneInfo("Europe/London")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def queued():
    return DBTaskResult.objects.filter(
        task_path=send_due_reminders.module_path, status="READY"
    ).order_by("run_after")


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
    assert result.return_value == {"sent": 2, "failed": 0, "undeliverable": 0}
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
