"""Actions: recording, closing, reopening one brought in with an archive, and the committee
each one stores."""

import datetime as dt

import pytest

from scrutiny.committees import services as record
from scrutiny.committees.models import Action, AgendaItem, Committee, Meeting
from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from tests.factories import make_committee, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return make_item(make_meeting(make_committee(), dt.date(2024, 9, 16)), number="27")


def historic(item) -> Action:
    """As an import writes it: the undertaking, with its state not recorded."""
    return Action.objects.create(
        item=item, text="Circulate the figures", status=Action.Status.HISTORIC
    )


def test_reopening_a_historic_action_makes_it_open_business_with_a_new_date(item):
    action = historic(item)
    reopened = record.action_reopen(
        actor=None, action=action, due_on=dt.date(2025, 1, 20), expected_version=action.version
    )
    reopened.refresh_from_db()
    assert (reopened.status, reopened.due_on) == (Action.Status.OPEN, dt.date(2025, 1, 20))
    assert reopened.version == action.version + 1
    event = AuditEvent.objects.get(action="action.reopen")
    assert (event.before["status"], event.after["status"]) == ("historic", "open")


@pytest.mark.parametrize("status", [Action.Status.OPEN, Action.Status.DONE])
def test_only_a_historic_action_is_reopened(item, status):
    action = Action.objects.create(item=item, text="Circulate the figures", status=status)
    with pytest.raises(Refused) as refused:
        record.action_reopen(actor=None, action=action)
    assert refused.value.field == "status"
    action.refresh_from_db()
    assert action.status == status


def test_a_reopen_from_a_stale_copy_is_refused(item):
    action = historic(item)
    Action.objects.filter(pk=action.pk).update(version=5)
    with pytest.raises(Refused):
        record.action_reopen(actor=None, action=action, expected_version=1)
    action.refresh_from_db()
    assert action.status == Action.Status.HISTORIC


def test_an_action_closes_as_done_or_no_longer_needed_never_as_historic(item):
    action = record.action_record(actor=None, item=item, text="Check", owner=None, due_on=None)
    with pytest.raises(Refused):
        record.action_close(
            actor=None, action=action, status="historic", response="?", closed_on=dt.date.today()
        )


def test_an_action_stores_its_items_meeting_and_committee(item):
    recorded = record.action_record(actor=None, item=item, text="Check", owner=None, due_on=None)
    # The admin's inline form builds the action itself; saving it still finds the committee.
    built = Action.objects.create(item=AgendaItem.objects.get(pk=item.pk), text="Built")
    committee = item.meeting.committee
    assert Action.objects.filter(committee=committee).count() == 2
    assert {recorded.committee_id, built.committee_id} == {committee.pk}
    assert {recorded.meeting_id, built.meeting_id} == {item.meeting_id}


def test_a_new_action_on_unsaved_records_takes_the_committee_once_it_is_written():
    committee = Committee(name="Audit Committee", slug="audit-committee")
    meeting = Meeting(committee=committee, starts_at=dt.datetime(2024, 9, 16, 18, tzinfo=dt.UTC))
    action = Action.on_item(AgendaItem(meeting=meeting, number="1", title="Audit"), text="Check")
    committee.save()
    assert action.committee == committee  # attached now, its id read when it is inserted
    meeting.save()
    action.item.save()
    action.save()
    stored = Action.objects.get(pk=action.pk)
    assert (stored.meeting_id, stored.committee_id) == (meeting.pk, committee.pk)
