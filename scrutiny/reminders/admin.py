from django.contrib import admin, messages

from scrutiny.core.admin import ReadOnlyAdmin
from scrutiny.core.errors import Refused
from scrutiny.reminders.models import ReminderSent
from scrutiny.reminders.services import reminder_mark_failed


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    """The record of reminders, read-only but for one action: a person who has checked that
    an unconfirmed email never arrived marks it failed, and the next run sends it."""

    list_display = ["claimed_at", "kind", "recipient", "cycle_key", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient", "cycle_key", "subject"]
    actions = ["mark_failed"]

    @admin.action(description="Send again: it never arrived (mark failed)")
    def mark_failed(self, request, queryset):
        for claim in queryset:
            try:
                reminder_mark_failed(
                    actor=request.user, claim=claim, reason="Marked as not received."
                )
            except Refused as refusal:
                self.message_user(request, f"{claim}: {refusal.reason}", messages.WARNING)
