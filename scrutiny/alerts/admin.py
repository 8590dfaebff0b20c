from django.contrib import admin

from scrutiny.alerts.models import DigestSent, Follow, Subscriber
from scrutiny.core.admin import ReadOnlyAdmin, ReadOnlyInline


class FollowInline(ReadOnlyInline, admin.TabularInline):
    model = Follow
    fields = ["committee", "review", "recommendation", "confirmed_at"]
    readonly_fields = fields


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    """Read-only: the addresses that follow something, for administrators only (staff
    pages show counts). A subscriber leaves by the link in each email."""

    list_display = ["email"]
    search_fields = ["email"]
    fields = ["email"]
    inlines = [FollowInline]


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ["day", "state", "attempts", "claimed_at", "sent_at"]
    list_filter = ["state"]
