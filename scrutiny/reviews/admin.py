"""Reviews in the admin. Reviews, their timeline, recommendations, responses, updates,
evidence, extensions, agreed statuses and monitoring reports are written through
`reviews.services` and `reviews.monitoring`, which keep their rules (the original target
never changes, only a resolution closes, an issued report is frozen): here they are
read-only. The status
vocabulary is reference data, edited here and audited."""

from django.contrib import admin

from scrutiny.core.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from scrutiny.reviews.models import (
    AgreedStatus,
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


class ConcernInline(ReadOnlyInline, admin.TabularInline):
    model = Concern


class TimelineInline(ReadOnlyInline, admin.TabularInline):
    model = TimelineEntry


class RecommendationInline(ReadOnlyInline, admin.TabularInline):
    model = Recommendation
    fields = [
        "number",
        "reference",
        "text",
        "owner",
        "original_target_date",
        "current_target_date",
        "status",
    ]
    show_change_link = True


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["title", "committee", "stage"]
    list_filter = ["stage", "committee"]
    search_fields = ["title", "scope", "aim"]
    inlines = [ConcernInline, TimelineInline, RecommendationInline]


class UpdateInline(ReadOnlyInline, admin.StackedInline):
    model = ProgressUpdate
    fields = ["as_of", "author", "proposed_status", "narrative"]


class ExtensionInline(ReadOnlyInline, admin.TabularInline):
    model = Extension
    fields = ["from_date", "to_date", "reason", "agreed_at", "resolution"]


class AgreedStatusInline(ReadOnlyInline, admin.TabularInline):
    model = AgreedStatus
    fields = ["agreed_on", "previous", "status", "target_date"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
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
    inlines = [UpdateInline, ExtensionInline, AgreedStatusInline]


class EvidenceInline(ReadOnlyInline, admin.TabularInline):
    model = Evidence


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "as_of", "author", "proposed_status"]
    list_filter = ["proposed_status"]
    search_fields = ["narrative"]
    inlines = [EvidenceInline]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ReadOnlyAdmin):
    list_display = ["review", "sequence", "version", "meeting", "issued_on", "is_final"]
    list_filter = ["is_final"]
    search_fields = ["review__title"]
