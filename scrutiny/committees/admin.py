"""The committee record in the admin. Meetings and everything of them (items, papers,
attendance, declarations, minutes, motions, votes, resolutions, actions, corrections) are
written through `committees.services`, which keeps their rules (signed minutes are
locked, exempt items need their reasons): here they are read-only. Committees, their
members and issues are reference data, edited here and audited."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from scrutiny.committees.memberships import refuse_untrue_membership
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
from scrutiny.core.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from scrutiny.core.errors import Refused


class MembershipFormSet(BaseInlineFormSet):
    """The committee's seats as edited here must be true as the services' are: each row is
    asked `committees.memberships.refuse_untrue_membership`, beside the other rows."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed())
            and not self._should_delete_form(form)
            and not form.errors
        ]
        rows = [form.instance for form in kept]
        for form in kept:
            if form.instance.person_id is None:
                continue
            try:
                refuse_untrue_membership(form.instance, alongside=rows)
            except Refused as refused:
                form.add_error(
                    refused.field if refused.field in form.fields else None, refused.reason
                )


class MembershipInline(admin.TabularInline):
    model = Committee.members.through
    formset = MembershipFormSet
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


class AgendaItemInline(ReadOnlyInline, admin.TabularInline):
    model = AgendaItem
    fields = ["number", "position", "title", "issue", "visibility"]
    show_change_link = True


class AttendanceInline(ReadOnlyInline, admin.TabularInline):
    model = Attendance


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "committee", "venue", "status", "minutes_status"]
    list_filter = ["committee", "status", "minutes_status"]
    search_fields = ["committee__name", "venue", "items__title"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(Issue)
class IssueAdmin(AuditedAdmin):
    list_display = ["title"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class DocumentInline(ReadOnlyInline, admin.TabularInline):
    model = Document
    fields = ["title", "kind", "file", "file_format", "size_bytes", "visibility", "published_at"]


class DeclarationInline(ReadOnlyInline, admin.TabularInline):
    model = Declaration


class ActionInline(ReadOnlyInline, admin.TabularInline):
    model = Action
    fields = ["text", "owner", "due_on", "status"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "issue", "visibility"]
    list_filter = ["visibility", "meeting__committee"]
    search_fields = ["title", "number", "text", "minutes"]
    inlines = [DocumentInline, DeclarationInline, ActionInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "file_format", "size_bytes", "visibility", "published_at"]
    list_filter = ["kind", "visibility", "file_format"]
    search_fields = ["title", "extracted_text"]


class RecordedVoteInline(ReadOnlyInline, admin.TabularInline):
    model = RecordedVote


@admin.register(Motion)
class MotionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "item", "seconder", "outcome", "unanimous"]
    list_filter = ["outcome", "kind"]
    search_fields = ["text", "mover__name", "seconder__name"]
    inlines = [RecordedVoteInline]


class ResolutionPartInline(ReadOnlyInline, admin.TabularInline):
    model = ResolutionPart


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind", "item__meeting__committee"]
    search_fields = ["parts__text", "item__title"]
    inlines = [ResolutionPartInline]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["text", "owner", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["text", "owner__name"]


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "agreed_at"]
