"""``bulk.new_record`` makes the same unsaved instance as ``Model(**values)``."""

import datetime as dt

import pytest
from django.db.models.signals import post_init

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Document,
    Issue,
    Meeting,
    Motion,
    Resolution,
    Visibility,
)
from scrutiny.imports.bulk import new_record
from scrutiny.people.models import Person
from tests.factories import make_committee

AT = dt.datetime(2024, 9, 16, 18, 0, tzinfo=dt.UTC)


def state(record) -> tuple:
    """Everything an instance holds: its attributes, and its state's alias, adding flag
    and cached parents (compared by identity)."""
    data = {k: v for k, v in vars(record).items() if k != "_state"}
    cache = {k: id(v) for k, v in record._state.fields_cache.items()}
    return data, record._state.db, record._state.adding, cache


def both(model, **values):
    """The instance each way, with the parents' aliases each left them with."""
    parents = [v for v in values.values() if hasattr(v, "_state")]
    before = [p._state.db for p in parents]
    made = model(**values)
    after_django = [p._state.db for p in parents]
    for parent, db in zip(parents, before, strict=True):
        parent._state.db = db
    fast = new_record(model, **values)
    assert [p._state.db for p in parents] == after_django
    return made, fast


def unsaved_tree():
    committee = Committee(name="Scrutiny", slug="scrutiny")
    meeting = Meeting(committee=committee, starts_at=AT, venue="Chamber")
    item = AgendaItem(meeting=meeting, number="5", title="Report")
    return committee, meeting, item


def cases(committee, meeting, item, person):
    return [
        (Committee, {"name": "Audit", "slug": "audit", "kind": "scrutiny"}),
        (Issue, {"title": "Libraries", "slug": "libraries"}),
        (Person, {"name": "Ann K"}),
        (Meeting, {"committee": committee, "starts_at": AT, "venue": "x", "source_id": "1"}),
        (
            AgendaItem,
            {
                "meeting": meeting,
                "number": "5(a)",
                "position": 3,
                "title": "Exempt",
                "issue": None,
                "text": "t",
                "minutes": "m",
                "visibility": Visibility.EXEMPT,
                "exempt_paragraphs": [3],
                "public_interest_reason": "why",
                "source_id": "9",
            },
        ),
        (AgendaItem, {"meeting": meeting, "number": "6", "title": "Defaults"}),
        (
            Document,
            {"item": item, "title": "Report", "kind": "report", "file_format": "PDF"}
            | {"size_bytes": 0, "visibility": "public", "published_at": AT, "source_url": "u"},
        ),
        (
            Motion,
            {"item": item, "mover": person, "seconder": None, "text": "", "outcome": "carried"}
            | {"unanimous": True, "votes_for": None, "votes_against": 2, "abstentions": None},
        ),
        (Resolution, {"item": item, "kind": "resolved", "preamble": "p", "motion": None}),
        (Attendance, {"meeting": meeting, "person": person, "status": "present", "role": "r"}),
        (Action, {"item": item, "meeting": meeting, "committee_id": 7, "text": "Do it"}),
        (Action, {"item": item, "meeting": meeting, "committee": committee, "text": "Do it"}),
    ]


def test_unsaved_parents_give_the_same_instances():
    committee, meeting, item = unsaved_tree()
    person = Person(name="Ann K")
    for model, values in cases(committee, meeting, item, person):
        made, fast = both(model, **values)
        assert type(fast) is model
        assert state(fast) == state(made), model


@pytest.mark.django_db
def test_saved_parents_give_the_same_instances():
    committee = make_committee()
    meeting = Meeting.objects.create(committee=committee, starts_at=AT)
    item = AgendaItem.objects.create(meeting=meeting, number="1", title="Saved")
    person = Person.objects.create(name="Bob L")
    for model, values in cases(committee, meeting, item, person):
        made, fast = both(model, **values)
        assert state(fast) == state(made), model
        assert fast.pk is None and fast._state.adding


def test_each_record_gets_its_own_default():
    first = new_record(AgendaItem, number="1", title="a")
    second = new_record(AgendaItem, number="2", title="b")
    assert first.exempt_paragraphs == second.exempt_paragraphs
    assert first.exempt_paragraphs is not second.exempt_paragraphs


def test_a_wrong_parent_is_refused_as_django_refuses_it():
    _, meeting, item = unsaved_tree()
    with pytest.raises(ValueError, match='must be a "Meeting" instance'):
        new_record(AgendaItem, meeting=item, number="1", title="x")
    with pytest.raises(TypeError, match="unexpected keyword"):
        new_record(AgendaItem, meeting=meeting, nonsense=1)


def test_listeners_to_a_new_instance_hear_of_it():
    heard = []

    def listen(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(listen, sender=Issue)
    try:
        issue = new_record(Issue, title="Parks", slug="parks")
    finally:
        post_init.disconnect(listen, sender=Issue)
    assert heard == [issue]
