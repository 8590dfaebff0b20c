"""Attendance and declarations of interest: what the clerk records beside the minutes."""

import datetime as dt

import pytest

from scrutiny.committees import services as record
from scrutiny.committees.models import Attendance, Declaration
from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from tests.committees.test_minutes import sign
from tests.factories import make_committee, make_councillor, make_item, make_meeting
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return make_meeting(make_committee(), dt.date(2024, 9, 16))


def test_the_register_records_each_person_once(meeting):
    ann, bob = make_councillor("Ann"), make_councillor("Bob")
    record.attendance_register_record(
        actor=None, meeting=meeting, register=[(ann, "present", ""), (bob, "apologies", "")]
    )
    record.attendance_register_record(
        actor=None, meeting=meeting, register=[(bob, "substitute", " for Cllr Ann ")]
    )
    rows = Attendance.objects.filter(meeting=meeting).order_by("person__name")
    assert [(a.person.name, a.status, a.role) for a in rows] == [
        ("Ann", "present", ""),
        ("Bob", "substitute", "for Cllr Ann"),
    ]
    changes = AuditEvent.objects.filter(action="attendance.record").order_by("id")
    assert changes.count() == 3
    assert changes.last().before["status"] == "apologies"


def test_recording_the_same_attendance_again_changes_nothing(meeting):
    ann = make_councillor("Ann")
    record.attendance_record(actor=None, meeting=meeting, person=ann, status="present")
    with assert_database_unchanged():
        record.attendance_record(actor=None, meeting=meeting, person=ann, status="present")


def test_an_unknown_attendance_is_refused_and_the_register_saves_nothing(meeting):
    ann, bob = make_councillor("Ann"), make_councillor("Bob")
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.attendance_register_record(
            actor=None, meeting=meeting, register=[(ann, "present", ""), (bob, "asleep", "")]
        )
    assert (refused.value.field, refused.value.reason) == ("status", 'Unknown attendance "asleep".')


def test_an_empty_register_is_refused(meeting):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.attendance_register_record(actor=None, meeting=meeting, register=[])
    assert refused.value.field == "attendance"


def test_attendance_at_a_meeting_with_signed_minutes_is_refused(meeting):
    meeting, ann = sign(meeting), make_councillor()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.attendance_register_record(
            actor=None, meeting=meeting, register=[(ann, "present", "")]
        )
    assert refused.value.field == "attendance"
    assert "signed and locked" in refused.value.reason


def test_a_declaration_is_recorded_on_its_item(meeting):
    item, ann = make_item(meeting, number="27"), make_councillor("Ann")
    declaration = record.declaration_record(
        actor=None, item=item, person=ann, kind="other-registrable", text=" Governor of a school. "
    )
    assert Declaration.objects.get() == declaration
    assert declaration.text == "Governor of a school."
    assert AuditEvent.objects.filter(action="declaration.record").count() == 1
    assert declaration.left_room is False  # unless the minutes say they left


def test_a_member_who_left_the_room_is_recorded_so_and_audited(meeting):
    item, ann = make_item(meeting, number="27"), make_councillor("Ann")
    declaration = record.declaration_record(
        actor=None, item=item, person=ann, kind="dpi", text="Owns land.", left_room=True
    )
    assert Declaration.objects.get(pk=declaration.pk).left_room is True
    event = AuditEvent.objects.get(action="declaration.record")
    assert event.after["left_room"] is True


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [("hunch", "Governor.", "kind"), ("dpi", "  ", "text")],
)
def test_a_declaration_without_a_known_kind_or_words_is_refused(meeting, kind, text, field):
    item, ann = make_item(meeting), make_councillor()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.declaration_record(actor=None, item=item, person=ann, kind=kind, text=text)
    assert refused.value.field == field


def test_a_declaration_at_a_meeting_with_signed_minutes_is_refused(meeting):
    item, ann = make_item(meeting), make_councillor()
    sign(meeting)
    item.refresh_from_db()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.declaration_record(
            actor=None, item=item, person=ann, kind="dpi", text="Owns the land."
        )
    assert refused.value.field == "declarations"
