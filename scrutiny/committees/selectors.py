"""Reads about meetings for the people who run them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import Attendance, Committee, Meeting, Membership
from scrutiny.core.working_days import papers_are_late, papers_deadline
from scrutiny.people.models import Person

RECENT_DAYS = 28


def seated_on(day: datetime.date) -> Q:
    """Memberships open on `day` (one with no start or end is open that way)."""
    started = Q(started_on__isnull=True) | Q(started_on__lte=day)
    return started & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def committees_sat_on(user, day: datetime.date) -> frozenset[int]:
    """The committees whose member the user's person is on `day` (a membership with no
    start or end is open that way): who reads a committee's exempt business and its
    recommendations' evidence."""
    return frozenset(
        Membership.objects.filter(person__user=user)
        .filter(seated_on(day))
        .values_list("committee_id", flat=True)
    )


def committee_worked_for(user, day: datetime.date) -> Committee | None:
    """The committee a member of staff works for, which a form offers first: the one whose
    named scrutiny officer they are, else one they sit on (on `day`); of several, the first
    by name; none when they have neither (the form then asks them to choose)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    supported = Committee.objects.filter(scrutiny_officer__user=user).order_by("name").first()
    if supported is not None:
        return supported
    return Committee.objects.filter(pk__in=committees_sat_on(user, day)).order_by("name").first()


def seats_on(person_ids, day: datetime.date) -> dict[int, list[Membership]]:
    """Each person's committee seats open on `day`, by person id."""
    held = (
        Membership.objects.filter(person_id__in=list(person_ids))
        .filter(seated_on(day))
        .select_related("committee")
        .order_by("committee__name")
    )
    seats: dict[int, list[Membership]] = {}
    for membership in held:
        seats.setdefault(membership.person_id, []).append(membership)
    return seats


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
        .exclude(status__in=CALLED_OFF)
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


@dataclass
class Register:
    """The attendance register of a meeting: the committee's members on the day, then
    anyone else already recorded (officers in attendance, substitutes), and what has been
    recorded so far for each, by person id."""

    people: list[Person]
    members: set[int] = field(default_factory=set)
    recorded: dict[int, Attendance] = field(default_factory=dict)


def meeting_register(*, meeting: Meeting) -> Register:
    day = meeting.date
    # One filter() call, so the three conditions apply to the same membership.
    members = list(
        Person.objects.filter(
            Q(memberships__committee=meeting.committee),
            Q(memberships__started_on__isnull=True) | Q(memberships__started_on__lte=day),
            Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=day),
        )
        .distinct()
        .order_by("name")
    )
    recorded = {a.person_id: a for a in meeting.attendance.select_related("person")}
    member_ids = {person.pk for person in members}
    others = sorted(
        (a.person for a in recorded.values() if a.person_id not in member_ids),
        key=lambda person: person.name,
    )
    return Register(people=members + others, members=member_ids, recorded=recorded)
