"""What the importers remember between runs, and the record of each background run."""

import uuid

from django.conf import settings
from django.db import models

from scrutiny.core.models import TimeStamped


class ColumnMapping(TimeStamped):
    """How one council's spreadsheet layout maps onto our fields, remembered so the next
    tracker with the same columns imports without asking again.

    `layout` identifies the layout by its set of column headings (see
    `scrutiny.imports.spreadsheets.mapping.layout_key`), so the order of the columns and
    the case of the headings do not matter."""

    name = models.CharField(max_length=120, unique=True)
    layout = models.CharField(max_length=64, db_index=True)
    columns = models.JSONField(
        default=dict, help_text="Each column heading as written, and the field it fills."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """One run of an importer in the background worker: checking an upload (the preview)
    or importing it once checked. The web request only keeps the upload in the pending
    store and queues the job; the job's page follows it from the state and progress kept
    here, and shows its result or its refusal.

    ``token`` names the upload in ``scrutiny.imports.pending``; ``options`` holds whatever
    else the importer needs (JSON). ``heartbeat_at`` is written whenever the worker
    reports progress, so a job whose worker died is told from one still working
    (``scrutiny.imports.jobs.job_status``)."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", "Minutes page"
        MODERNGOV = "moderngov", "ModernGov answers"

    class Step(models.TextChoices):
        CHECK = "check", "Check"
        IMPORT = "import", "Import"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the background worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    step = models.CharField(max_length=10, choices=Step.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    token = models.CharField(
        max_length=64,
        blank=True,
        help_text="The upload in the pending store (blank until a site's answers are read).",
    )
    options = models.JSONField(default=dict, blank=True)
    submission = models.CharField(
        max_length=64,
        blank=True,
        help_text="The upload form's one-time key: the same form sent twice queues one job.",
    )
    checked = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_by",
        help_text="For an import: the check it confirms (one import per check).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=200, blank=True)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "submission"],
                condition=~models.Q(submission=""),
                name="import_job_one_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_step_display().lower()} ({self.state})"


class SyncRun(models.Model):
    """One run of the ModernGov companion sync (``scrutiny.imports.sync``): queued by the
    daily schedule or by staff ("Run it now"), run by the background worker, and kept as
    the sync's log: when it ran, which meetings it read and what became of them.

    Its state and progress read as an import job's do (``scrutiny.imports.jobs``: the same
    states, stage, steps and heartbeat), so its page follows it the same way. Only one run
    is in flight at a time: ``in_flight`` is set while it is queued or running, and is
    unique, so a second request while one is under way is given that one."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "The daily schedule"
        STAFF = "staff", "Run by staff"

    class Outcome(models.TextChoices):
        NOTHING_CHANGED = "unchanged", "Nothing changed"
        CHANGED = "changed", "Changes imported"
        REFUSALS = "refusals", "Imported, with meetings refused"
        FAILED = "failed", "Failed: nothing imported"

    State = ImportJob.State

    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked for it (none for a scheduled run).",
    )
    submission = models.CharField(
        max_length=64,
        blank=True,
        help_text="The form's one-time key: the same form sent twice is given one run.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    in_flight = models.BooleanField(
        null=True, default=True, help_text="Set while queued or running; cleared when it ends."
    )
    site = models.CharField(max_length=300, blank=True)
    committees = models.JSONField(default=list, blank=True)
    from_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=200, blank=True)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    created = models.PositiveIntegerField(default=0, help_text="Meetings new to the record.")
    updated = models.PositiveIntegerField(default=0, help_text="Meetings with anything changed.")
    unchanged = models.PositiveIntegerField(default=0, help_text="Meetings read, nothing changed.")
    refused = models.PositiveIntegerField(default=0, help_text="Meetings refused (signed minutes).")
    warnings = models.JSONField(default=list, blank=True)
    refusals = models.JSONField(default=list, blank=True)
    meetings = models.JSONField(
        default=list, blank=True, help_text="Each meeting read and what became of it."
    )
    report = models.JSONField(null=True, blank=True, help_text="The import's counts by kind.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_flight"],
                condition=models.Q(in_flight=True),
                name="sync_run_one_in_flight",
            )
        ]

    def __str__(self) -> str:
        return f"ModernGov sync {self.pk} ({self.state})"
