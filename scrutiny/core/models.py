"""Shared model bases and the append-only audit log."""

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(TimeStamped):
    """A record edited through forms: `version` lets a service refuse an edit made from a
    stale copy instead of silently overwriting someone else's change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only; they cannot be updated.")

    def delete(self):
        raise TypeError("Audit events are append-only; they cannot be deleted.")


class AuditEvent(models.Model):
    """Who changed what, when, and the values before and after (docs/rules.md).

    An import writes a hundred events a meeting, so the log carries only the indexes its
    reads use: the time (the admin's list, newest first, and its dates), the actor (a
    user's deletion sets theirs to null), the action (the admin's filter) and one record's
    history (type and id: the stale-edit check, the admin's filter by type). No pattern
    (``LIKE 'x%'``) index: nothing searches them by their start, and the admin's search
    (``icontains``) can use none."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action"], name="core_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only; they cannot be deleted.")


class RecordVersion(models.Model):
    """How many times one part of the public record has changed, and when it last did.

    Cached public pages carry these versions in their keys, so a change makes the next
    request build the page afresh. They live in the database, not the cache, so every
    process (web workers, the background worker running imports) sees the same numbers;
    `scrutiny.core.record_versions` reads and bumps them."""

    scope = models.CharField(max_length=80, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.scope} v{self.version}"


class WorkerHeartbeat(models.Model):
    """One background worker process: where it runs, when it started, when it was last seen
    alive and what it is running. The worker writes it as it goes (`scrutiny.core.heartbeat`);
    the staff dashboard and /readyz read it, and a worker taking over the tasks of one that
    stopped reads it to know that it stopped."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    task = models.CharField(max_length=200, blank=True, help_text="The task running now.")
    task_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"Worker {self.pid} on {self.host}"
