from django.contrib import admin

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Document,
    Issue,
    Meeting,
    MinutesCorrection,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
)
from scrutiny.committees.services import actions_follow_their_items
from scrutiny.core.admin import AuditedAdmin


class ActionsFollowTheirMeeting:
    """The admin can move a meeting to another committee, an item to another meeting or
    an action to another item: the actions' stored meeting and committee follow, once
    the inline forms are saved too."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        actions_follow_their_items(meeting_id=self.meeting_id_of(form.instance))


class MembershipInline(admin.TabularInline):
    model = Committee.members.through
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "kind", "monitoring_interval_months", "scrutiny_officer"]
    autocomplete_fields = ["scrutiny_officer"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "position", "title", "issue", "visibility"]
    autocomplete_fields = ["issue"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(ActionsFollowTheirMeeting, AuditedAdmin):
    list_display = ["starts_at", "committee", "venue", "status", "minutes_status"]
    list_filter = ["committee", "status", "minutes_status"]
    search_fields = ["committee__name", "venue", "items__title"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline]
    readonly_fields = ["version"]

    def meeting_id_of(self, meeting):
        return meeting.pk


@admin.register(Issue)
class IssueAdmin(AuditedAdmin):
    list_display = ["title"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["title", "kind", "file", "file_format", "size_bytes", "visibility", "published_at"]


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0
    autocomplete_fields = ["person"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["text", "owner", "due_on", "status"]
    autocomplete_fields = ["owner"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ActionsFollowTheirMeeting, AuditedAdmin):
    list_display = ["__str__", "meeting", "issue", "visibility"]
    list_filter = ["visibility", "meeting__committee"]
    search_fields = ["title", "number", "text", "minutes"]
    autocomplete_fields = ["meeting", "issue"]
    inlines = [DocumentInline, DeclarationInline, ActionInline]
    readonly_fields = ["version"]

    def meeting_id_of(self, item):
        return item.meeting_id


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ["title", "kind", "file_format", "size_bytes", "visibility", "published_at"]
    list_filter = ["kind", "visibility", "file_format"]
    search_fields = ["title", "extracted_text"]
    autocomplete_fields = ["item"]


class RecordedVoteInline(admin.TabularInline):
    model = RecordedVote
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Motion)
class MotionAdmin(AuditedAdmin):
    list_display = ["__str__", "item", "seconder", "outcome", "unanimous"]
    list_filter = ["outcome", "kind"]
    search_fields = ["text", "mover__name", "seconder__name"]
    autocomplete_fields = ["item", "mover", "seconder"]
    inlines = [RecordedVoteInline]


class ResolutionPartInline(admin.TabularInline):
    model = ResolutionPart
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(AuditedAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind", "item__meeting__committee"]
    search_fields = ["parts__text", "item__title"]
    autocomplete_fields = ["item", "motion"]
    inlines = [ResolutionPartInline]


@admin.register(Action)
class ActionAdmin(ActionsFollowTheirMeeting, AuditedAdmin):
    list_display = ["text", "owner", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["text", "owner__name"]
    autocomplete_fields = ["item", "owner"]
    readonly_fields = ["version"]

    def meeting_id_of(self, action):
        return action.item.meeting_id


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(AuditedAdmin):
    list_display = ["meeting", "agreed_at"]
    autocomplete_fields = ["meeting", "agreed_at", "item"]
