"""Sending the reminders that are due: each at most once, retried while it certainly
has not gone, and never sent again when it may have.

How it holds:

1. Each email is identified by (kind, cycle key, recipient address); `ReminderSent` has a
   unique constraint on the three.
2. Before talking to the mail server the sender *claims* the email: it inserts the row in
   state "sending" in its own short transaction, committed at once. A second worker
   running at the same moment fails to insert the same row (the database's unique index
   decides; on PostgreSQL the second insert waits for the first to commit), and skips it.
3. With the connection to the mail server open, the sender marks the claim *handed over*
   (committed), and only then gives the server the email (`delivery.deliver`). The mark is
   a conditional update on the claim's attempt number: a sender that lost its claim (taken
   back by a run that judged it stopped) sends nothing.
4. The outcome is recorded: "sent"; "failed" when the server could not be reached or
   answered no (tried again at once, pausing `SCRUTINY_EMAIL_RETRY_SECONDS` and then twice
   that, up to `SCRUTINY_EMAIL_SEND_ATTEMPTS` in all, while the answer was temporary; and by
   the next run); "unconfirmed" when the conversation broke off after the handing over.

A sender that stops (killed, machine lost) leaves its run "running" and its claim
"sending". The next run, or the worker starting again, resolves them
(`reminders_resolve_interrupted`) once the sender has certainly let go
(`core.processes.still_in_hand`): the run is "interrupted"; a claim never handed over is
"failed", and sent by that run; one handed over is "unconfirmed".

Delivery is therefore at most once: an email that may have reached the mail server is
never sent again automatically, because an owner getting the same reminder twice erodes
trust in every reminder. It is never silently lost either: an unconfirmed email is listed
on the dashboard, by the `send_reminders` command and in the admin until a person who has
asked the recipient marks it failed (it never arrived: the next run sends it) or sent.
The window in which an email can become unconfirmed is the mail server's conversation
about that one email; a crash anywhere else is resolved without a person.
"""

import contextlib
import logging
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from scrutiny.core import heartbeat
from scrutiny.core.audit import audit_record, field_values
from scrutiny.core.errors import Refused
from scrutiny.core.processes import HOST, still_in_hand, under_way
from scrutiny.reminders.delivery import Delivery, Outcome, deliver
from scrutiny.reminders.messages import reminder_email
from scrutiny.reminders.models import ReminderRun, ReminderSent
from scrutiny.reminders.selectors import DueReminder, reminder_already_claimed, reminders_due

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    """What a run did: each list holds the due reminders in that outcome."""

    sent: list[DueReminder] = field(default_factory=list)
    would_send: list[DueReminder] = field(default_factory=list)
    already_done: list[DueReminder] = field(default_factory=list)
    failed: list[tuple[DueReminder, str]] = field(default_factory=list)
    unconfirmed: list[tuple[DueReminder, str]] = field(default_factory=list)
    undeliverable: list[DueReminder] = field(default_factory=list)
    # Left for the next run: the mail server could not be reached for an earlier email.
    not_tried: list[DueReminder] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every email due went, or was already done: nothing waits for a retry."""
        return not (self.failed or self.not_tried)


def reminder_claim(
    *, reminder: DueReminder, subject: str, run: ReminderRun | None = None
) -> ReminderSent | None:
    """Claim the email for this sender, or None when another run has it (sent, or being
    sent, or unconfirmed). A failed claim is taken back for a retry, its attempt counted."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                kind=reminder.kind,
                cycle_key=reminder.cycle_key,
                recipient=reminder.address,
                person=reminder.recipient,
                subject=subject[:300],
                state=ReminderSent.State.SENDING,
                claimed_at=now,
                run=run,
            )
    except IntegrityError:
        pass
    existing = ReminderSent.objects.get(
        kind=reminder.kind, cycle_key=reminder.cycle_key, recipient=reminder.address
    )
    retaken = ReminderSent.objects.filter(pk=existing.pk, state=ReminderSent.State.FAILED).update(
        state=ReminderSent.State.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        run=run,
        handed_over_at=None,
        updated_at=now,
    )
    if not retaken:
        return None
    existing.refresh_from_db()
    return existing


def _held(claim: ReminderSent):
    """The claim, while this sender still holds it (the attempt it took)."""
    return ReminderSent.objects.filter(pk=claim.pk, attempts=claim.attempts)


def _hand_over(claim: ReminderSent) -> bool:
    now = timezone.now()
    return bool(
        _held(claim)
        .filter(state=ReminderSent.State.SENDING, handed_over_at=None)
        .update(handed_over_at=now, updated_at=now)
    )


SETTLED = {
    Outcome.SENT: ReminderSent.State.SENT,
    Outcome.REFUSED: ReminderSent.State.FAILED,
    Outcome.UNREACHABLE: ReminderSent.State.FAILED,
    Outcome.UNKNOWN: ReminderSent.State.UNCONFIRMED,
}


