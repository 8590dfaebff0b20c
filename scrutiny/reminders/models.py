"""The record of every reminder email claimed, so none is ever sent twice, and of every
run of the reminders."""

from django.db import models

from scrutiny.core.models import TimeStamped
from scrutiny.people.models import Person


class Kind(models.TextChoices):
    FIRST_REMINDER = "first-reminder", "First reminder to an owner"
    SECOND_REMINDER = "second-reminder", "Second reminder to an owner"
    ESCALATION = "escalation", "Updates missing after the papers deadline"
    EXECUTIVE_RESPONSE = "executive-response", "Executive response overdue"
    NO_MEETING = "no-meeting", "No meeting for the next report"
    CANNOT_REMIND = "cannot-remind", "Owners who cannot be emailed"


class ReminderRun(models.Model):
    """One run of the reminders (the daily task, a retry, the command): when it ran, in
    which process, how it went. The newest tells the dashboard and /readyz when reminders
    last ran; a run whose process stopped before it ended is found by the next
    (`reminders_resolve_interrupted`), and so are its emails left in flight."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Every email due was sent"
        FAILED = "failed", "Some emails could not be sent"
        INTERRUPTED = "interrupted", "Cut short: its process stopped"

    started_at = models.DateTimeField(db_index=True)
    beat_at = models.DateTimeField(help_text="When the run last showed it was alive.")
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.RUNNING)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    token = models.CharField(max_length=32, unique=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    unconfirmed = models.PositiveIntegerField(default=0)
    undeliverable = models.PositiveIntegerField(default=0)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "reminder run"

    def __str__(self) -> str:
        return f"Reminders run of {self.started_at:%Y-%m-%d %H:%M} ({self.get_outcome_display()})"


class ReminderSent(TimeStamped):
    """One email for one cycle to one address. The unique constraint is the lock: a sender
    claims the row (state "sending") in its own transaction before talking to the mail
    server, so a second worker, or the same one restarted, finds the claim and stays quiet.
    `handed_over_at` is set, again committed, just before the email is given to the mail
    server: a claim whose sender stopped without it never reached the server.

    The cycle key names what the email is about, e.g. "owner:12/meeting:34" for an owner's
    reminders before one meeting, so the next report's cycle starts fresh."""

    class State(models.TextChoices):
        SENDING = "sending", "Sending (not confirmed)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will be tried again)"
        UNCONFIRMED = "unconfirmed", "Unconfirmed (may have arrived: check)"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    cycle_key = models.CharField(max_length=120)
    recipient = models.EmailField(help_text="The address the email went to, in lower case.")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField()
    run = models.ForeignKey(
        ReminderRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    handed_over_at = models.DateTimeField(
        null=True, blank=True, help_text="When the email was given to the mail server."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "cycle_key", "recipient"], name="one_reminder_per_cycle"
            )
        ]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_state_display()})"
