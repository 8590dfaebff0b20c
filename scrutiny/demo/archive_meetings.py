"""The archive's meetings: each committee's calendar over the years, with what a real
calendar has at its ends (minutes in draft for the latest meetings, agendas not yet out
for the furthest scheduled ones) and a few meetings cancelled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scrutiny.committees.models import Meeting
from scrutiny.demo import archive_text as words
from scrutiny.demo.archive_context import Context
from scrutiny.demo.archive_people import People, PlannedCommittee

CANCELLED_SHARE = 0.03
LATE_PAPERS_SHARE = 0.05
PUBLISHED_MINUTES = (Meeting.MinutesStatus.APPROVED, Meeting.MinutesStatus.SIGNED)


@dataclass
class PlannedMeeting:
    meeting: Meeting
    committee: PlannedCommittee
    day: dt.date

    @property
    def minuted(self) -> bool:
        """Held, with minutes written (in draft or published)."""
        return (
            self.meeting.status == Meeting.Status.HELD
            and self.meeting.minutes_status != Meeting.MinutesStatus.NONE
        )

    @property
    def minutes_published(self) -> bool:
        return self.meeting.minutes_status in PUBLISHED_MINUTES


def _calendar(context: Context, planned: PlannedCommittee, count: int) -> list[dt.date]:
    """`count` meeting days spread evenly from the first day to the last, jittered, on
    weekdays."""
    rng = context.rng
    span = (context.last_day - context.first_day).days
    spacing = span / count
    days = []
    for index in range(count):
        offset = (index + 0.5 + rng.uniform(-0.25, 0.25)) * spacing
        day = context.first_day + dt.timedelta(days=int(offset))
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        days.append(day)
    return sorted(days)


def _states(context: Context, meeting: Meeting, day: dt.date) -> None:
    """Status, agenda publication and minutes, by how far the meeting is from today."""
    rng, now, today = context.rng, context.now, context.today
    if day >= today:
        meeting.status = (
            Meeting.Status.CONFIRMED if (day - today).days <= 28 else Meeting.Status.SCHEDULED
        )
        published = context.at(day - dt.timedelta(days=8), 17)
        meeting.agenda_published_at = published if published <= now else None
        return
    lead = rng.randint(2, 4) if rng.random() < LATE_PAPERS_SHARE else rng.randint(7, 12)
    meeting.agenda_published_at = context.at(day - dt.timedelta(days=lead), 16)
    if rng.random() < CANCELLED_SHARE:
        meeting.status = Meeting.Status.CANCELLED
        if rng.random() < 0.5:
            meeting.agenda_published_at = None
        return
    meeting.status = Meeting.Status.HELD
    age = (today - day).days
    if age < 7:
        return
    if age < 42:
        meeting.minutes_status = Meeting.MinutesStatus.DRAFT
        return
    approved = day + dt.timedelta(days=rng.randint(28, 40))
    if approved >= today:
        meeting.minutes_status = Meeting.MinutesStatus.DRAFT
        return
    meeting.minutes_status = (
        Meeting.MinutesStatus.APPROVED if age < 120 else Meeting.MinutesStatus.SIGNED
    )
    meeting.minutes_published_at = context.at(approved, 12)


def plan_meetings(context: Context, people: People) -> list[PlannedMeeting]:
    total = context.sizes.of("meetings", minimum=3)
    weights = [p.frequency for p in people.committees]
    planned: list[PlannedMeeting] = []
    for committee, weight in zip(people.committees, weights, strict=True):
        count = max(3, round(total * weight / sum(weights)))
        for day in _calendar(context, committee, count):
            minute = 30 if committee.kind == "council" else 0
            meeting = Meeting(
                committee=committee.committee,
                starts_at=context.at(day, committee.hour, minute),
                venue=context.rng.choice(words.VENUES),
            )
            _states(context, meeting, day)
            planned.append(PlannedMeeting(meeting, committee, day))
    planned.sort(key=lambda p: (p.meeting.starts_at, p.committee.committee.name))
    context.write(Meeting, [p.meeting for p in planned])
    return planned


def sample_meeting(meetings: list[PlannedMeeting], people: People) -> PlannedMeeting:
    """The first committee's latest meeting with published minutes: late in the archive,
    where a committee's history is longest."""
    first = people.committees[0]
    candidates = [p for p in meetings if p.committee is first and p.minutes_published]
    if not candidates:
        candidates = [p for p in meetings if p.minutes_published] or meetings
    return candidates[-1]
