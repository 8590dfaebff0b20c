"""The meetings an officer may name for a saved page that does not say which meeting it
records (the minutes-page import's upload page offers them, newest first)."""

from django.db.models import QuerySet

from scrutiny.committees.models import Meeting


def meetings_to_name() -> QuerySet[Meeting]:
    """Every meeting in the tracker, newest first, with its committee."""
    return Meeting.objects.select_related("committee").order_by("-starts_at", "-id")
