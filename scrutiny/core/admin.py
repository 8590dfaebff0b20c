"""The admin's ground rules. Records that have services are read-only here
(`ReadOnlyAdmin`, `ReadOnlyInline`): their rules and locks live in the services, which
the staff pages, imports and commands go through, and the admin must not go around them.
What the admin still writes (reference data: committees, issues, people, statuses, users
and roles) goes in the audit log, every way it can be written (`AuditedAdmin`)."""

from typing import Any

from django.contrib import admin
from django.db import models

from scrutiny.core.audit import audit_record, field_values
from scrutiny.core.models import AuditEvent, RecordVersion, WorkerHeartbeat

# A web address typed without a scheme is taken as https://, as in the staff forms.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record only the software writes: shown in the admin, never added, changed or
    deleted there (so "delete selected" is not offered either)."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """For an inline of a read-only admin: shown, never added, changed or deleted."""

    extra = 0
    can_delete = False
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only, so nobody edits or deletes it here either."""

    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "actor__username"]
    date_hierarchy = "at"


@admin.register(RecordVersion)
class RecordVersionAdmin(ReadOnlyAdmin):
    """Read-only: how often each part of the public record has changed (the page cache's
    keys). Useful to see that a write reached it; only writes move them."""

    list_display = ["scope", "version", "changed_at"]
    search_fields = ["scope"]
    ordering = ["scope"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    """Read-only: each background worker process, when it was last seen alive and what it
    is running. Only the workers write them."""

    list_display = ["worker_id", "host", "pid", "started_at", "beat_at", "task"]
    search_fields = ["worker_id", "host", "task"]


# Kept out of the log: a password is a secret, even hashed.
SECRET_FIELDS = {"password"}
HIDDEN = "(hidden)"


def audited_values(instance: models.Model) -> dict[str, Any]:
    """What the log keeps of a record: its fields, its many-to-many links (as sorted ids,
    e.g. a user's groups); never a secret."""
    values = field_values(instance)
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            values[field.attname] = sorted(
                getattr(instance, field.attname).values_list("pk", flat=True)
            )
    for name in SECRET_FIELDS & values.keys():
        values[name] = HIDDEN
    return values


def audit_admin_write(request, instance, verb: str, *, before=None, after=None) -> None:
    audit_record(
        actor=request.user,
        action=f"{instance._meta.model_name}.admin_{verb}",
        instance=instance,
        before=before,
        after=after if after is not None else audited_values(instance),
    )


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin go in the audit log like any other change: the change
    form and list edits (one event a record, after its many-to-many links are saved),
    inline rows added, changed or deleted, and deletions one by one or "delete selected"."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def save_model(self, request, obj, form, change):
        # The stored values, read before the form's are saved; logged in save_related.
        obj._audit_before = audited_values(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit_admin_write(request, obj, "change" if change else "add", before=obj._audit_before)

    def save_formset(self, request, form, formset, change):
        stored = formset.model._default_manager.filter(
            pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        )
        before = {obj.pk: audited_values(obj) for obj in stored}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_admin_write(request, obj, "delete", before=before[obj.pk], after={})
            obj.delete()
        for obj in instances:
            new = obj.pk is None
            obj.save()
            audit_admin_write(
                request, obj, "add" if new else "change", before=None if new else before[obj.pk]
            )
        formset.save_m2m()

    def delete_model(self, request, obj):
        audit_admin_write(request, obj, "delete", before=audited_values(obj), after={})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_admin_write(request, obj, "delete", before=audited_values(obj), after={})
        super().delete_queryset(request, queryset)