def _settle(claim: ReminderSent, delivery: Delivery) -> None:
    """Record how the attempt went, unless another run has taken the claim since."""
    state = SETTLED.get(delivery.outcome)
    if state is None:
        return
    now = timezone.now()
    _held(claim).update(
        state=state,
        error=delivery.error,
        sent_at=now if state == ReminderSent.State.SENT else None,
        updated_at=now,
    )


def _send_one(run: ReminderRun, reminder: DueReminder, message) -> Delivery | None:
    """Claim and send one email, trying again at once while the failure is temporary.
    None when another run has it."""
    attempt = 1
    while True:
        claim = reminder_claim(reminder=reminder, subject=message.subject, run=run)
        if claim is None:
            return None
        delivery = deliver(message, hand_over=lambda claim=claim: _hand_over(claim))
        _settle(claim, delivery)
        retry = delivery.outcome in (Outcome.REFUSED, Outcome.UNREACHABLE) and delivery.transient
        if not retry or attempt >= settings.SCRUTINY_EMAIL_SEND_ATTEMPTS:
            return delivery
        pause = settings.SCRUTINY_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        logger.warning(
            "Reminder to %s not sent (%s); trying again in %g seconds",
            reminder.address,
            delivery.error,
            pause,
        )
        time.sleep(pause)
        attempt += 1


def _alive(run: ReminderRun) -> None:
    """Show the run, and the worker running it, are alive (they may take a while)."""
    ReminderRun.objects.filter(pk=run.pk).update(beat_at=timezone.now())
    heartbeat.beat()


def _finish(run: ReminderRun, report: SendReport | None, *, outcome: str, detail: str) -> None:
    counts = {}
    if report is not None:
        counts = {
            "sent": len(report.sent),
            "failed": len(report.failed) + len(report.not_tried),
            "unconfirmed": len(report.unconfirmed),
            "undeliverable": len(report.undeliverable),
        }
    now = timezone.now()
    ReminderRun.objects.filter(pk=run.pk).update(
        outcome=outcome, finished_at=now, beat_at=now, detail=detail[:5000], **counts
    )


@contextlib.contextmanager
def _reminder_run() -> Iterator[ReminderRun]:
    """A run of the reminders, recorded, and under way in this process while the block
    runs. An error ends it "failed" (if that can be written); a process stopping leaves it
    "running" for the next run to find."""
    now = timezone.now()
    run = ReminderRun.objects.create(
        started_at=now, beat_at=now, host=HOST, pid=os.getpid(), token=secrets.token_hex(16)
    )
    with under_way(run.token):
        try:
            yield run
        except Exception as error:
            with contextlib.suppress(DatabaseError):
                _finish(run, None, outcome=ReminderRun.Outcome.FAILED, detail=repr(error))
            raise


def _detail(report: SendReport) -> str:
    lines = [f"{r.address}: {error}" for r, error in report.failed]
    lines += [f"{r.address}: unconfirmed ({error})" for r, error in report.unconfirmed]
    lines += [
        f"{r.address}: not tried, the mail server could not be reached" for r in report.not_tried
    ]
    return "\n".join(lines)


def reminders_send_due(*, today, dry_run: bool = False) -> SendReport:
    """Send every reminder due on `today` that has not been sent yet (see the module's
    docstring), recording the run. Resolves first what a stopped run left in flight.

    Call it outside any transaction: each claim must be committed before its email goes,
    or a crash would roll the claim back after the email had left. `dry_run` sends and
    records nothing and reports what would be sent."""
    report = SendReport()
    if dry_run:
        for reminder in reminders_due(today=today):
            if not reminder.address:
                report.undeliverable.append(reminder)
            elif reminder_already_claimed(reminder):
                report.already_done.append(reminder)
            else:
                report.would_send.append(reminder)
        return report
    with _reminder_run() as run:
        reminders_resolve_interrupted()
        _send_all(run, report, today)
        outcome = ReminderRun.Outcome.SUCCEEDED if report.complete else ReminderRun.Outcome.FAILED
        _finish(run, report, outcome=outcome, detail=_detail(report))
    return report


