"""Scrutiny reviews, their recommendations, and everything that happens to them after."""

from django.conf import settings
from django.db import models

from scrutiny.committees.models import AgendaItem, Committee, Issue, Meeting, Resolution
from scrutiny.core.models import TimeStamped, Versioned
from scrutiny.core.uploads import validate_upload_size
from scrutiny.people.models import Directorate, Person
from scrutiny.reviews import lateness


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    GREY = "grey", "Grey"


class Status(TimeStamped):
    """One word of the council's status vocabulary. Stored as data so each council can use
    its own words; the flags say what a status means to the rules."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80, unique=True)
    counts_as_achieved = models.BooleanField(default=False)
    closes = models.BooleanField(
        default=False, help_text="Only a committee resolution may set a closing status."
    )
    is_exception = models.BooleanField(
        default=False, help_text="Reported to the committee as an exception to delivery."
    )
    rag = models.CharField(max_length=10, choices=Rag.choices, default=Rag.GREY)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]
        verbose_name_plural = "statuses"

    def __str__(self) -> str:
        return self.label


class Review(Versioned):
    class Stage(models.TextChoices):
        SCOPING = "scoping", "Scoping"
        EVIDENCE = "evidence", "Gathering evidence"
        REPORTED = "reported", "Reported"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reviews")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    scope = models.TextField(blank=True)
    aim = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SCOPING)
    reported_to_executive_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the executive received the final report; its response is due "
        "two calendar months later.",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Concern(models.Model):
    """A line of enquiry: what members remained concerned about."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="concerns")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["review", "position", "id"]

    def __str__(self) -> str:
        return self.text


class TimelineEntry(TimeStamped):
    class Kind(models.TextChoices):
        COMMENCED = "commenced", "Commenced"
        PAUSED = "paused", "Paused"
        RESTARTED = "restarted", "Restarted"
        FINAL_REPORT = "final-report", "Final report"
        EXECUTIVE_RESPONSE = "executive-response", "Executive response"
        MONITORING_REPORT = "monitoring-report", "Monitoring report"
        NOTE = "note", "Note"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    happened_on = models.DateField()
    period_label = models.CharField(
        max_length=40, blank=True, help_text='How the council names the period, e.g. "2020/21".'
    )
    text = models.TextField()

    class Meta:
        ordering = ["review", "happened_on", "id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.get_kind_display()}"


class Recommendation(Versioned):
    class Response(models.TextChoices):
        PENDING = "pending", "Awaiting response"
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY_ACCEPTED = "partially-accepted", "Partially accepted"
        REJECTED = "rejected", "Rejected"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=60, blank=True, help_text='e.g. "SR (24/25) 03".')
    text = models.TextField()
    illustrative = models.BooleanField(
        default=False, help_text="Wording written for demonstration, not from a council record."
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_on = models.DateField(null=True, blank=True)
    original_target_date = models.DateField(null=True, blank=True)
    current_target_date = models.DateField(null=True, blank=True)
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="+")
    proposed_status = models.ForeignKey(
        Status,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The service's position: the status its owner's latest update gives, "
        "until the committee agrees a status.",
    )
    proposed_on = models.DateField(
        null=True, blank=True, help_text="The date of the update that gave the service's position."
    )
    completed_on = models.DateField(
        null=True, blank=True, help_text="When the service delivered it (from its update)."
    )
    response = models.CharField(max_length=30, choices=Response.choices, default=Response.PENDING)
    response_reason = models.TextField(blank=True)
    response_received_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="closed"
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_number_in_review")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.text[:60]}"

    SHORT_WORDS = 12

    @property
    def short_text(self) -> str:
        """The recommendation named by its words, as owners know it: its first
        ``SHORT_WORDS`` words ("Review the ICT asset register…"), never its number alone."""
        words = self.text.split()
        short = " ".join(words[: self.SHORT_WORDS])
        return short + ("…" if len(words) > self.SHORT_WORDS else "")

    @property
    def is_closed(self) -> bool:
        return self.closed_by_id is not None

    @property
    def directorate_shown(self) -> Directorate | None:
        """The directorate a page names: the recommendation's own, else its owner's. Both
        the owner and an owner's directorate are optional, so either may be missing."""
        if self.directorate_id is not None:
            return self.directorate
        return self.owner.directorate if self.owner is not None else None

    @property
    def achieved_late(self) -> bool:
        """Behind schedule is derived, never typed (`reviews.lateness`), at the agreed status."""
        return lateness.achieved_late(
            counts_as_achieved=self.status.counts_as_achieved,
            completed_on=self.completed_on,
            original_target_date=self.original_target_date,
        )


class ProgressUpdate(TimeStamped):
    """Append-only: an owner's account of progress at a date, with evidence."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="updates")
    as_of = models.DateField()
    proposed_status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField()

    class Meta:
        ordering = ["recommendation", "-as_of", "-id"]
        # The newest update of each recommendation, read backwards.
        indexes = [models.Index(fields=["recommendation", "as_of", "id"])]

    def __str__(self) -> str:
        return f"Update of {self.as_of} on recommendation {self.recommendation.number}"


class AgreedStatus(TimeStamped):
    """Append-only: a change of the status the committee agreed for a recommendation (an
    extension among them), as it was recorded. The recommendation holds the status now;
    these say when each came, so those following it can be told (`scrutiny.alerts`)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="agreed_statuses"
    )
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(
        Status, on_delete=models.PROTECT, related_name="+", help_text="The status it replaced."
    )
    agreed_on = models.DateField(
        help_text="The day of the meeting that agreed it, else the day it was recorded."
    )
    target_date = models.DateField(
        null=True, blank=True, help_text="An extension's new target date."
    )

    class Meta:
        verbose_name_plural = "agreed statuses"
        ordering = ["recommendation", "created_at", "id"]
        # What was agreed since a moment, of one recommendation or of a review's.
        indexes = [models.Index(fields=["recommendation", "created_at"])]

    def __str__(self) -> str:
        return (
            f"{self.status} agreed on {self.agreed_on} for recommendation {self.recommendation_id}"
        )


class Evidence(TimeStamped):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    link = models.URLField(blank=True)
    file = models.FileField(
        upload_to="evidence/%Y/%m/", blank=True, validators=[validate_upload_size]
    )

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


class Extension(TimeStamped):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="extensions"
    )
    from_date = models.DateField()
    to_date = models.DateField()
    reason = models.TextField()
    agreed_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["recommendation", "created_at", "id"]
        # The latest extension of each recommendation, read backwards.
        indexes = [models.Index(fields=["recommendation", "created_at", "id"])]

    def __str__(self) -> str:
        return f"Extended from {self.from_date} to {self.to_date}"


class MonitoringReport(TimeStamped):
    """A report as issued to a meeting: its snapshot never changes (docs/rules.md)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="monitoring_reports")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="monitoring_reports"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveSmallIntegerField(help_text="1 for the first interim report.")
    version = models.PositiveSmallIntegerField(default=1)
    reissue_reason = models.TextField(blank=True)
    is_final = models.BooleanField(default=False)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    snapshot = models.JSONField()
    next_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review", "sequence", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "sequence", "version"], name="unique_report_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review}: report {self.sequence} (version {self.version})"
