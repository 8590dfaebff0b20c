from django.contrib import admin
from django.db import models

from scrutiny.core.models import AuditEvent, RecordVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record only the software writes: shown in the admin, never added, changed or
    deleted there."""

    def has_add_permission(self, request):
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


# A web address typed without a scheme is taken as https://, as in the staff forms.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin go in the audit log like any other change (rule 9)."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def save_model(self, request, obj, form, change):
        from scrutiny.core.audit import audit_record, field_values

        before = field_values(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.admin_{'change' if change else 'add'}"
        audit_record(actor=request.user, action=action, instance=obj, before=before)

    def delete_model(self, request, obj):
        from scrutiny.core.audit import audit_record, field_values

        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.admin_delete",
            instance=obj,
            before=field_values(obj),
            after={},
        )
        super().delete_model(request, obj)
