"""No email twice, whatever happens to the worker or the mail server mid-run; and none
lost: what certainly did not go is sent again, what may have gone waits for a person."""

import os
import threading

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from scrutiny.core.errors import Refused
from scrutiny.core.processes import HOST
from scrutiny.reminders.models import ReminderRun, ReminderSent
from scrutiny.reminders.selectors import reminders_due, reminders_unconfirmed
from scrutiny.reminders.services import (
    reminder_claim,
    reminder_mark_failed,
    reminder_mark_sent,
    reminders_send_due,
)
from scrutiny.reviews.models import Status
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.reminders.backends import (
    KilledAfterDelivery,
    KilledBeforeDelivery,
    KilledWhileConnecting,
    WorkerKilled,
)
from tests.reminders.conftest import FIRST_DAY, build_monitoring, by_recipient

SMTP = "django.core.mail.backends.smtp.EmailBackend"


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


def states() -> list[str]:
    return list(ReminderSent.objects.order_by("id").values_list("state", flat=True))


def refusing(smtp_server, reply: str, *, times: int | None = None, after: int = 0):
    """Make the server answer `reply` to DATA: after accepting `after` messages, `times`
    times (for ever if None)."""
    accept = smtp_server.handle_DATA
    refused = []

    async def handle_DATA(server, session, envelope):
        if len(smtp_server.messages) >= after and (times is None or len(refused) < times):
            refused.append(envelope.rcpt_tos)
            return reply
        return await accept(server, session, envelope)

    smtp_server.handle_DATA = handle_DATA
    return refused


def test_mail_server_refusing_midway_then_the_next_run_sends_the_rest_once(
    three_due, smtp_server, settings
):
    settings.SCRUTINY_EMAIL_SEND_ATTEMPTS = 1
    refusing(smtp_server, "451 Requested action aborted: local error in processing", after=1)
    first = reminders_send_due(today=FIRST_DAY)
    assert (len(first.sent), len(first.failed)) == (1, 3)
    assert ReminderSent.objects.filter(state="failed").count() == 3
    run = ReminderRun.objects.get()
    assert (run.outcome, run.sent, run.failed) == ("failed", 1, 3)
    assert "SMTPDataError: (451" in run.detail

    smtp_server.handle_DATA = type(smtp_server).handle_DATA.__get__(smtp_server)
    again = reminders_send_due(today=FIRST_DAY)
    assert (len(again.sent), len(again.already_done)) == (3, 1)
    assert ReminderSent.objects.filter(state="failed").count() == 0
    assert ReminderSent.objects.filter(state="sent", attempts=2).count() == 3
    assert ReminderRun.objects.first().outcome == "succeeded"
    assert_each_received_once(smtp_server, 4)


def test_a_temporary_refusal_is_tried_again_in_the_run_after_growing_pauses(
    monitoring, smtp_server, settings, monkeypatch
):
    settings.SCRUTINY_EMAIL_SEND_ATTEMPTS = 3
    settings.SCRUTINY_EMAIL_RETRY_SECONDS = 5
    pauses = []
    monkeypatch.setattr("scrutiny.reminders.services.time.sleep", pauses.append)
    refused = refusing(smtp_server, "451 Try again later", times=2)

    report = reminders_send_due(today=FIRST_DAY)

    assert len(refused) == 2 and pauses == [5, 10]
    assert (len(report.sent), report.failed) == (2, [])
    assert sorted(ReminderSent.objects.values_list("attempts", flat=True)) == [1, 3]
    assert_each_received_once(smtp_server, 2)


def test_a_permanent_refusal_waits_for_the_next_run(monitoring, smtp_server, monkeypatch):
    pauses = []
    monkeypatch.setattr("scrutiny.reminders.services.time.sleep", pauses.append)
    refusing(smtp_server, "550 Mailbox unavailable", times=1)
    report = reminders_send_due(today=FIRST_DAY)
    assert pauses == []
    assert len(report.sent) == 1
    [(_, error)] = report.failed
    assert error.startswith("SMTPDataError: (550")
    reminders_send_due(today=FIRST_DAY)
    assert_each_received_once(smtp_server, 2)


def test_with_no_mail_server_one_email_is_tried_and_the_rest_wait(
    three_due, smtp_server, settings, monkeypatch
):
    monkeypatch.setattr("scrutiny.reminders.services.time.sleep", lambda seconds: None)
    port = smtp_server.port
    settings.EMAIL_PORT = 9  # nothing listens there
    report = reminders_send_due(today=FIRST_DAY)
    assert report.sent == [] and len(report.failed) == 1 and len(report.not_tried) == 3
    [claim] = ReminderSent.objects.all()  # the others were not even claimed
    assert (claim.state, claim.attempts, claim.handed_over_at) == ("failed", 3, None)
    assert "ConnectionRefusedError" in claim.error
    assert ReminderRun.objects.get().failed == 4

    settings.EMAIL_PORT = port
    assert len(reminders_send_due(today=FIRST_DAY).sent) == 4
    assert_each_received_once(smtp_server, 4)


def run_killed_by(settings, backend, **counters) -> None:
    """One run through `backend` (its counters set), which kills it part-way; the real
    SMTP backend is back afterwards."""
    settings.EMAIL_BACKEND = f"{backend.__module__}.{backend.__qualname__}"
    for name, value in counters.items():
        setattr(backend, name, value)
    with pytest.raises(WorkerKilled):
        reminders_send_due(today=FIRST_DAY)
    settings.EMAIL_BACKEND = SMTP


