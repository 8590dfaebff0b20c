"""The record importer writes an issue page into the committee record, once."""

import dataclasses
import datetime as dt
import gc

import pytest

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Committee,
    Document,
    Issue,
    Meeting,
    Motion,
    Resolution,
    Visibility,
)
from scrutiny.committees.services import action_reopen, minutes_set_status
from scrutiny.core.models import AuditEvent
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.writers import RecordImporter
from scrutiny.people.models import Person
from tests.factories import make_committee, make_councillor, make_item, make_meeting, make_officer
from tests.helpers import assert_database_unchanged
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SEED = (FIXTURES / "issue_customer_services.txt").read_bytes()
THREE = (FIXTURES / "issue_three_meetings.txt").read_bytes()


def import_page(content: bytes = SEED, **kwargs):
    return RecordImporter().import_issue(parse_minutes_page(content=content), **kwargs)


def test_the_seed_page_builds_the_meeting_item_and_its_papers():
    import_page()
    committee = Committee.objects.get()
    assert committee.name == "Customer Services Scrutiny Committee"
    assert committee.kind == Committee.Kind.SCRUTINY
    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == "2024-09-16"
    assert meeting.status == Meeting.Status.HELD
    item = AgendaItem.objects.get()
    assert (item.meeting, item.number, item.visibility) == (meeting, "27", Visibility.PUBLIC)
    assert item.issue == Issue.objects.get()
    assert item.issue.title.startswith("Review of Members ICT & Support")
    assert "13 recommendations" in item.minutes and "<p>" not in item.minutes
    document = Document.objects.get()
    assert (document.file_format, document.size_bytes) == ("PDF", 556 * 1024)
    assert document.kind == Document.Kind.REPORT


def test_the_seed_page_records_the_motion_resolution_and_action():
    import_page()
    motion = Motion.objects.get()
    assert motion.mover.display_name == "Councillor Vicky Wapplington"
    assert motion.seconder.display_name == "Councillor Phil Smith"
    resolution = Resolution.objects.get()
    assert resolution.motion == motion
    parts = [part.text for part in resolution.parts.all()]
    assert len(parts) == 4
    assert parts[0] == "Members note the progress against the review recommendations"
    assert parts[3].startswith("Officers continue to implement the recommendations")
    action = Action.objects.get()
    assert action.owner is None
    assert "laptops with mobile network access" in action.text
    assert action.text.endswith("(Director of ICT)")


def test_imported_actions_are_historic_and_an_officer_can_reopen_one():
    """The source records what was undertaken, never whether it was done."""
    import_page()
    action = Action.objects.get()
    assert action.status == Action.Status.HISTORIC
    assert action.closed_on is None
    assert action.committee == action.item.meeting.committee
    reopened = action_reopen(actor=None, action=action)
    assert reopened.status == Action.Status.OPEN
    import_page()  # importing again leaves the officer's decision alone
    assert Action.objects.get().status == Action.Status.OPEN


def test_the_minutes_of_a_published_page_are_approved_and_public():
    import_page()
    meeting = Meeting.objects.get()
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    assert meeting.agenda_published_at is not None
    assert Document.objects.get().published_at is not None


def test_the_first_import_reports_what_it_created():
    report = import_page()
    for kind in ("committee", "issue", "meeting", "item", "document", "motion", "resolution"):
        assert report.counts[kind]["created"] == 1, kind
    assert report.counts["person"]["created"] == 2
    assert report.counts["action"]["created"] == 1
    assert report.refusals == []


def test_every_created_record_is_in_the_audit_log():
    import_page()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meeting.create", "agenda_item.create", "document.add", "motion.record"} <= actions
    event = AuditEvent.objects.get(action="resolution.record")
    assert len(event.after["parts"]) == 4


