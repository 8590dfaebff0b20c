"""Sending the reminders that are due, each at most once.

How "at most once" holds:

1. Each email is identified by (kind, cycle key, recipient address); `ReminderSent` has a
   unique constraint on the three.
2. Before talking to the mail server the sender *claims* the email: it inserts the row in
   state "sending" in its own short transaction, committed at once. A second worker
   running at the same moment fails to insert the same row (the database's unique index
   decides; on PostgreSQL the second insert waits for the first to commit), and skips it.
3. Only then is the email handed to the mail server. If the server refuses it or cannot be
   reached (an SMTP or socket error), the claim is marked "failed"; the next run takes it
   back (a conditional update, so again only one worker wins) and tries again.
4. Once the server accepts it, the claim is marked "sent".

The trade-off: if the worker dies after claiming and before it records the outcome (killed,
machine lost), nobody knows whether the server received the email. We never resend such a
claim, because an owner getting the same reminder twice erodes trust in every reminder,
while a missing one is caught by the next stage (second reminder, escalation). Those
claims stay "sending"; `reminders_unconfirmed` lists them and the `send_reminders`
command prints them, so a person can check and mark one failed to have it sent again.
A crash *after* the server accepted an email and before it was recorded therefore never
causes a duplicate: the claim already exists.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from scrutiny.core.audit import audit_record, field_values
from scrutiny.core.errors import Refused
from scrutiny.reminders.messages import reminder_email
from scrutiny.reminders.models import ReminderSent
from scrutiny.reminders.selectors import DueReminder, reminder_already_claimed, reminders_due

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    """What a run did: each list holds the due reminders in that outcome."""

    sent: list[DueReminder] = field(default_factory=list)
    would_send: list[DueReminder] = field(default_factory=list)
    already_done: list[DueReminder] = field(default_factory=list)
    failed: list[tuple[DueReminder, str]] = field(default_factory=list)
    undeliverable: list[DueReminder] = field(default_factory=list)


def reminder_claim(*, reminder: DueReminder, subject: str) -> ReminderSent | None:
    """Claim the email for this sender, or None when another run has it (sent, or being
    sent, or claimed by a sender that stopped). A failed claim is taken back for a retry."""
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
        updated_at=now,
    )
    if not retaken:
        return None
    existing.refresh_from_db()
    return existing


def _record(claim: ReminderSent, state: str, error: str = "") -> None:
    now = timezone.now()
    claim.state = state
    claim.error = error
    claim.sent_at = now if state == ReminderSent.State.SENT else None
    claim.save(update_fields=["state", "error", "sent_at", "updated_at"])


def reminders_send_due(*, today, dry_run: bool = False) -> SendReport:
    """Send every reminder due on `today` that has not been sent yet.

    Call it outside any transaction: each claim must be committed before its email goes,
    or a crash would roll the claim back after the email had left (see the module
    docstring). `dry_run` sends and records nothing and reports what would be sent."""
    report = SendReport()
    for reminder in reminders_due(today=today):
        if not reminder.address:
            logger.warning(
                "Reminder %s %s has nowhere to go: no email address",
                reminder.kind,
                reminder.cycle_key,
            )
            report.undeliverable.append(reminder)
            continue
        if dry_run:
            done = reminder_already_claimed(reminder)
            (report.already_done if done else report.would_send).append(reminder)
            continue
        # Built before claiming: a fault in the wording must not leave a claim behind.
        message = reminder_email(reminder)
        claim = reminder_claim(reminder=reminder, subject=message.subject)
        if claim is None:
            report.already_done.append(reminder)
            continue
        try:
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as error:
            _record(claim, ReminderSent.State.FAILED, error=f"{type(error).__name__}: {error}")
            logger.warning("Reminder to %s failed, will retry: %s", reminder.address, error)
            report.failed.append((reminder, str(error)))
            continue
        _record(claim, ReminderSent.State.SENT)
        report.sent.append(reminder)
    return report


@transaction.atomic
def reminder_mark_failed(*, actor, claim: ReminderSent, reason: str) -> ReminderSent:
    """A person has checked that an unconfirmed email never arrived: the next run sends it.
    A sent one stays sent."""
    claim = ReminderSent.objects.select_for_update().get(pk=claim.pk)
    if claim.state == ReminderSent.State.SENT:
        raise Refused("claim", "This reminder was sent; it will not be sent again.")
    before = field_values(claim)
    _record(claim, ReminderSent.State.FAILED, error=reason)
    audit_record(actor=actor, action="reminder.mark_failed", instance=claim, before=before)
    return claim