def test_worker_killed_while_connecting_then_restarted_sends_each_email_once(
    three_due, smtp_server, settings
):
    run_killed_by(settings, KilledWhileConnecting, kill_at=2, opened=0)
    assert states() == ["sent", "sending"]
    assert ReminderRun.objects.get().outcome == "running"

    reminders_send_due(today=FIRST_DAY)
    # The stopped run is found; its claim never reached the mail server, so it was sent.
    assert list(ReminderRun.objects.values_list("outcome", flat=True)) == [
        "succeeded",
        "interrupted",
    ]
    assert states() == ["sent", "sent", "sent", "sent"]
    assert not reminders_unconfirmed().exists()
    assert_each_received_once(smtp_server, 4)


def test_worker_killed_after_delivering_then_restarted_sends_each_email_once(
    three_due, smtp_server, settings
):
    run_killed_by(settings, KilledAfterDelivery, kill_after=2, delivered=0)
    assert len(smtp_server.wait_for(2)) == 2
    # The second email left but was never recorded as sent: its claim says "sending".
    assert states() == ["sent", "sending"]

    reminders_send_due(today=FIRST_DAY)
    assert_each_received_once(smtp_server, 4)
    # It had been handed over, so it may have arrived: it was not sent again, and waits
    # for a person to say it arrived.
    [unconfirmed] = reminders_unconfirmed()
    assert unconfirmed.recipient == smtp_server.messages[1].recipients[0]
    reminder_mark_sent(actor=None, claim=unconfirmed, reason="Checked: it arrived.")
    assert states() == ["sent", "sent", "sent", "sent"]


def test_an_email_that_may_have_gone_is_sent_again_only_when_a_person_says_it_did_not(
    three_due, smtp_server, settings
):
    run_killed_by(settings, KilledBeforeDelivery, kill_at=2, attempted=0)
    reminders_send_due(today=FIRST_DAY)
    reminders_send_due(today=FIRST_DAY)
    assert len(smtp_server.wait_for(3)) == 3
    [stuck] = reminders_unconfirmed()
    assert stuck.recipient not in {m.recipients[0] for m in smtp_server.messages}
    assert "may have arrived" in stuck.error

    reminder_mark_failed(actor=None, claim=stuck, reason="Checked: it never arrived.")
    reminders_send_due(today=FIRST_DAY)
    assert_each_received_once(smtp_server, 4)


def test_a_claim_still_in_its_senders_hands_is_left_to_it(monitoring, smtp_server):
    """A run in another process on this machine, still alive and recently seen."""
    alice = next(r for r in reminders_due(today=FIRST_DAY) if r.recipient == monitoring.alice)
    now = timezone.now()
    elsewhere = ReminderRun.objects.create(
        started_at=now, beat_at=now, host=HOST, pid=os.getppid(), token="another-process"
    )
    claim = reminder_claim(reminder=alice, subject="Being sent elsewhere", run=elsewhere)
    report = reminders_send_due(today=FIRST_DAY)
    assert [r.recipient for r in report.already_done] == [monitoring.alice]
    claim.refresh_from_db()
    assert claim.state == "sending"
    elsewhere.refresh_from_db()
    assert elsewhere.outcome == "running"
    with pytest.raises(Refused, match="being sent now"):
        reminder_mark_failed(actor=None, claim=claim, reason="Impatient.")
    [carl] = smtp_server.wait_for(1)
    assert carl.recipients == ["carl.hunt@council.example"]


def test_an_email_claimed_by_another_worker_is_left_to_it(monitoring, smtp_server):
    alice = next(r for r in reminders_due(today=FIRST_DAY) if r.recipient == monitoring.alice)
    assert reminder_claim(reminder=alice, subject="Claimed elsewhere") is not None
    assert reminder_claim(reminder=alice, subject="Second claim") is None
    report = reminders_send_due(today=FIRST_DAY)
    assert [r.recipient for r in report.already_done] == [monitoring.alice]
    [carl] = smtp_server.wait_for(1)
    assert carl.recipients == ["carl.hunt@council.example"]


class ClaimTakenWhileConnecting:
    """While this sender connects, another run takes its claim back (as one that judged
    it stopped would)."""

    def __init__(self, backend):
        self.backend = backend

    def open(self):
        ReminderSent.objects.filter(state="sending").update(attempts=F("attempts") + 1)
        return self.backend.open()

    def __getattr__(self, name):
        return getattr(self.backend, name)


def test_a_sender_that_lost_its_claim_sends_nothing(monitoring, smtp_server, monkeypatch):
    from scrutiny.reminders import delivery

    real = delivery.get_connection
    monkeypatch.setattr(
        delivery, "get_connection", lambda **kw: ClaimTakenWhileConnecting(real(**kw))
    )
    report = reminders_send_due(today=FIRST_DAY)
    assert report.sent == [] and len(report.already_done) == 2
    assert smtp_server.messages == []
    assert set(ReminderSent.objects.values_list("handed_over_at", flat=True)) == {None}


def test_only_an_unconfirmed_email_can_be_marked_sent(monitoring, smtp_server):
    reminders_send_due(today=FIRST_DAY)
    claim = ReminderSent.objects.first()
    with pytest.raises(Refused, match="Only an unconfirmed reminder"):
        reminder_mark_sent(actor=None, claim=claim, reason="?")
    with pytest.raises(Refused, match="was sent; it will not be sent again"):
        reminder_mark_failed(actor=None, claim=claim, reason="?")


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