def test_each_imported_records_event_says_what_the_services_would_say_of_it():
    from django.apps import apps

    from scrutiny.committees.services import resolution_audit_values
    from scrutiny.core.audit import field_values

    import_page()
    events = list(AuditEvent.objects.all())
    assert len(events) >= 8
    for event in events:
        record = apps.get_model(event.object_type).objects.get(pk=event.object_id)
        assert event.object_repr == str(record)[:300], event.action
        if event.action == "resolution.record":
            parts = [part.text for part in record.parts.order_by("number")]
            assert event.after == resolution_audit_values(record, parts)
        else:
            assert event.after.keys() == field_values(record).keys(), event.action
            assert event.after["id"] == record.pk
        assert event.before is None and event.actor is None


def test_the_import_plans_without_collecting_cycles_and_collects_them_after(monkeypatch):
    from scrutiny.imports import writers

    seen = []
    plan_meeting = writers.plan_meeting

    def watched(ctx, imported):
        seen.append(gc.isenabled())
        return plan_meeting(ctx, imported)

    monkeypatch.setattr(writers, "plan_meeting", watched)
    was = gc.isenabled()
    gc.enable()
    try:
        import_page()
        assert seen == [False]
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()


def test_a_reimport_changes_nothing_and_duplicates_nothing():
    import_page()
    with assert_database_unchanged():
        report = import_page()
    assert report.total("created") == 0
    assert report.total("updated") == 0
    assert report.counts["meeting"]["unchanged"] == 1
    assert report.counts["resolution"]["unchanged"] == 1
    assert report.counts["action"]["unchanged"] == 1


def test_a_dry_run_writes_nothing_and_counts_what_it_would_create():
    with assert_database_unchanged():
        report = import_page(dry_run=True)
    assert report.dry_run
    assert report.counts["meeting"]["created"] == 1
    assert report.counts["resolution"]["created"] == 1


def test_existing_people_and_committees_are_found_not_duplicated():
    committee = make_committee("Customer Services Scrutiny Committee")
    make_councillor("Vicky Wapplington")
    officer = make_officer("Sam Okafor", job_title="Director of ICT")
    import_page()
    assert Committee.objects.get() == committee
    assert Person.objects.filter(kind="councillor").count() == 2
    action = Action.objects.get()
    assert action.owner == officer
    assert not action.text.endswith("(Director of ICT)")


def test_an_action_imported_before_its_owner_existed_gains_the_owner_later():
    import_page()
    officer = make_officer("Sam Okafor", job_title="Director of ICT")
    report = import_page()
    assert report.counts["action"]["updated"] == 1
    action = Action.objects.get()
    assert action.owner == officer
    assert not action.text.endswith("(Director of ICT)")


def test_an_existing_meeting_on_the_day_is_matched_and_its_item_by_number():
    committee = make_committee("Customer Services Scrutiny Committee")
    meeting = make_meeting(committee, day=dt.date(2024, 9, 16))
    item = make_item(meeting, number="27", title="Members ICT")
    import_page()
    assert Meeting.objects.get() == meeting
    assert AgendaItem.objects.get() == item
    item.refresh_from_db()
    assert item.title.startswith("Review of Members ICT")
    assert item.version > 1


def test_three_meetings_on_one_page_become_three_meetings_of_two_committees():
    report = import_page(THREE)
    assert report.counts["meeting"]["created"] == 3
    assert Committee.objects.count() == 2
    assert Committee.objects.get(name="Cabinet").kind == Committee.Kind.CABINET
    assert AgendaItem.objects.filter(number="5(a)").exists()
    kinds = sorted(Document.objects.values_list("kind", flat=True))
    assert kinds == ["appendix", "appendix", "report", "report"]
    assert Resolution.objects.get(item__number="5(a)").kind == "recommended"


