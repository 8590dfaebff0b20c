"""The ModernGov companion sync against a real HTTP server on 127.0.0.1 serving saved
web-service answers: run twice (the second changes nothing, and its log says so), then
with one meeting changed at the source (only it is updated), a signed meeting changed at
the source (refused, left as it was, logged), the window and the committees it follows,
and an answer that cannot be read (nothing imported, the run says why)."""

import datetime

import pytest
from django.utils import timezone

from scrutiny.committees.models import AgendaItem, Meeting
from scrutiny.committees.services import minutes_set_status
from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from scrutiny.imports.models import SyncRun
from scrutiny.imports.sync import sync_from_date
from scrutiny.imports.sync_queue import sync_request
from tests.imports.sync_site import (
    COMMITTEE_ID,
    moderngov_site,  # noqa: F401 (the "site" fixture)
)

pytestmark = pytest.mark.django_db

Outcome = SyncRun.Outcome


def run_now(user=None) -> SyncRun:
    """Run it now: the test settings run tasks at once, so the run is over on return."""
    run, queued = sync_request(actor=user)
    assert queued
    return SyncRun.objects.get(pk=run.pk)


def minutes_of(source_id: str) -> str:
    return AgendaItem.objects.get(meeting__source_id=source_id).minutes


def test_the_second_run_changes_nothing_and_its_log_says_so(site):
    first = run_now()
    assert (first.state, first.outcome) == ("done", Outcome.CHANGED)
    assert (first.created, first.updated, first.unchanged, first.refused) == (3, 0, 0, 0)
    assert set(Meeting.objects.values_list("source_id", flat=True)) == {"701", "702", "703"}
    assert minutes_of("701") == "The committee noted the report."
    assert first.started_at and first.finished_at and first.in_flight is None
    audit_before = AuditEvent.objects.count()

    second = run_now()

    assert (second.state, second.outcome) == ("done", Outcome.NOTHING_CHANGED)
    assert (second.created, second.updated, second.unchanged, second.refused) == (0, 0, 3, 0)
    assert [m["change"] for m in second.meetings] == ["unchanged"] * 3
    assert second.refusals == [] and second.warnings == []
    assert AuditEvent.objects.count() == audit_before  # nothing written at all


def test_one_meeting_changed_at_the_source_is_the_only_one_updated(site):
    run_now()
    run_now()
    site.change_minutes("702", "The committee noted the figures and asked for a breakdown.")
    audit_before = set(AuditEvent.objects.values_list("pk", flat=True))

    third = run_now()

    assert (third.outcome, third.created, third.updated, third.unchanged) == (
        Outcome.CHANGED,
        0,
        1,
        2,
    )
    changes = {m["source_id"]: m["change"] for m in third.meetings}
    assert changes == {"701": "unchanged", "702": "updated", "703": "unchanged"}
    assert minutes_of("702") == "The committee noted the figures and asked for a breakdown."
    assert minutes_of("701") == "The committee noted the report."
    written = AuditEvent.objects.exclude(pk__in=audit_before)
    item = AgendaItem.objects.get(meeting__source_id="702")
    assert {(e.object_type, e.object_id) for e in written} == {
        ("committees.agendaitem", str(item.pk))
    }


def test_a_signed_meeting_changed_at_the_source_is_refused_and_left_as_it_was(site):
    run_now()
    signed = Meeting.objects.get(source_id="701")
    minutes_set_status(actor=None, meeting=signed, status=Meeting.MinutesStatus.SIGNED)
    site.change_minutes("701", "Rewritten after signing.")
    site.change_minutes("702", "The committee noted the figures again.")

    run = run_now()

    assert (run.state, run.outcome) == ("done", Outcome.REFUSALS)
    assert (run.created, run.updated, run.unchanged, run.refused) == (0, 1, 1, 1)
    assert minutes_of("701") == "The committee noted the report."  # as it was signed
    assert minutes_of("702") == "The committee noted the figures again."  # the rest imported
    [refusal] = run.refusals
    assert "701" in refusal and "signed and locked" in refusal
    [refused] = [m for m in run.meetings if m["outcome"] == "refused"]
    assert (refused["source_id"], refused["id"]) == ("701", signed.pk)


def test_an_unchanged_signed_meeting_is_simply_unchanged(site):
    run_now()
    signed = Meeting.objects.get(source_id="701")
    minutes_set_status(actor=None, meeting=signed, status=Meeting.MinutesStatus.SIGNED)

    run = run_now()

    assert (run.outcome, run.refused, run.unchanged) == (Outcome.NOTHING_CHANGED, 0, 3)


def test_a_run_reads_from_its_window_and_the_committees_it_follows(site, settings):
    site.meeting("700", days_from_today=-45, minutes="Long ago.", title="Old business")
    settings.SCRUTINY_MODERNGOV_SYNC_COMMITTEES = [COMMITTEE_ID, "999"]

    run = run_now()

    assert run.from_date == timezone.localdate() - datetime.timedelta(days=30)
    assert not Meeting.objects.filter(source_id="700").exists()  # before the window
    assert run.created == 3
    assert run.warnings == ["The site lists no committee with id 999: it was skipped."]
    asked = [query for call, query in site.requests if call == "GetMeetings"]
    assert asked[0]["sFromDate"] == [f"{run.from_date:%d/%m/%Y}"]
    assert [call for call, _ in site.requests].count("GetCommittees") == 1  # asked once


def test_the_window_reaches_back_from_the_last_completed_run(site):
    today = timezone.localdate()
    assert sync_from_date(today=today, days=30) == today - datetime.timedelta(days=30)
    earlier = run_now()
    SyncRun.objects.filter(pk=earlier.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=10)
    )
    assert sync_from_date(today=today, days=30) == today - datetime.timedelta(days=40)
    failed = SyncRun.objects.create(trigger="staff", state="failed", in_flight=None)
    SyncRun.objects.filter(pk=failed.pk).update(started_at=timezone.now())
    assert sync_from_date(today=today, days=30) == today - datetime.timedelta(days=40)


def test_an_answer_that_cannot_be_read_fails_the_run_and_imports_nothing(site):
    site.remove("GetMeeting_703.xml")

    run = run_now()

    assert (run.state, run.outcome) == ("failed", Outcome.FAILED)
    assert "Could not read that address" in run.error
    assert not Meeting.objects.exists()
    assert run.in_flight is None


def test_a_site_not_allowed_is_refused_before_anything_is_read(site, settings):
    settings.SCRUTINY_MODERNGOV_SITES = ["democracy.example.gov.uk"]
    with pytest.raises(Refused, match="SCRUTINY_MODERNGOV_SITES"):
        sync_request(actor=None)
    assert not SyncRun.objects.exists()
    assert site.requests == []


def test_switched_off_it_cannot_be_run(settings):
    settings.SCRUTINY_MODERNGOV_SYNC_URL = ""
    with pytest.raises(Refused, match="not set up"):
        sync_request(actor=None)
