"""The fast insert writes exactly what Django's own save would."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Committee,
    Document,
    Meeting,
    Motion,
    ResolutionPart,
    Visibility,
)
from scrutiny.core.models import AuditEvent
from scrutiny.imports import bulk
from scrutiny.imports.bulk import insert_records, insert_rows
from tests.factories import make_committee, make_councillor, make_resolution

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


def test_a_child_keeps_its_parent_without_reading_it_again():
    meeting = new_meeting(make_committee())
    item = AgendaItem(meeting=meeting, number="1", title="Apologies")
    insert_records(Meeting, [meeting])
    with CaptureQueriesContext(connection) as queries:
        insert_records(AgendaItem, [item])
        assert item.meeting is meeting
    # PostgreSQL takes the new ids from the sequence, then copies the rows in.
    assert len(queries) == (2 if connection.vendor == "postgresql" else 1)
    assert not [q for q in queries if "committees_meeting" in q["sql"]]


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


AWKWARD = 'Tab\there, back\\slash \\N, "quotes", new\nline\r\n, \\\\., \u2019 and \u00e9 \U0001f600'


def test_awkward_text_and_json_arrive_exactly_as_given():
    committee = make_committee()
    meeting = new_meeting(committee)
    meeting.venue = AWKWARD[:200]
    item = AgendaItem(meeting=meeting, number="1", title=AWKWARD, minutes=AWKWARD * 3)
    item.exempt_paragraphs = [1, 7]
    insert_records(Meeting, [meeting])
    insert_records(AgendaItem, [item])
    stored = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    assert (stored.title, stored.minutes, stored.meeting.venue) == (
        AWKWARD,
        AWKWARD * 3,
        AWKWARD[:200],
    )
    assert stored.exempt_paragraphs == [1, 7]
    after = {"text": AWKWARD, "none": None, "list": [AWKWARD, 1.5, True], "nested": {"k": "\\N"}}
    insert_rows(
        AuditEvent,
        ("at", "actor", "action", "object_type", "object_id", "object_repr", "before", "after"),
        [(SAVED_AT, None, "x.create", "a.b", "1", AWKWARD[:300], None, after)],
    )
    event = AuditEvent.objects.get(action="x.create")
    assert (event.object_repr, event.before, event.after) == (AWKWARD[:300], None, after)


def test_new_ids_follow_on_from_records_saved_one_by_one():
    committee = make_committee()
    first = Meeting.objects.create(committee=committee, starts_at=SAVED_AT)
    batch = [new_meeting(committee) for _ in range(3)]
    insert_records(Meeting, batch)
    after = Meeting.objects.create(committee=committee, starts_at=SAVED_AT)
    ids = [first.pk, *(m.pk for m in batch), after.pk]
    assert ids == sorted(set(ids))
    assert Meeting.objects.filter(pk__in=ids).count() == 5


def _stored_json(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT before, after FROM core_auditevent WHERE id = %s", [pk])
        return cursor.fetchone()


def test_json_is_stored_as_the_field_itself_stores_it():
    after = {"title": AWKWARD, "ids": [3, 1], "ok": True, "none": None, "ratio": 0.5}
    saved = AuditEvent.objects.create(
        action="x.saved", object_type="a.b", object_id="1", object_repr="r", after=after
    )
    insert_rows(
        AuditEvent,
        ("at", "actor", "action", "object_type", "object_id", "object_repr", "before", "after"),
        [(SAVED_AT, None, "x.bulk", "a.b", "1", "r", None, after)],
    )
    bulk = AuditEvent.objects.get(action="x.bulk")
    assert _stored_json(bulk.pk) == _stored_json(saved.pk)
    assert (bulk.before, bulk.after) == (None, after)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's rows are copied in")
def test_a_row_the_database_refuses_raises_djangos_error_whether_or_not_queries_are_logged():
    from django.db import IntegrityError, transaction

    row = [(SAVED_AT, None, None, "a.b", "1", "r", None)]  # an action is required
    names = ("at", "actor", "action", "object_type", "object_id", "object_repr", "after")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(AuditEvent, names, row)
    with (
        CaptureQueriesContext(connection) as logged,
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):
        insert_rows(AuditEvent, names, row)
    assert any("INSERT INTO" in query["sql"] for query in logged.captured_queries)


def test_logged_inserts_are_logged_and_written_alike():
    committee = make_committee()
    with CaptureQueriesContext(connection) as logged:
        insert_records(Meeting, [new_meeting(committee)])
    insert_records(Meeting, [new_meeting(committee)])
    assert Meeting.objects.filter(committee=committee).count() == 2
    assert any(Meeting._meta.db_table in query["sql"] for query in logged.captured_queries)


JSON_VALUES = [
    {"id": 1, "title": "Caf\u00e9 \u2019quotes\u2019 \\ \t \n", "at": None, "ok": True},
    [3, 4.5, -0.0, 1e300, float("inf"), float("nan"), "", [], {}],
    "plain text",
    {"nested": {"b": [1, {"c": "d"}]}, "a": 2, 10: "number key"},
    True,
    7,
]


@pytest.mark.parametrize("value", JSON_VALUES, ids=range(len(JSON_VALUES)))
def test_json_is_encoded_as_json_dumps_encodes_it(value):
    assert bulk._json(value) == json.dumps(value)


def test_json_it_cannot_encode_is_refused_as_json_dumps_refuses_it():
    cycle: list = []
    cycle.append(cycle)
    for value in (cycle, {"when": dt.date(2024, 9, 16)}):
        with pytest.raises((ValueError, TypeError)) as expected:
            json.dumps(value)
        with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
            bulk._json(value)


def test_values_of_every_kind_are_stored_as_save_stores_them():
    meeting = new_meeting(make_committee())
    meeting.save()
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Report")

    def documents():
        return [
            Document(item=item, title="Enum", kind=Document.Kind.APPENDIX, published_at=SAVED_AT),
            Document(item=item, title="Decimal size", size_bytes=Decimal("2048")),
            Document(item=item, title="Filed", file="documents/report.pdf"),
            Document(item=item, title="No file", file=None, pages=3),
        ]

    for document in documents():
        document.save()
    insert_records(Document, documents())
    stored = list(Document.objects.order_by("id").values())
    for saved, inserted in zip(stored[:4], stored[4:], strict=True):
        for name in ("id", "created_at", "updated_at"):
            saved.pop(name), inserted.pop(name)
        assert inserted == saved


def _awkward_records(committee):
    """Records with every kind of value the importer copies in: text of every awkward
    character, times in other zones, dates, JSON, NULLs, numbers and truth values."""
    london = dt.timezone(dt.timedelta(hours=1))
    meeting = Meeting(
        committee=committee,
        starts_at=dt.datetime(2024, 9, 16, 18, 30, 15, 123456, tzinfo=london),
        venue=AWKWARD[:200],
        agenda_published_at=None,
        source_id="\\N",
    )
    insert_records(Meeting, [meeting])
    item = AgendaItem(meeting=meeting, number="1", title=AWKWARD, exempt_paragraphs=[1, 7])
    insert_records(AgendaItem, [item])
    action = Action.on_item(item, text=AWKWARD, due_on=dt.date(1999, 12, 31))
    insert_records(Action, [action])
    motion = Motion(item=item, mover=make_councillor(), text="", unanimous=True, votes_for=0)
    insert_records(Motion, [motion])
    insert_rows(
        AuditEvent,
        ("at", "actor", "action", "object_type", "object_id", "object_repr", "before", "after"),
        [(SAVED_AT, None, "x.create", "a.b", "1", AWKWARD[:300], None, {"t": AWKWARD})],
    )
    return [meeting, item, action, motion]


IGNORED = {"id", "created_at", "updated_at", "meeting_id", "item_id", "mover_id"}


def _stored(records) -> list[dict]:
    """What the database holds of each record, less its ids and moments of writing."""
    stored = [type(record).objects.filter(pk=record.pk).values().get() for record in records]
    return [{k: v for k, v in row.items() if k not in IGNORED} for row in stored]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's rows are copied in")
def test_binary_copy_stores_what_text_copy_stores(monkeypatch):
    written = []
    binary_rows = bulk._binary_rows

    def spied(*args):
        written.append(binary_rows(*args))
        return written[-1]

    monkeypatch.setattr(bulk, "_binary_rows", spied)
    committee = make_committee()
    binary = _stored(_awkward_records(committee))
    assert written and None not in written  # every table went in binary
    monkeypatch.setattr(bulk, "_binary_rows", lambda *args: None)
    assert _stored(_awkward_records(committee)) == binary
    events = AuditEvent.objects.filter(action="x.create")
    first, second = events.values_list("at", "object_repr", "before", "after")
    assert first == second


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's rows are copied in")
def test_values_that_do_not_fit_a_binary_column_go_as_text():
    resolution = make_resolution(make_committee(), dt.date(2024, 9, 16))
    columns = ("resolution", "number", "text")
    insert_rows(ResolutionPart, columns, [(resolution.pk, "7", "as text"), (resolution.pk, 8, "")])
    assert list(resolution.parts.filter(number__gte=7).values_list("number", "text")) == [
        (7, "as text"),
        (8, ""),
    ]
    with pytest.raises(Exception, match="out of range"):  # refused by the server, as text
        insert_rows(ResolutionPart, columns, [(resolution.pk, 2**40, "too big")])
