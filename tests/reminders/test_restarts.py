"""No email twice, whatever happens to the worker or the mail server mid-run."""

import datetime as dt
import threading

import pytest
from django.db import connection

from scrutiny.reminders.models import ReminderSent
from scrutiny.reminders.selectors import reminders_due, reminders_unconfirmed
from scrutiny.reminders.services import (
    reminder_claim,
    reminder_mark_failed,
    reminders_send_due,
)
from scrutiny.reviews.models import Status
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.reminders.backends import KilledAfterDelivery, KilledBeforeDelivery, WorkerKilled
from tests.reminders.conftest import FIRST_DAY, build_monitoring, by_recipient


@pytest.fixture
def three_due(monitoring):
    """Four emails due on the first day (Alice and Carl of the bus review, Ann and Cy of a
    second committee's review), so that a run has a middle to crash in."""
    from tests.factories import make_committee

    build_monitoring(
        make_committee("Housing Scrutiny Committee"),
        title="Review of Repairs",
        owners=("Ann Reed", "Bo Gale", "Cy Hart"),
    )
    assert len(reminders_due(today=FIRST_DAY)) == 4
    return monitoring


def assert_each_received_once(smtp_server, count: int) -> None:
    received = by_recipient(smtp_server.wait_for(count))
    assert len(smtp_server.messages) == count
    assert len(received) == count


def test_mail_server_refusing_midway_then_the_next_run_sends_the_rest_once(three_due, smtp_server):
    accept = smtp_server.handle_DATA

    async def refuse_after_first(server, session, envelope):
        if smtp_server.messages:
            return "451 Requested action aborted: local error in processing"
        return await accept(server, session, envelope)

    smtp_server.handle_DATA = refuse_after_first
    first = reminders_send_due(today=FIRST_DAY)
    assert (len(first.sent), len(first.failed)) == (1, 3)
    assert ReminderSent.objects.filter(state="failed").count() == 3

    smtp_server.handle_DATA = accept
    again = reminders_send_due(today=FIRST_DAY)
    assert (len(again.sent), len(again.already_done)) == (3, 1)
    assert ReminderSent.objects.filter(state="failed", attempts=1).count() == 0
    assert ReminderSent.objects.filter(state="sent", attempts=2).count() == 3
    assert_each_received_once(smtp_server, 4)


def test_worker_killed_after_delivering_then_restarted_sends_each_email_once(
    three_due, smtp_server, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.KilledAfterDelivery"
    KilledAfterDelivery.kill_after, KilledAfterDelivery.delivered = 2, 0
    with pytest.raises(WorkerKilled):
        reminders_send_due(today=FIRST_DAY)
    assert len(smtp_server.wait_for(2)) == 2
    # The second email left but was never recorded as sent: its claim says "sending".
    assert list(ReminderSent.objects.values_list("state", flat=True).order_by("id")) == [
        "sent",
        "sending",
    ]

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    reminders_send_due(today=FIRST_DAY)
    assert_each_received_once(smtp_server, 4)


def test_worker_killed_between_claim_and_delivery_never_resends_but_reports_it(
    three_due, smtp_server, settings
):
    """The documented trade-off: an email whose fate is unknown is not sent again until a
    person says it never arrived."""
    settings.EMAIL_BACKEND = "tests.reminders.backends.KilledBeforeDelivery"
    KilledBeforeDelivery.kill_at, KilledBeforeDelivery.attempted = 2, 0
    with pytest.raises(WorkerKilled):
        reminders_send_due(today=FIRST_DAY)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    reminders_send_due(today=FIRST_DAY)
    assert len(smtp_server.wait_for(3)) == 3
    [stuck] = reminders_unconfirmed(older_than=dt.timedelta(0))
    assert stuck.recipient not in {m.recipients[0] for m in smtp_server.messages}

    reminder_mark_failed(actor=None, claim=stuck, reason="Checked: it never arrived.")
    reminders_send_due(today=FIRST_DAY)
    assert_each_received_once(smtp_server, 4)


def test_an_email_claimed_by_another_worker_is_left_to_it(monitoring, smtp_server):
    alice = next(r for r in reminders_due(today=FIRST_DAY) if r.recipient == monitoring.alice)
    assert reminder_claim(reminder=alice, subject="Claimed elsewhere") is not None
    assert reminder_claim(reminder=alice, subject="Second claim") is None
    report = reminders_send_due(today=FIRST_DAY)
    assert [r.recipient for r in report.already_done] == [monitoring.alice]
    [carl] = smtp_server.wait_for(1)
    assert carl.recipients == ["carl.hunt@council.example"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's test database is not shared by threads"
)
def test_two_workers_at_once_send_each_email_once(smtp_server):
    install_default_statuses(Status)  # a transactional test starts from an emptied database
    build_monitoring()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            reminders_send_due(today=FIRST_DAY)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    received = by_recipient(smtp_server.wait_for(2))
    assert len(smtp_server.messages) == 2
    assert sorted(received) == ["alice.moss@council.example", "carl.hunt@council.example"]