def test_a_signed_meeting_that_would_change_is_refused_by_name():
    import_page()
    meeting = Meeting.objects.get()
    minutes_set_status(actor=None, meeting=meeting, status="signed")
    changed = SEED.replace(b"four", b"4").replace(b"six months", b"three months")
    with assert_database_unchanged():
        report = import_page(changed)
    assert report.counts["meeting"]["refused"] == 1
    [message] = report.refusals
    assert "Customer Services Scrutiny Committee" in message
    assert "16 September 2024" in message and "signed and locked" in message
    assert "1 resolution updated" in message


def test_a_signed_meeting_imported_again_unchanged_is_not_refused():
    import_page()
    minutes_set_status(actor=None, meeting=Meeting.objects.get(), status="signed")
    report = import_page()
    assert report.refusals == []
    assert report.counts["meeting"]["unchanged"] == 1


def test_a_meeting_new_to_the_tracker_whose_source_says_its_minutes_are_signed_is_imported():
    meeting = dataclasses.replace(
        parse_minutes_page(content=SEED).meetings[0], minutes_status="signed"
    )
    report = RecordImporter(source="ModernGov").import_meetings([meeting])
    assert report.refusals == []
    assert report.counts["meeting"]["created"] == 1
    assert Meeting.objects.get().minutes_status == "signed"
    # Once it is here, signed, an import that would change it is refused.
    added = dataclasses.replace(meeting.items[0], number="99", source_id="new")
    changed = dataclasses.replace(meeting, items=(added,))
    with assert_database_unchanged():
        again = RecordImporter(source="ModernGov").import_meetings([changed])
    assert again.counts["meeting"]["refused"] == 1


def test_a_value_too_long_to_keep_refuses_the_whole_import_naming_the_item():
    issue = parse_minutes_page(content=THREE)
    meetings = list(issue.meetings)
    long_item = dataclasses.replace(meetings[2].items[0], title="x" * 401)
    meetings[2] = dataclasses.replace(meetings[2], items=(long_item,))
    with assert_database_unchanged(), pytest.raises(ImportRefused) as refusal:
        RecordImporter().import_issue(dataclasses.replace(issue, meetings=tuple(meetings)))
    assert "14/10/2024" in refusal.value.place and "item '7'" in refusal.value.place
    assert "401 characters" in refusal.value.reason


def test_the_same_councillor_moving_and_seconding_is_refused():
    content = SEED.replace(
        b"seconded by Councillor Phil Smith", b"seconded by Cllr Vicky Wapplington"
    )
    with assert_database_unchanged(), pytest.raises(ImportRefused) as refusal:
        import_page(content)
    assert "both mover and seconder" in refusal.value.reason


class OneMeetingAtATime(RecordImporter):
    chunk_size = 1


def test_a_refusal_after_earlier_meetings_were_written_rolls_them_back():
    issue = parse_minutes_page(content=THREE)
    meetings = list(issue.meetings)
    meetings[2] = dataclasses.replace(meetings[2], committee="")
    with assert_database_unchanged(), pytest.raises(ImportRefused) as refusal:
        OneMeetingAtATime().import_issue(dataclasses.replace(issue, meetings=tuple(meetings)))
    assert refusal.value.place == "meeting of 14/10/2024"
    assert "which committee" in refusal.value.reason


class SmallChunks(RecordImporter):
    chunk_size = 3


def test_many_meetings_in_small_chunks_are_all_written_once():
    issue = parse_minutes_page(content=SEED)
    [meeting] = issue.meetings
    meetings = tuple(
        dataclasses.replace(meeting, date=meeting.date + dt.timedelta(days=7 * n))
        for n in range(40)
    )
    report = SmallChunks().import_issue(dataclasses.replace(issue, meetings=meetings))
    assert report.counts["meeting"]["created"] == 40
    assert Resolution.objects.count() == 40
    assert Motion.objects.filter(resolutions__isnull=False).count() == 40
    assert Person.objects.count() == 2
    again = SmallChunks().import_issue(dataclasses.replace(issue, meetings=meetings))
    assert again.total("created") == again.total("updated") == 0
