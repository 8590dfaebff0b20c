from django.contrib import admin

from scrutiny.core.admin import URL_FIELDS_ASSUME_HTTPS, AuditedAdmin
from scrutiny.reviews.models import (
    Concern,
    Evidence,
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)


@admin.register(Status)
class StatusAdmin(AuditedAdmin):
    list_display = ["label", "code", "counts_as_achieved", "closes", "is_exception", "rag", "order"]
    list_editable = ["order"]
    search_fields = ["label", "code"]


class ConcernInline(admin.TabularInline):
    model = Concern
    extra = 0


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = [
        "number",
        "reference",
        "text",
        "owner",
        "original_target_date",
        "current_target_date",
        "status",
    ]
    readonly_fields = ["current_target_date", "status"]
    autocomplete_fields = ["owner"]
    show_change_link = True


@admin.register(Review)
class ReviewAdmin(AuditedAdmin):
    list_display = ["title", "committee", "stage"]
    list_filter = ["stage", "committee"]
    search_fields = ["title", "scope", "aim"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["committee", "issue"]
    inlines = [ConcernInline, TimelineInline, RecommendationInline]
    readonly_fields = ["version"]


class UpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["as_of", "author", "proposed_status", "narrative"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # updates are posted through the workspace, append-only


class ExtensionInline(admin.TabularInline):
    model = Extension
    extra = 0
    fields = ["from_date", "to_date", "reason", "agreed_at", "resolution"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # an extension goes through its rule: later date, stated reason


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = [
        "number",
        "review",
        "owner",
        "original_target_date",
        "current_target_date",
        "status",
        "proposed_status",
        "response",
    ]
    list_filter = ["status", "response", "review__committee", "directorate"]
    search_fields = ["text", "reference", "owner__name"]
    autocomplete_fields = ["review", "owner", "directorate"]
    readonly_fields = [
        "version",
        "current_target_date",
        "status",
        "proposed_status",
        "completed_on",
        "closed_by",
        "closed_on",
    ]
    inlines = [UpdateInline, ExtensionInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("original_target_date")  # never changes once set (rule 2)
        return fields


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    list_display = ["recommendation", "as_of", "author", "proposed_status"]
    list_filter = ["proposed_status"]
    search_fields = ["narrative"]
    inlines = [EvidenceInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MonitoringReport)
class MonitoringReportAdmin(AuditedAdmin):
    list_display = ["review", "sequence", "version", "meeting", "issued_on", "is_final"]
    list_filter = ["is_final"]
    search_fields = ["review__title"]

    def has_change_permission(self, request, obj=None):
        return False  # an issued report is frozen; reissue makes a new version
