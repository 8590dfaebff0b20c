"""People following a committee, a review or a recommendation by email, and the record of
each daily digest claimed, so none is sent twice.

Only what is needed is kept: the address, what it follows, when each follow was
confirmed, and the secret token its unsubscribe links carry. Nothing is stored before the
address is confirmed (the confirmation link carries the request, signed), and
unsubscribing deletes the subscriber with everything of it, digests included."""

from django.db import models
from django.db.models import Q

from scrutiny.committees.models import Committee
from scrutiny.reviews.models import Recommendation, Review


class Subscriber(models.Model):
    """One email address that follows something."""

    email = models.EmailField(unique=True, help_text="In lower case.")
    token = models.CharField(max_length=64, unique=True, help_text="Names it in its links.")

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Follow(models.Model):
    """One thing a subscriber follows: exactly one of a committee, a review or a
    recommendation, from when the address confirmed it."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(committee__isnull=False, review__isnull=True, recommendation__isnull=True)
                    | Q(committee__isnull=True, review__isnull=False, recommendation__isnull=True)
                    | Q(committee__isnull=True, review__isnull=True, recommendation__isnull=False)
                ),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "committee"],
                condition=Q(committee__isnull=False),
                name="follow_committee_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "review"],
                condition=Q(review__isnull=False),
                name="follow_review_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "recommendation"],
                condition=Q(recommendation__isnull=False),
                name="follow_recommendation_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} follows {self.target}"

    @property
    def target(self):
        return self.committee or self.review or self.recommendation


class DigestSent(models.Model):
    """The day's digest to one subscriber. The unique constraint is the lock, as for
    the reminders (`reminders.models.ReminderSent`): a sender claims the row ("sending")
    in its own committed transaction before talking to the mail server, marks it handed
    over (committed) just before giving the server the email, then records the outcome.
    A second run the same day, or the worker restarted, finds the claim and sends nothing.
    `covers_until` is the moment the digest was built to: the next digest starts there."""

    class State(models.TextChoices):
        SENDING = "sending", "Sending (not confirmed)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will be tried again)"
        UNCONFIRMED = "unconfirmed", "Unconfirmed (may have arrived)"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    covers_until = models.DateTimeField()
    claimed_at = models.DateTimeField()
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    token = models.CharField(max_length=32)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "day"], name="one_digest_a_day")
        ]
        verbose_name = "digest sent"
        verbose_name_plural = "digests sent"

    def __str__(self) -> str:
        return f"Digest of {self.day} ({self.get_state_display()})"
