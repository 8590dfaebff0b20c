"""Committees as the public sees them: who sits on them, their meetings by municipal year,
and their work programme of monitoring reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Min, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.committees.models import Committee, Meeting, Membership
from scrutiny.publishing import rules
from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import NextReport, review_next_reports

MEETINGS_PER_PAGE = 25
ROLE_ORDER = [
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.SUBSTITUTE,
]


def municipal_year(day: datetime.date) -> str:
    """Councils' years run from the annual meeting in May: 16 September 2024 is in
    "2024/25", 30 April 2025 too, 1 May 2025 in "2025/26"."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def committees_with_next_meeting(*, now: datetime.datetime | None = None):
    now = now or timezone.now()
    upcoming = Q(meetings__starts_at__gte=now) & ~Q(meetings__status=Meeting.Status.CANCELLED)
    return Committee.objects.annotate(
        next_meeting_at=Min("meetings__starts_at", filter=upcoming)
    ).order_by("name")


def get_committee_or_404(slug: str) -> Committee:
    return get_object_or_404(Committee.objects.select_related("scrutiny_officer"), slug=slug)


def current_members(committee: Committee) -> list[Membership]:
    today = timezone.localdate()
    memberships = (
        committee.memberships.select_related("person")
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=today))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    )
    return sorted(
        memberships,
        key=lambda m: (
            ROLE_ORDER.index(m.role) if m.role in ROLE_ORDER else len(ROLE_ORDER),
            m.person.name,
        ),
    )


@dataclass(frozen=True)
class YearOfMeetings:
    label: str
    meetings: list[Meeting]


def meetings_by_municipal_year(
    *, user, committee: Committee, page_number=1
) -> tuple[Page, list[YearOfMeetings]]:
    """The committee's meetings, newest first, a page at a time, grouped by year."""
    meetings = (
        rules.visible_meetings(user, committee.meetings.all())
        .select_related("committee")
        .order_by("-starts_at")
    )
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(page_number)
    years: list[YearOfMeetings] = []
    for meeting in page.object_list:
        label = municipal_year(meeting.date)
        if not years or years[-1].label != label:
            years.append(YearOfMeetings(label=label, meetings=[]))
        years[-1].meetings.append(meeting)
    return page, years


@dataclass(frozen=True)
class WorkProgrammeEntry:
    review: Review
    next_report: NextReport | None


def work_programme(*, committee: Committee) -> list[WorkProgrammeEntry]:
    """Each open review of the committee and when its next monitoring report is due."""
    reviews = list(
        committee.reviews.exclude(stage=Review.Stage.CLOSED)
        .select_related("committee")
        .order_by("title")
    )
    due = review_next_reports(reviews=reviews)
    return [WorkProgrammeEntry(review=r, next_report=due[r.pk]) for r in reviews]
