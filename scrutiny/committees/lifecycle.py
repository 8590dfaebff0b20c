"""A meeting's lifecycle and the rules that follow from it (docs/rules.md).

scheduled (or confirmed) → held → minutes in draft → approved → signed; or cancelled or
postponed. "Held" is derived from the date and today, never clicked: once the meeting's
day has passed it was held unless it was called off. Every page, the API and the
services read a meeting's state here, so the calendar never says "Scheduled" about a
meeting that has taken place, and nothing is recorded as decided before it has.

Who votes: the chair, the vice-chair and members present ("present"), and substitutes
sitting for an absent member ("present as substitute"). A named substitute who attends
without sitting for anyone, officers and others "in attendance" do not vote. Until the
attendance is recorded, the committee's voting members on the day are the most there
could have been.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from scrutiny.committees.models import Attendance, Meeting, Membership
from scrutiny.core.errors import Refused

CALLED_OFF = (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)
VOTING_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Held, minutes to follow"
    MINUTES_DRAFT = "minutes-draft", "Held, minutes in draft"
    MINUTES_APPROVED = "minutes-approved", "Held, minutes approved"
    MINUTES_SIGNED = "minutes-signed", "Held, minutes signed"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"


# What the public reads: draft minutes are not public, so the meeting is "held, minutes
# to follow" until they are approved.
PUBLIC_STATES = [state for state in MeetingState if state != MeetingState.MINUTES_DRAFT]
_BY_MINUTES = {
    Meeting.MinutesStatus.NONE: MeetingState.HELD,
    Meeting.MinutesStatus.DRAFT: MeetingState.MINUTES_DRAFT,
    Meeting.MinutesStatus.APPROVED: MeetingState.MINUTES_APPROVED,
    Meeting.MinutesStatus.SIGNED: MeetingState.MINUTES_SIGNED,
}


def has_taken_place(meeting: Meeting, today: datetime.date | None = None) -> bool:
    """Its day has come (the clerk records during the meeting) and it was not called off."""
    today = today or timezone.localdate()
    return meeting.status not in CALLED_OFF and meeting.date <= today


def meeting_state(meeting: Meeting, today: datetime.date | None = None) -> MeetingState:
    """The meeting's state on `today`, as staff see it. Reads only the meeting."""
    today = today or timezone.localdate()
    if meeting.status == Meeting.Status.CANCELLED:
        return MeetingState.CANCELLED
    if meeting.status == Meeting.Status.POSTPONED:
        return MeetingState.POSTPONED
    if meeting.date < today:
        return _BY_MINUTES[meeting.minutes_status]
    # On the day itself it is held once the clerk says so or starts the minutes.
    held_today = (
        meeting.status == Meeting.Status.HELD
        or meeting.minutes_status != Meeting.MinutesStatus.NONE
    )
    if meeting.date == today and held_today:
        return _BY_MINUTES[meeting.minutes_status]
    if meeting.status == Meeting.Status.CONFIRMED:
        return MeetingState.CONFIRMED
    return MeetingState.SCHEDULED


def public_meeting_state(meeting: Meeting, today: datetime.date | None = None) -> MeetingState:
    """The meeting's state as the public reads it (draft minutes are not public)."""
    state = meeting_state(meeting, today)
    return MeetingState.HELD if state == MeetingState.MINUTES_DRAFT else state


def refuse_before_meeting(
    meeting: Meeting, *, field: str, what: str, today: datetime.date | None = None
) -> None:
    """`what` ("Minutes cannot be approved") happens only at or after a meeting that
    took place."""
    today = today or timezone.localdate()
    if meeting.status in CALLED_OFF:
        raise Refused(
            field,
            f"{what}: the meeting of {meeting} was {meeting.get_status_display().lower()}.",
        )
    if meeting.date > today:
        raise Refused(
            field,
            f"{what} before the meeting has taken place: it is on {meeting.date:%-d %B %Y}.",
        )


def refuse_untrue_meeting(meeting: Meeting, today: datetime.date | None = None) -> None:
    """A meeting's stored status and date must not contradict each other: it is not held
    before its day, and once its minutes are approved it is not moved to a later day nor
    called off."""
    today = today or timezone.localdate()
    if meeting.status == Meeting.Status.HELD and meeting.date > today:
        raise Refused(
            "status",
            f"A meeting is held once its day has come; this one is on {meeting.date:%-d %B %Y}.",
        )
    if meeting.minutes_status in (Meeting.MinutesStatus.APPROVED, Meeting.MinutesStatus.SIGNED):
        if meeting.status in CALLED_OFF:
            raise Refused(
                "status",
                f"The minutes of this meeting are {meeting.get_minutes_status_display().lower()}:"
                " it took place, so it cannot be "
                f"{meeting.get_status_display().lower()}.",
            )
        if meeting.date > today:
            raise Refused(
                "date",
                "The minutes of this meeting are "
                f"{meeting.get_minutes_status_display().lower()}: it took place, so it cannot "
                "move to a day still to come.",
            )


def voting_members_present(meeting: Meeting) -> int:
    """How many could vote at the meeting (the module docstring says who)."""
    day = meeting.date
    voting_members = (
        Membership.objects.filter(committee_id=meeting.committee_id, role__in=VOTING_ROLES)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=day))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values("person_id")
    )
    register = Attendance.objects.filter(meeting_id=meeting.pk)
    if not register.exists():
        return voting_members.distinct().count()
    return register.filter(
        Q(status=Attendance.Status.SUBSTITUTE)
        | Q(status=Attendance.Status.PRESENT, person_id__in=voting_members)
    ).count()


def refuse_votes_beyond_present(
    meeting: Meeting, *, counted: int, named: int, field: str = "votes_for"
) -> None:
    """Votes counted (for, against, abstaining) or recorded by name cannot outnumber
    those who could vote."""
    if not (counted or named):
        return
    voters = voting_members_present(meeting)
    if counted > voters:
        raise Refused(
            field,
            f"{counted} votes were counted, but {_could_vote(voters)}.",
        )
    if named > voters:
        raise Refused(
            "recorded_votes",
            f"{named} votes were recorded by name, but {_could_vote(voters)}.",
        )


def _could_vote(voters: int) -> str:
    if voters == 1:
        return "only 1 voting member of the committee was present"
    return f"only {voters} voting members of the committee were present"
