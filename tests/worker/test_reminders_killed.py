"""The reminders' daily run in a real worker process, killed with SIGKILL part-way through
by the mail server holding one email; the supervisor starts the worker again, and every
reminder reaches the (real) mail server exactly once."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest

from scrutiny.core.supervisor import Supervisor
from tests.smtp import HoldingSMTPServer, running_smtp_server
from tests.subprocesses import PYTHON, ROOT
from tests.worker.world import wait_for

# The first reminder day of tests/reminders/conftest.py's world, at the daily run's time.
RUN_AT = dt.datetime(2025, 2, 7, 7, 0, tzinfo=ZoneInfo("Europe/London"))
COMMITTEES = 3  # two owners to remind on each: six emails


@pytest.mark.parametrize("stage", ["connecting", "data"])
def test_a_worker_killed_mid_run_is_restarted_and_every_reminder_goes_once(world, stage, caplog):
    caplog.set_level(logging.ERROR, logger="scrutiny.core.supervisor")
    world.set_clock(RUN_AT.timestamp() - dt.datetime.now().timestamp())
    world.control("monitoring", str(COMMITTEES))
    with running_smtp_server(server=HoldingSMTPServer(stage)) as smtp:
        world.env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=smtp.host,
            EMAIL_PORT=str(smtp.port),
        )
        log = world.folder / "worker.log"
        supervisor = Supervisor(
            ["/bin/sh", "-c", f'exec "{PYTHON}" manage.py worker --no-reload >> "{log}" 2>&1'],
            name="background worker",
            first_pause=0.5,
            env=world.env,
            cwd=str(ROOT),
        ).start()
        try:
            world.control("enqueue", "scrutiny.reminders.tasks.send_due_reminders")
            assert smtp.holding.wait(timeout=120), world.log("worker.log")
            killed = supervisor.child
            killed.kill()
            smtp.released.set()
            wait_for(lambda: supervisor.starts == 2, what="the worker started again")
            received = smtp.wait_for(2 * COMMITTEES, timeout=120)
        finally:
            supervisor.stop()

    recipients = sorted(address for message in received for address in message.recipients)
    assert len(recipients) == len(set(recipients)) == 2 * COMMITTEES
    states = sorted(s for (s,) in world.rows("SELECT state FROM reminders_remindersent"))
    runs = [o for (o,) in world.rows("SELECT outcome FROM reminders_reminderrun ORDER BY id")]
    assert runs == ["interrupted", "succeeded"]
    if stage == "connecting":
        # Never handed over: the restarted worker sent it, once.
        assert states == ["sent"] * (2 * COMMITTEES)
    else:
        # Handed over: it reached the server, and was not sent again; it waits for a person
        # to confirm it.
        assert states == ["sent"] * (2 * COMMITTEES - 1) + ["unconfirmed"]
    assert "The background worker stopped (exit code -9)" in caplog.text
    # Tomorrow's run is queued by whichever comes first, the worker starting or today's run.
    tasks = world.rows(
        "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE 'scrutiny.reminders.%%'"
    )
    assert sorted(tasks) == [
        ("scrutiny.reminders.tasks.send_due_reminders", "FAILED"),  # the worker was lost
        ("scrutiny.reminders.tasks.send_due_reminders", "READY"),  # tomorrow's
        ("scrutiny.reminders.tasks.send_outstanding_reminders", "SUCCESSFUL"),  # the rest
    ]
