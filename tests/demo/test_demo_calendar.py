"""The demo tells the truth about time: whatever day it is loaded as of, its past meetings
were held with their minutes approved or signed, and its calendar goes on after that day."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutiny.committees.lifecycle import MeetingState, public_meeting_state
from scrutiny.committees.models import Action, Meeting
from scrutiny.demo import facts as f

pytestmark = pytest.mark.django_db

LATER = dt.date(2026, 11, 30)


def states_on(day: dt.date) -> list[tuple[dt.date, MeetingState]]:
    return [(m.date, public_meeting_state(m, day)) for m in Meeting.objects.order_by("starts_at")]


def test_loaded_later_every_past_meeting_was_held_with_public_minutes():
    call_command("load_demo", as_of=LATER, verbosity=0)
    states = states_on(LATER)
    past = [state for day, state in states if day < LATER]
    assert set(past) <= {MeetingState.MINUTES_APPROVED, MeetingState.MINUTES_SIGNED}
    # Each signed at the next meeting; the latest approved, awaiting the next.
    assert past[-1] == MeetingState.MINUTES_APPROVED
    assert all(state == MeetingState.MINUTES_SIGNED for state in past[:-1])
    ahead = [day for day, state in states if day >= LATER]
    assert ahead and max(ahead) >= LATER + f.CALENDAR_AHEAD
    assert all(state == MeetingState.SCHEDULED for day, state in states if day >= LATER)
    action = Action.objects.get(text=f.ACTION_27)
    assert (action.status, action.closed_on) == (Action.Status.DONE, dt.date(2025, 3, 17))


def test_loaded_as_the_story_ends_the_later_meetings_are_still_to_come():
    call_command("load_demo", as_of=f.STORY_ENDS, verbosity=0)
    states = states_on(f.STORY_ENDS)
    assert [day for day, state in states if state == MeetingState.SCHEDULED] == [
        starts_at.date() for starts_at in f.FUTURE_MEETINGS
    ]


def test_the_demo_cannot_be_loaded_as_of_a_day_before_its_story_ends():
    with pytest.raises(CommandError):
        call_command("load_demo", as_of=dt.date(2024, 10, 1), verbosity=0)


def test_the_archive_decides_nothing_before_a_meeting_and_counts_no_absent_voters():
    from django.utils import timezone

    from scrutiny.committees.lifecycle import has_taken_place, voting_members_present
    from scrutiny.committees.models import Motion, Resolution
    from scrutiny.demo.archive import generate_archive

    generate_archive(scale=0.02, seed=11)
    today = timezone.localdate()
    decided = Meeting.objects.filter(items__motions__isnull=False) | Meeting.objects.filter(
        items__resolutions__isnull=False
    )
    assert decided.exists()
    for meeting in decided.distinct():
        assert has_taken_place(meeting, today), meeting
    for meeting in Meeting.objects.filter(minutes_status__in=["approved", "signed"]):
        assert has_taken_place(meeting, today), meeting
    voted = Motion.objects.exclude(votes_for=None).select_related("item__meeting")
    assert voted.exists()
    for motion in voted:
        counted = (motion.votes_for or 0) + (motion.votes_against or 0) + (motion.abstentions or 0)
        named = motion.recorded_votes.count()
        voters = voting_members_present(motion.item.meeting)
        assert max(counted, named) <= voters, (motion.item.meeting, counted, named, voters)
    assert Resolution.objects.exists()
