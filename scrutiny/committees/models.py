"""The public committee record: committees, meetings, agenda items and what was decided."""

import functools

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone

from scrutiny.core.models import TimeStamped, Versioned
from scrutiny.core.uploads import validate_upload_size
from scrutiny.people.models import Person


@functools.cache
def _labels(choices: type[models.Choices]) -> dict:
    return dict(choices.choices)


def choice_label(choices: type[models.Choices], value) -> str:
    """``value``'s label among ``choices`` (the value itself when it is none of them), as
    ``get_FOO_display`` gives it. An import names a hundred records a meeting in the
    audit log, and that method builds its table again at every call."""
    return _labels(choices).get(value, value)


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    EXEMPT = "exempt", "Exempt (Schedule 12A)"
    CONFIDENTIAL = "confidential", "Confidential"


class Committee(TimeStamped):
    class Kind(models.TextChoices):
        SCRUTINY = "scrutiny", "Scrutiny"
        CABINET = "cabinet", "Cabinet"
        COUNCIL = "council", "Council"
        REGULATORY = "regulatory", "Regulatory"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SCRUTINY)
    description = models.TextField(blank=True)
    monitoring_interval_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="How often this committee receives a monitoring report on each review.",
    )
    members = models.ManyToManyField(Person, through="Membership", related_name="committees")
    scrutiny_officer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees_supported",
        help_text="The officer who supports the committee: reminders escalate to them.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-Chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["committee", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "started_on"], name="one_membership_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.committee}"


