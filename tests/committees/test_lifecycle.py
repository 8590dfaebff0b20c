"""A meeting's true lifecycle: its state is derived from its date and today, and nothing
is recorded as decided before it has taken place (issue 9, item 4)."""

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.lifecycle import (
    MeetingState,
    meeting_state,
    public_meeting_state,
    voting_members_present,
)
from scrutiny.committees.models import Meeting, Membership, Motion, Resolution
from scrutiny.core.errors import Refused
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.writers import RecordImporter
from tests.factories import make_committee, make_councillor, make_item, make_meeting
from tests.helpers import assert_database_unchanged
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


def today() -> dt.date:
    return timezone.localdate()


def in_days(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def unsaved(day: dt.date, **fields) -> Meeting:
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(18)))
    return Meeting(starts_at=starts_at, **fields)


# The state, derived from the date and today.


@pytest.mark.parametrize(
    ("day", "fields", "staff", "public"),
    [
        (dt.date(2026, 12, 7), {}, MeetingState.SCHEDULED, MeetingState.SCHEDULED),
        (dt.date(2026, 12, 7), {"status": "confirmed"}, "confirmed", "confirmed"),
        (TODAY, {}, MeetingState.SCHEDULED, MeetingState.SCHEDULED),
        (TODAY, {"status": "held"}, MeetingState.HELD, MeetingState.HELD),
        (TODAY, {"minutes_status": "draft"}, "minutes-draft", MeetingState.HELD),
        (dt.date(2026, 11, 29), {}, MeetingState.HELD, MeetingState.HELD),
        (dt.date(2026, 9, 28), {"status": "confirmed"}, MeetingState.HELD, MeetingState.HELD),
        (dt.date(2026, 9, 28), {"minutes_status": "draft"}, "minutes-draft", MeetingState.HELD),
        (dt.date(2026, 9, 28), {"minutes_status": "approved"}, "minutes-approved", None),
        (dt.date(2026, 9, 28), {"minutes_status": "signed"}, "minutes-signed", None),
        (dt.date(2026, 9, 28), {"status": "cancelled"}, "cancelled", None),
        (dt.date(2026, 12, 7), {"status": "postponed"}, "postponed", None),
        # A meeting stored as held before its day has not been held.
        (dt.date(2026, 12, 7), {"status": "held"}, MeetingState.SCHEDULED, None),
    ],
)
def test_a_meetings_state_comes_from_its_date_and_today(day, fields, staff, public):
    meeting = unsaved(day, **fields)
    assert meeting_state(meeting, TODAY) == staff
    assert public_meeting_state(meeting, TODAY) == (public or staff)


def test_held_reads_minutes_to_follow():
    assert MeetingState.HELD.label == "Held, minutes to follow"


# Nothing is decided before the meeting.


@pytest.fixture
def future_meeting():
    meeting = make_meeting(make_committee(), in_days(60))
    item = make_item(meeting, "5")
    record.minutes_record(actor=None, item=item, text="Draft minutes written in advance.")
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize("status", ["approved", "signed"])
def test_minutes_of_a_meeting_still_to_come_cannot_be_approved_or_signed(future_meeting, status):
    with assert_database_unchanged(), pytest.raises(Refused) as refusal:
        record.minutes_set_status(actor=None, meeting=future_meeting, status=status)
    assert refusal.value.field == "minutes_status"
    assert refusal.value.reason == (
        f"Minutes cannot be {status} before the meeting has taken place: it is on "
        f"{future_meeting.date:%-d %B %Y}."
    )


def test_minutes_dated_before_the_meeting_cannot_be_approved():
    meeting = make_meeting(make_committee(), dt.date(2025, 3, 17))
    record.minutes_record(actor=None, item=make_item(meeting), text="Noted.")
    with pytest.raises(Refused):
        record.minutes_set_status(
            actor=None,
            meeting=meeting,
            status="approved",
            at=timezone.make_aware(dt.datetime(2025, 3, 10, 12)),
        )


def test_minutes_of_a_cancelled_meeting_cannot_be_approved():
    meeting = make_meeting(make_committee(), dt.date(2025, 3, 17), status="cancelled")
    record.minutes_record(actor=None, item=make_item(meeting), text="Noted.")
    with pytest.raises(Refused) as refusal:
        record.minutes_set_status(actor=None, meeting=meeting, status="approved")
    assert "was cancelled" in refusal.value.reason


def test_draft_minutes_may_be_written_ahead_of_the_meeting(future_meeting):
    assert future_meeting.minutes_status == Meeting.MinutesStatus.DRAFT


def test_a_motion_cannot_be_recorded_before_the_meeting(future_meeting):
    item, mover = future_meeting.items.get(), make_councillor()
    with assert_database_unchanged(), pytest.raises(Refused) as refusal:
        record.motion_record(actor=None, item=item, mover=mover, seconder=None, votes_for=3)
    assert refusal.value.reason.startswith("A motion cannot be decided before the meeting")


