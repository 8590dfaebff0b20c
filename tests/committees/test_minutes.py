import datetime as dt

import pytest

from scrutiny.committees import services as record
from scrutiny.committees.models import MinutesCorrection
from scrutiny.core.errors import Refused
from tests.factories import make_committee, make_councillor, make_item, make_meeting
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def item():
    return make_item(make_meeting(make_committee(), D(2024, 9, 16)), number="27")


def sign(meeting):
    for status in ("draft", "approved", "signed"):
        meeting = record.minutes_set_status(actor=None, meeting=meeting, status=status)
    return meeting


def test_minutes_are_recorded_as_a_draft(item):
    item = record.minutes_record(actor=None, item=item, text="The Committee discussed it.")
    item.meeting.refresh_from_db()
    assert item.minutes == "The Committee discussed it."
    assert item.meeting.minutes_status == "draft"


def test_signed_minutes_cannot_be_edited(item):
    sign(item.meeting)
    item.refresh_from_db()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_record(actor=None, item=item, text="Rewritten.")
    assert refused.value.field == "minutes"
    assert "signed and locked" in refused.value.reason


def test_signed_minutes_take_no_new_resolution_or_motion(item):
    member = make_councillor()
    sign(item.meeting)
    item.refresh_from_db()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.resolution_record(actor=None, item=item, parts=["Noted."])
    assert refused.value.field == "resolution"
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.motion_record(actor=None, item=item, mover=member, seconder=None)
    assert refused.value.field == "motion"


def test_signed_minutes_cannot_be_unsigned(item):
    meeting = sign(item.meeting)
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_set_status(actor=None, meeting=meeting, status="draft")
    assert refused.value.field == "minutes_status"


def test_approved_minutes_cannot_go_back_to_draft(item):
    meeting = record.minutes_set_status(actor=None, meeting=item.meeting, status="approved")
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_set_status(actor=None, meeting=meeting, status="draft")
    assert "cannot go back" in refused.value.reason


def test_correction_to_signed_minutes_is_recorded_at_a_later_meeting(item):
    meeting = sign(item.meeting)
    later = make_meeting(meeting.committee, D(2024, 11, 18))
    correction = record.minutes_correction_record(
        actor=None, meeting=meeting, agreed_at=later, text="Item 27: for 'sim' read 'SIM'."
    )
    assert MinutesCorrection.objects.get() == correction


def test_correction_agreed_at_an_earlier_meeting_is_refused(item):
    meeting = sign(item.meeting)
    earlier = make_meeting(meeting.committee, D(2024, 6, 17))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_correction_record(
            actor=None, meeting=meeting, agreed_at=earlier, text="Fix."
        )
    assert refused.value.field == "agreed_at"
    assert refused.value.reason == "A correction is agreed at a later meeting."


def test_correction_agreed_by_another_committee_is_refused(item):
    meeting = sign(item.meeting)
    elsewhere = make_meeting(make_committee("Place Scrutiny Committee"), D(2024, 11, 18))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_correction_record(
            actor=None, meeting=meeting, agreed_at=elsewhere, text="Fix."
        )
    assert refused.value.field == "agreed_at"
    assert "same committee" in refused.value.reason


def test_correction_to_minutes_not_yet_signed_is_refused(item):
    later = make_meeting(item.meeting.committee, D(2024, 11, 18))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_correction_record(
            actor=None, meeting=item.meeting, agreed_at=later, text="Fix."
        )
    assert refused.value.field == "meeting"
    assert "not signed yet" in refused.value.reason


def test_correction_naming_an_item_of_another_meeting_is_refused(item):
    meeting = sign(item.meeting)
    later = make_meeting(meeting.committee, D(2024, 11, 18))
    other_item = make_item(later, number="3")
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_correction_record(
            actor=None, meeting=meeting, agreed_at=later, item=other_item, text="Fix."
        )
    assert refused.value.field == "item"


def test_correction_without_words_is_refused(item):
    meeting = sign(item.meeting)
    later = make_meeting(meeting.committee, D(2024, 11, 18))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.minutes_correction_record(actor=None, meeting=meeting, agreed_at=later, text=" ")
    assert refused.value.field == "text"


def test_resolution_parts_are_numbered_in_order(item):
    resolution = record.resolution_record(actor=None, item=item, parts=["Note.", "Publish."])
    assert [(p.number, p.text) for p in resolution.parts.all()] == [(1, "Note."), (2, "Publish.")]


def test_resolution_with_an_empty_part_is_refused(item):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.resolution_record(actor=None, item=item, parts=["Note.", " "])
    assert refused.value.field == "parts"


def test_mover_cannot_second_their_own_motion(item):
    member = make_councillor()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.motion_record(actor=None, item=item, mover=member, seconder=member)
    assert refused.value.field == "seconder"


@pytest.mark.parametrize(
    ("paragraphs", "reason", "field"),
    [
        ([], "Commercially sensitive.", "exempt_paragraphs"),
        ([8], "Commercially sensitive.", "exempt_paragraphs"),
        ([3], "", "public_interest_reason"),
    ],
)
def test_exempt_item_needs_schedule_12a_paragraphs_and_a_reason(paragraphs, reason, field):
    meeting = make_meeting(make_committee(), D(2024, 9, 16))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.agenda_item_create(
            actor=None,
            meeting=meeting,
            number="30",
            title="Contract award",
            visibility="exempt",
            exempt_paragraphs=paragraphs,
            public_interest_reason=reason,
        )
    assert refused.value.field == field
