"""Reads about meetings for the people who run them."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from scrutiny.committees.models import Meeting
from scrutiny.core.working_days import papers_are_late, papers_deadline

RECENT_DAYS = 28


@dataclass(frozen=True)
class LatePapers:
    meeting: Meeting
    deadline: datetime.date
    published_on: datetime.date | None

    @property
    def description(self) -> str:
        deadline = f"{self.deadline:%-d %B %Y}"
        if self.published_on is None:
            return f"Papers not yet published; they were due by {deadline}"
        return f"Papers published {self.published_on:%-d %B %Y}; they were due by {deadline}"


def meetings_with_late_papers(
    *,
    meetings: QuerySet[Meeting] | None = None,
    today: datetime.date | None = None,
    recent_days: int = RECENT_DAYS,
) -> list[LatePapers]:
    """Meetings from the last few weeks onwards whose papers were published with fewer than
    five clear working days to go, or are still unpublished after their deadline."""
    today = today or timezone.localdate()
    meetings = meetings if meetings is not None else Meeting.objects.all()
    candidates = (
        meetings.filter(starts_at__date__gte=today - datetime.timedelta(days=recent_days))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .order_by("starts_at")
    )
    result = []
    for meeting in candidates:
        deadline = papers_deadline(meeting.date)
        if meeting.agenda_published_at is not None:
            published_on = timezone.localdate(meeting.agenda_published_at)
            if papers_are_late(meeting_date=meeting.date, published_on=published_on):
                result.append(LatePapers(meeting, deadline, published_on))
        elif today > deadline and meeting.date >= today:
            result.append(LatePapers(meeting, deadline, None))
    return result