def _send_all(run: ReminderRun, report: SendReport, today) -> None:
    reachable = True
    for reminder in reminders_due(today=today):
        if not reminder.address:
            logger.warning(
                "Reminder %s %s has nowhere to go: no email address",
                reminder.kind,
                reminder.cycle_key,
            )
            report.undeliverable.append(reminder)
            continue
        if not reachable:
            report.not_tried.append(reminder)
            continue
        # Built before claiming: a fault in the wording must not leave a claim behind.
        delivery = _send_one(run, reminder, reminder_email(reminder))
        _alive(run)
        if delivery is None or delivery.outcome == Outcome.WITHDRAWN:
            report.already_done.append(reminder)
        elif delivery.outcome == Outcome.SENT:
            report.sent.append(reminder)
        elif delivery.outcome == Outcome.UNKNOWN:
            logger.error(
                "Reminder to %s may or may not have been sent (%s): it will not be sent "
                "again unless a person marks it failed",
                reminder.address,
                delivery.error,
            )
            report.unconfirmed.append((reminder, delivery.error))
        else:
            logger.warning(
                "Reminder to %s failed, will retry: %s", reminder.address, delivery.error
            )
            report.failed.append((reminder, delivery.error))
            # No server to talk to: the rest wait for the next run rather than each fail.
            reachable = delivery.outcome != Outcome.UNREACHABLE


def reminders_resolve_interrupted(now=None) -> list[ReminderRun]:
    """Runs whose process stopped before they ended become "interrupted", and their claims
    left "sending" are resolved: "failed" (and so sent again) if never handed over to the
    mail server, else "unconfirmed". A run or claim still in its sender's hands (see
    `core.processes.still_in_hand`) is left alone. Returns the runs it interrupted."""
    now = now or timezone.now()
    interrupted = []
    for run in ReminderRun.objects.filter(outcome=ReminderRun.Outcome.RUNNING):
        if still_in_hand(
            host=run.host, pid=run.pid, token=run.token, last_seen=run.beat_at, now=now
        ):
            continue
        stopped = ReminderRun.objects.filter(pk=run.pk, outcome=ReminderRun.Outcome.RUNNING)
        if stopped.update(
            outcome=ReminderRun.Outcome.INTERRUPTED,
            finished_at=now,
            detail="Its process stopped before the run ended.",
        ):
            logger.warning("The reminders run started at %s was cut short", run.started_at)
            interrupted.append(run)
    for claim in ReminderSent.objects.filter(state=ReminderSent.State.SENDING).select_related(
        "run"
    ):
        if _claim_in_hand(claim, now):
            continue
        if claim.handed_over_at is None:
            state = ReminderSent.State.FAILED
            error = "Its sender stopped before giving it to the mail server: it will be sent."
        else:
            state = ReminderSent.State.UNCONFIRMED
            error = (
                "Its sender stopped while giving it to the mail server: it may have arrived. "
                "Ask the recipient; if it never arrived, mark it failed to have it sent again."
            )
        if (
            _held(claim)
            .filter(state=ReminderSent.State.SENDING)
            .update(state=state, error=error, updated_at=now)
        ):
            logger.warning("Reminder to %s left in flight: %s", claim.recipient, error)
    return interrupted


def _claim_in_hand(claim: ReminderSent, now) -> bool:
    run = claim.run
    if run is None:
        return still_in_hand(host="", pid=None, token="", last_seen=claim.claimed_at, now=now)
    if run.outcome != ReminderRun.Outcome.RUNNING:
        return False  # the run has ended (or was found stopped) with this claim in flight
    return still_in_hand(
        host=run.host, pid=run.pid, token=run.token, last_seen=run.beat_at, now=now
    )


def _record(claim: ReminderSent, state: str, error: str = "") -> None:
    claim.state = state
    claim.error = error
    claim.sent_at = timezone.now() if state == ReminderSent.State.SENT else None
    claim.save(update_fields=["state", "error", "sent_at", "updated_at"])


@transaction.atomic
def reminder_mark_failed(*, actor, claim: ReminderSent, reason: str) -> ReminderSent:
    """A person has checked that an unconfirmed email never arrived: the next run sends it.
    A sent one stays sent; one being sent is left to its sender."""
    claim = ReminderSent.objects.select_for_update().get(pk=claim.pk)
    if claim.state == ReminderSent.State.SENT:
        raise Refused("claim", "This reminder was sent; it will not be sent again.")
    if claim.state == ReminderSent.State.SENDING:
        raise Refused(
            "claim",
            "This reminder is being sent now. If its sender has stopped, the next run "
            "says whether it reached the mail server.",
        )
    before = field_values(claim)
    _record(claim, ReminderSent.State.FAILED, error=reason)
    audit_record(actor=actor, action="reminder.mark_failed", instance=claim, before=before)
    return claim


@transaction.atomic
def reminder_mark_sent(*, actor, claim: ReminderSent, reason: str) -> ReminderSent:
    """A person has checked that an unconfirmed email arrived: it is sent."""
    claim = ReminderSent.objects.select_for_update().get(pk=claim.pk)
    if claim.state != ReminderSent.State.UNCONFIRMED:
        raise Refused(
            "claim",
            f"Only an unconfirmed reminder can be marked sent; this one is "
            f"{claim.get_state_display().lower()}.",
        )
    before = field_values(claim)
    _record(claim, ReminderSent.State.SENT, error=reason)
    audit_record(actor=actor, action="reminder.mark_sent", instance=claim, before=before)
    return claim