class Meeting(Versioned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CONFIRMED = "confirmed", "Confirmed"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    class MinutesStatus(models.TextChoices):
        NONE = "none", "Not yet written"
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SIGNED = "signed", "Signed"

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="meetings",
        db_index=False,  # (committee, starts_at) leads with it
    )
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    source_id = models.CharField(
        max_length=60, blank=True, help_text="Identifier in an imported system."
    )
    webcast_url = models.URLField(
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where the meeting is broadcast live, or its recording is kept.",
    )

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["committee", "starts_at"]),
            # The calendar across committees (upcoming, recent) and the newest minutes.
            models.Index(fields=["starts_at"], name="meeting_starts_at"),
            # An import finds its meetings by id. A plain index: db_index would add a
            # PostgreSQL pattern (_like) index too, which no read uses.
            models.Index(fields=["source_id"], name="meeting_source_id"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – {timezone.localtime(self.starts_at):%d %B %Y}"

    @property
    def date(self):
        return timezone.localdate(self.starts_at)

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_status == self.MinutesStatus.SIGNED


class Issue(TimeStamped):
    """A subject considered across meetings; its page lists every item where it came up."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(Versioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(max_length=20, help_text='As printed: "27", "5(a)".')
    position = models.PositiveIntegerField(default=0, help_text="Order on the agenda.")
    title = models.CharField(max_length=400)
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    text = models.TextField(blank=True, help_text="The agenda text.")
    minutes = models.TextField(blank=True, help_text="What the minutes record for this item.")
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    exempt_paragraphs = models.JSONField(
        default=list, blank=True, help_text="Schedule 12A paragraphs (1 to 7) for exempt items."
    )
    public_interest_reason = models.TextField(blank=True)
    # No index: an import matches items among its meeting's, already read.
    source_id = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        indexes = [
            # The few items that are not public, for rules that ask "is it one of them?"
            # (`publishing.rules.visible_actions`) rather than read every item.
            models.Index(
                fields=["id"],
                condition=~models.Q(visibility="public"),
                name="agendaitem_not_public",
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.number}: {self.title}"


class Document(TimeStamped):
    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        APPENDIX = "appendix", "Appendix"
        MINUTES = "minutes", "Minutes"
        ADDITIONAL = "additional", "Additional document"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    file = models.FileField(
        upload_to="documents/%Y/%m/", blank=True, validators=[validate_upload_size]
    )
    file_format = models.CharField(max_length=10, blank=True, help_text='e.g. "PDF", "DOCX".')
    size_bytes = models.PositiveBigIntegerField(default=0)
    pages = models.PositiveIntegerField(null=True, blank=True)
    extracted_text = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    published_at = models.DateTimeField(null=True, blank=True)
    source_url = models.URLField(blank=True)
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the stored file, when one is stored."
    )

    class Meta:
        ordering = ["item", "kind", "id"]
        indexes = [
            # The search index's sweep, before every search, asks which documents fell due
            # for publication since it last looked.
            models.Index(fields=["published_at"], name="document_published_at"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(TimeStamped):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Present as substitute"
        IN_ATTENDANCE = "in-attendance", "In attendance"
        # Listed to attend, before anyone recorded who came (ModernGov's "Expected").
        EXPECTED = "expected", "Expected"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendance",
        db_index=False,  # `one_attendance_each` leads with it
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    role = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["meeting", "status", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_each")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {choice_label(self.Status, self.status)}"


class Declaration(TimeStamped):
    class Kind(models.TextChoices):
        DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "other-registrable", "Other registrable interest"
        NON_REGISTRABLE = "non-registrable", "Non-registrable interest"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    left_room = models.BooleanField(
        default=False, help_text="The member left the room for the item."
    )

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class Motion(TimeStamped):
    class Kind(models.TextChoices):
        MOTION = "motion", "Motion"
        AMENDMENT = "amendment", "Amendment"

    class Outcome(models.TextChoices):
        CARRIED = "carried", "Carried"
        LOST = "lost", "Lost"
        WITHDRAWN = "withdrawn", "Withdrawn"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="motions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MOTION)
    text = models.TextField(blank=True)
    mover = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="motions_moved")
    seconder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="motions_seconded"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.CARRIED)
    unanimous = models.BooleanField(default=False)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        kind, outcome = choice_label(self.Kind, self.kind), choice_label(self.Outcome, self.outcome)
        return f"{kind} moved by {self.mover} ({outcome})"


class RecordedVote(models.Model):
    class Vote(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        ABSTAIN = "abstain", "Abstained"

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="recorded_votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=10, choices=Vote.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_vote_display()}"


class Resolution(TimeStamped):
    class Kind(models.TextChoices):
        RESOLVED = "resolved", "Resolved"
        RECOMMENDED = "recommended", "Recommended to another body"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    motion = models.ForeignKey(
        Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESOLVED)
    preamble = models.CharField(max_length=200, blank=True, default="RESOLVED that:")
    # As the minutes record it: "RESOLVED (unanimously) that ...".
    unanimous = models.BooleanField(default=False)

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """How minutes cite it: committee, date and item, e.g. for a sign-off."""
        meeting = self.item.meeting
        return f"{meeting.committee.name}, {meeting.date:%d/%m/%Y}, item {self.item.number}"


class ResolutionPart(models.Model):
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="parts",
        db_index=False,  # `unique_part_number` leads with it
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["resolution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "number"], name="unique_part_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}) {self.text}"


class Action(Versioned):
    """Something an officer undertook at a meeting; a matter arising while it is open and
    due (`publishing.meetings.matters_arising`)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"
        # Brought in with an archive: whether it was ever done is not on record, so it is
        # neither open business nor closed. An officer may reopen it.
        HISTORIC = "historic", "Historic (state not recorded)"

    CLOSED = (Status.DONE, Status.DROPPED)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    # The item's meeting and its committee, stored so that a committee's actions are read
    # through their own index, and their publication through their meeting, without going
    # through every agenda item of the committee's history. Set by `Action.on_item`, which
    # every writer uses; nothing moves a meeting, item or action afterwards (the admin
    # shows them read-only).
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", editable=False
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="actions",
        editable=False,
        db_index=False,  # `action_committee_status` leads with it
    )
    text = models.TextField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["item", "id"]
        indexes = [
            # Matters arising read the few open actions and those closed lately, never the
            # whole history of closed and historic ones.
            models.Index(
                fields=["item"], name="action_open_item", condition=models.Q(status="open")
            ),
            models.Index(fields=["closed_on"], name="action_closed_on"),
            # A committee's actions by status: the action log counts them; matters arising
            # read its open ones and those closed lately.
            models.Index(
                fields=["committee", "status", "closed_on"], name="action_committee_status"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def on_item(cls, item: AgendaItem, *, build=None, **fields) -> "Action":
        """A new, unsaved action agreed at `item`, with its meeting and committee. They
        may be unsaved too (an import writes them in one go): their ids are then taken
        when the action is written. `build(model, **values)` makes the instance when
        given (an import's faster maker of the same instance), else `cls(**values)`."""
        meeting = item.meeting
        if meeting.committee_id is not None:
            fields["committee_id"] = meeting.committee_id
        else:
            fields["committee"] = meeting.committee
        if build is not None:
            return build(cls, item=item, meeting=meeting, **fields)
        return cls(item=item, meeting=meeting, **fields)

    def save(self, *args, **kwargs):
        if self.committee_id is None and self.item_id is not None:
            # Built without `on_item` (the admin's inline form): the item's.
            self.meeting_id, self.committee_id = (
                AgendaItem.objects.values_list("meeting_id", "meeting__committee_id")
            ).get(pk=self.item_id)
        super().save(*args, **kwargs)


class MinutesCorrection(TimeStamped):
    """Signed minutes never change; a later meeting records a correction to them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="corrections")
    agreed_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="corrections_agreed"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    text = models.TextField()

    def __str__(self) -> str:
        return f"Correction to {self.meeting}"
