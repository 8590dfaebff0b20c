"""The fast insert writes exactly what Django's own save would."""

import datetime as dt

import pytest
from django.utils import timezone

from scrutiny.committees.models import AgendaItem, Committee, Document, Meeting, Visibility
from scrutiny.core.models import AuditEvent
from scrutiny.imports.bulk import insert_records, insert_rows
from tests.factories import make_committee

pytestmark = pytest.mark.django_db

SAVED_AT = dt.datetime(2024, 9, 16, 18, 0, tzinfo=dt.UTC)


def new_meeting(committee: Committee) -> Meeting:
    return Meeting(committee=committee, starts_at=SAVED_AT, venue="Council Chamber")


def test_records_get_their_ids_and_children_their_parents_new_ids():
    committee = make_committee()
    meeting = new_meeting(committee)
    item = AgendaItem(
        meeting=meeting,
        number="5(a)",
        title="Exempt report",
        visibility=Visibility.EXEMPT,
        exempt_paragraphs=[3],
        text="Line one\nLine two",
    )
    document = Document(item=item, title="Report", published_at=SAVED_AT, size_bytes=2048)
    insert_records(Meeting, [meeting])
    insert_records(AgendaItem, [item])
    insert_records(Document, [document])
    assert meeting.pk and item.pk and document.pk
    assert not item._state.adding
    saved = AgendaItem.objects.get(pk=item.pk)
    assert (saved.meeting_id, saved.number, saved.visibility) == (meeting.pk, "5(a)", "exempt")
    assert saved.exempt_paragraphs == [3]
    assert saved.text == "Line one\nLine two"
    assert saved.version == 1 and saved.created_at is not None
    assert saved.created_at == item.created_at
    stored = Document.objects.get(pk=document.pk)
    assert (stored.item_id, stored.published_at, stored.size_bytes) == (item.pk, SAVED_AT, 2048)
    assert stored.file.name == ""


def test_a_child_keeps_its_parent_without_reading_it_again(django_assert_num_queries):
    meeting = new_meeting(make_committee())
    item = AgendaItem(meeting=meeting, number="1", title="Apologies")
    insert_records(Meeting, [meeting])
    with django_assert_num_queries(1):
        insert_records(AgendaItem, [item])
        assert item.meeting is meeting


def test_a_child_of_an_unwritten_parent_is_refused():
    item = AgendaItem(meeting=new_meeting(make_committee()), number="1", title="Apologies")
    with pytest.raises(ValueError, match="has not been written yet"):
        insert_records(AgendaItem, [item])
    assert not AgendaItem.objects.exists()


def test_many_records_go_in_batches_in_order():
    committee = make_committee()
    meetings = [
        Meeting(committee=committee, starts_at=SAVED_AT + dt.timedelta(days=n), venue=str(n))
        for n in range(5000)
    ]
    insert_records(Meeting, meetings)
    assert len({m.pk for m in meetings}) == 5000
    assert all(Meeting.objects.get(pk=m.pk).venue == m.venue for m in meetings[::499])


def test_rows_are_written_without_instances():
    now = timezone.now()
    insert_rows(
        AuditEvent,
        ("at", "actor", "action", "object_type", "object_id", "object_repr", "after"),
        [(now, None, "meeting.create", "committees.meeting", "7", "a meeting", {"ids": [1]})],
    )
    event = AuditEvent.objects.get()
    assert (event.at, event.action, event.object_id, event.after) == (
        now,
        "meeting.create",
        "7",
        {"ids": [1]},
    )
