"""Committees as the public sees them: who sits on them, their meetings by municipal year,
and their work programme of monitoring reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import Action, Committee, Meeting, Membership
from scrutiny.publishing import changes, rules
from scrutiny.publishing.meetings import ACTION_LISTED
from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import NextReport, review_next_reports

MEETINGS_PER_PAGE = 25
ACTIONS_PER_PAGE = 50
# The action log's filters: which statuses each shows.
ACTION_FILTERS = {
    "open": (Action.Status.OPEN,),
    "closed": Action.CLOSED,
    "historic": (Action.Status.HISTORIC,),
    "all": tuple(Action.Status.values),
}
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


def committees_with_next_meeting(
    *,
    now: datetime.datetime | None = None,
    user=None,
    changed_since: datetime.datetime | None = None,
):
    """Each committee with `next_meeting_at`, read from its meetings' (committee, date)
    index: one short lookup per committee, not an aggregate over every meeting. With
    `changed_since`, only those changed since then as `user` sees them (`changes`)."""
    now = now or timezone.now()
    upcoming = (
        Meeting.objects.filter(committee_id=OuterRef("pk"), starts_at__gte=now)
        .exclude(status__in=CALLED_OFF)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    committees = Committee.objects.annotate(next_meeting_at=Subquery(upcoming)).order_by("name")
    if changed_since is not None:
        committees = changes.committees_changed_since(user, changed_since, committees)
    return committees


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
    *,
    user,
    committee: Committee,
    page_number=1,
    changed_since: datetime.datetime | None = None,
) -> tuple[Page, list[YearOfMeetings]]:
    """The committee's meetings, newest first, a page at a time, grouped by year; with
    `changed_since`, only those changed since then as `user` sees them (`changes`)."""
    meetings = (
        rules.visible_meetings(user, committee.meetings.all())
        .select_related("committee")
        .order_by("-starts_at")
    )
    if changed_since is not None:
        meetings = changes.meetings_changed_since(user, changed_since, meetings)
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
    meeting_passed: bool = False  # its meeting was held without the report: it is late


def work_programme(
    *, committee: Committee, today: datetime.date | None = None
) -> list[WorkProgrammeEntry]:
    """Each open review of the committee and when its next monitoring report is due."""
    today = timezone.localdate() if today is None else today
    reviews = list(
        committee.reviews.exclude(stage=Review.Stage.CLOSED)
        .select_related("committee")
        .order_by("title")
    )
    due = review_next_reports(reviews=reviews)
    return [
        WorkProgrammeEntry(
            review=r,
            next_report=due[r.pk],
            meeting_passed=due[r.pk] is not None and due[r.pk].meeting_passed(today),
        )
        for r in reviews
    ]


def action_log(
    *, user, committee: Committee, state: str = "open", page_number=1
) -> tuple[Page, str]:
    """The committee's actions, as the user may see them, from its newest meeting back, a
    page at a time; `state` is one of `ACTION_FILTERS` (anything else reads as "open").
    Returns the page and the filter applied."""
    state = state if state in ACTION_FILTERS else "open"
    actions = (
        rules.visible_actions(user)
        .filter(committee_id=committee.pk, status__in=ACTION_FILTERS[state])
        .select_related("item", "meeting", "owner")
        .only(*ACTION_LISTED)
        .order_by("-meeting__starts_at", "item__position", "id")
    )
    return Paginator(actions, ACTIONS_PER_PAGE).get_page(page_number), state
