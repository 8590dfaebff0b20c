from django.contrib import admin, messages

from scrutiny.core.admin import ReadOnlyAdmin
from scrutiny.core.errors import Refused
from scrutiny.reminders.models import ReminderRun, ReminderSent
from scrutiny.reminders.services import reminder_mark_failed, reminder_mark_sent


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    """The record of reminders, read-only but for two actions, for a person who has asked
    the recipient of an unconfirmed email: it never arrived (mark failed, and the next run
    sends it), or it did (mark sent)."""

    list_display = [
        "claimed_at",
        "kind",
        "recipient",
        "cycle_key",
        "state",
        "attempts",
        "handed_over_at",
        "sent_at",
    ]
    list_filter = ["state", "kind"]
    search_fields = ["recipient", "cycle_key", "subject"]
    actions = ["mark_failed", "mark_sent"]

    def _each(self, request, queryset, service, reason: str) -> None:
        for claim in queryset:
            try:
                service(actor=request.user, claim=claim, reason=reason)
            except Refused as refusal:
                self.message_user(request, f"{claim}: {refusal.reason}", messages.WARNING)

    @admin.action(description="Send again: it never arrived (mark failed)")
    def mark_failed(self, request, queryset):
        self._each(request, queryset, reminder_mark_failed, "Marked as not received.")

    @admin.action(description="It arrived (mark sent)")
    def mark_sent(self, request, queryset):
        self._each(request, queryset, reminder_mark_sent, "Marked as received.")


@admin.register(ReminderRun)
class ReminderRunAdmin(ReadOnlyAdmin):
    """Read-only: each run of the reminders, when and where it ran and how it went."""

    list_display = ["started_at", "finished_at", "outcome", "sent", "failed", "unconfirmed"]
    list_filter = ["outcome"]
    search_fields = ["detail", "host"]
