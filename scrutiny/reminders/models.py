"""The record of every reminder email claimed, so none is ever sent twice."""

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


class ReminderSent(TimeStamped):
    """One email for one cycle to one address. The unique constraint is the lock: a sender
    claims the row (state "sending") in its own transaction before talking to the mail
    server, so a second worker, or the same one restarted, finds the claim and stays quiet.

    The cycle key names what the email is about, e.g. "owner:12/meeting:34" for an owner's
    reminders before one meeting, so the next report's cycle starts fresh."""

    class State(models.TextChoices):
        SENDING = "sending", "Sending (not confirmed)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will be tried again)"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    cycle_key = models.CharField(max_length=120)
    recipient = models.EmailField(help_text="The address the email went to, in lower case.")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField()
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