def test_a_resolution_cannot_be_recorded_before_the_meeting(future_meeting):
    item = future_meeting.items.get()
    with assert_database_unchanged(), pytest.raises(Refused) as refusal:
        record.resolution_record(actor=None, item=item, parts=["Members note the report."])
    assert refusal.value.field == "parts"
    assert not Resolution.objects.exists()


def test_decisions_are_recorded_on_the_day_of_the_meeting():
    item = make_item(make_meeting(make_committee(), today()))
    record.motion_record(actor=None, item=item, mover=make_councillor(), seconder=None)
    record.resolution_record(actor=None, item=item, parts=["Members note the report."])
    assert (Motion.objects.count(), Resolution.objects.count()) == (1, 1)


def test_a_meeting_is_not_held_before_its_day():
    committee = make_committee()
    with assert_database_unchanged(), pytest.raises(Refused) as refusal:
        make_meeting(committee, in_days(7), status="held")
    assert refusal.value.field == "status"


def test_a_meeting_with_approved_minutes_cannot_move_into_the_future():
    meeting = make_meeting(make_committee(), dt.date(2025, 3, 17))
    record.minutes_record(actor=None, item=make_item(meeting), text="Noted.")
    record.minutes_set_status(actor=None, meeting=meeting, status="approved")
    later = timezone.make_aware(dt.datetime.combine(in_days(30), dt.time(18)))
    with assert_database_unchanged(), pytest.raises(Refused) as refusal:
        record.meeting_update(actor=None, meeting=meeting, expected_version=None, starts_at=later)
    assert refusal.value.field == "date"
    with assert_database_unchanged(), pytest.raises(Refused):
        record.meeting_update(
            actor=None, meeting=meeting, expected_version=None, status="cancelled"
        )


# Votes cannot exceed the voting members present.


def committee_of(size: int, *, substitutes: int = 0):
    committee = make_committee()
    roles = ["chair", "vice-chair"] + ["member"] * (size - 2) + ["substitute"] * substitutes
    people = [make_councillor() for _ in roles]
    for person, role in zip(people, roles, strict=True):
        Membership.objects.create(committee=committee, person=person, role=role)
    return committee, people


def test_nine_votes_on_a_seven_member_committee_are_refused():
    committee, people = committee_of(7)
    item = make_item(make_meeting(committee, dt.date(2025, 3, 17)))
    with assert_database_unchanged(), pytest.raises(Refused) as refusal:
        record.motion_record(
            actor=None, item=item, mover=people[0], seconder=people[1], votes_for=9
        )
    assert refusal.value.field == "votes_for"
    assert refusal.value.reason == (
        "9 votes were counted, but only 7 voting members of the committee were present."
    )


def test_votes_are_counted_against_the_members_marked_present():
    committee, people = committee_of(7, substitutes=2)
    meeting = make_meeting(committee, dt.date(2025, 3, 17))
    item = make_item(meeting)
    register = [(p, "present", "") for p in people[:4]]  # chair, vice-chair, two members
    register += [(people[4], "apologies", "")]
    register += [(people[7], "substitute", ""), (people[8], "present", "")]
    record.attendance_register_record(actor=None, meeting=meeting, register=register)
    # Four members, and one substitute sitting for a member; the other substitute only
    # attended.
    assert voting_members_present(meeting) == 5
    with pytest.raises(Refused):
        record.motion_record(
            actor=None,
            item=item,
            mover=people[0],
            seconder=people[1],
            votes_for=3,
            votes_against=2,
            abstentions=1,
        )
    named = {person: "for" for person in people[:4] + people[7:]}
    with pytest.raises(Refused) as refusal:
        record.motion_record(
            actor=None, item=item, mover=people[0], seconder=people[1], recorded_votes=named
        )
    assert refusal.value.field == "recorded_votes"
    motion = record.motion_record(
        actor=None, item=item, mover=people[0], seconder=people[1], votes_for=3, votes_against=2
    )
    assert motion.votes_for == 3


def test_members_who_had_left_the_committee_do_not_vote():
    committee, people = committee_of(3)
    Membership.objects.filter(person=people[2]).update(ended_on=dt.date(2024, 5, 1))
    meeting = make_meeting(committee, dt.date(2025, 3, 17))
    assert voting_members_present(meeting) == 2


# Imports go through the same rules.

SEED = (FIXTURES / "issue_customer_services.txt").read_bytes()


def test_an_import_of_decisions_at_a_meeting_still_to_come_is_refused():
    issue = parse_minutes_page(content=SEED)
    [meeting] = issue.meetings
    ahead = dataclasses.replace(meeting, date=in_days(60))
    with assert_database_unchanged(), pytest.raises(ImportRefused) as refusal:
        RecordImporter().import_issue(dataclasses.replace(issue, meetings=(ahead,)))
    assert "before the meeting has taken place" in refusal.value.reason


def test_historic_meetings_still_import():
    RecordImporter().import_issue(parse_minutes_page(content=SEED))
    meeting = Meeting.objects.get()
    assert meeting_state(meeting) == MeetingState.MINUTES_APPROVED
