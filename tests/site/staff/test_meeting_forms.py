"""The clerk's forms: meetings, agenda items, minutes, decisions, visibility, publication."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Action, Meeting, RecordedVote
from scrutiny.people.models import Person
from tests.core.test_uploads import EXE, pdf_bytes
from tests.factories import make_item
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import assert_refused, banner, date_data, summary_errors

pytestmark = pytest.mark.django_db


def meeting_on(day: dt.date) -> Meeting:
    return Meeting.objects.get(starts_at__date=day)


@pytest.fixture
def january(demo):
    return meeting_on(dt.date(2025, 1, 20))


@pytest.fixture
def signed_item(demo):
    return meeting_on(dt.date(2024, 9, 16)).items.get(number="27")


def councillor(name: str) -> Person:
    return Person.objects.get(name=name)


def test_clerk_adds_a_meeting(clerk_client, demo):
    data = {"committee": demo.committee.pk, "time": "6.30pm", "venue": "Room 1"}
    data |= {"status": "scheduled", **date_data("date", dt.date(2025, 9, 15))}
    response = clerk_client.post(reverse("staff:meeting-create"), data, follow=True)
    meeting = Meeting.objects.get(starts_at__date=dt.date(2025, 9, 15))
    assert timezone.localtime(meeting.starts_at).time() == dt.time(18, 30)
    # 15 September 2025 has passed: the clerk is told the public calendar says so.
    assert banner(response) == (
        f"Meeting of {meeting} added: the public calendar shows it as “Held, minutes to follow”"
    )


def test_a_meeting_time_that_is_not_a_time_is_refused(clerk_client, demo):
    data = {"committee": demo.committee.pk, "time": "25:00", "status": "scheduled"}
    data |= date_data("date", dt.date(2025, 9, 15))
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:meeting-create"), data)
    assert_refused(response, "Enter the start time, like 6pm, 6.30pm or 18:30", "id_time")


def test_clerk_edits_a_meeting_and_a_stale_edit_is_refused(clerk_client, january):
    data = {"version": january.version, "time": "18:00", "venue": "Room 2", "status": "confirmed"}
    data |= date_data("date", january.date)
    url = reverse("staff:meeting-edit", args=[january.pk])
    clerk_client.post(url, data)
    january.refresh_from_db()
    assert (january.venue, january.status) == ("Room 2", "confirmed")
    with assert_database_unchanged():
        response = clerk_client.post(url, data | {"venue": "Room 3"})
    assert summary_errors(response)[0].startswith("This meeting was changed by ")
    assert "Room 2" in response.content.decode()


def item_data(**changes):
    data = {"number": "5(a)", "title": "Staffing matter", "visibility": "public"}
    return data | changes


def test_clerk_adds_an_exempt_agenda_item(clerk_client, january):
    data = item_data(
        visibility="exempt", exempt_paragraphs=["1", "3"], public_interest_reason="Named staff."
    )
    clerk_client.post(reverse("staff:item-create", args=[january.pk]), data)
    item = january.items.get(number="5(a)")
    assert (item.visibility, item.exempt_paragraphs) == ("exempt", [1, 3])


def test_an_exempt_item_without_a_paragraph_is_refused(clerk_client, january):
    with assert_database_unchanged():
        response = clerk_client.post(
            reverse("staff:item-create", args=[january.pk]),
            item_data(visibility="exempt", public_interest_reason="Named staff."),
        )
    assert_refused(response, "Give the Schedule 12A paragraph(s), 1 to 7.", "id_exempt_paragraphs")


def test_clerk_changes_an_items_visibility(clerk_client, january):
    item = make_item(january, "3")
    data = {"version": item.version, "visibility": "exempt", "exempt_paragraphs": ["3"]}
    data["public_interest_reason"] = "Commercial terms."
    response = clerk_client.post(reverse("staff:visibility", args=[item.pk]), data, follow=True)
    item.refresh_from_db()
    assert item.exempt_paragraphs == [3]
    assert banner(response) == (
        "Item 3 is now exempt (schedule 12a): not public until the agenda is published"
    )


def test_exempt_without_a_public_interest_reason_is_refused(clerk_client, january):
    item = make_item(january, "3")
    data = {"version": item.version, "visibility": "exempt", "exempt_paragraphs": ["3"]}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:visibility", args=[item.pk]), data)
    assert_refused(
        response,
        "Say why the public interest in keeping it exempt outweighs disclosure.",
        "id_public_interest_reason",
    )


def test_clerk_records_minutes(clerk_client, january):
    item = make_item(january, "4")
    data = {"version": item.version, "minutes": "Members noted the report."}
    clerk_client.post(reverse("staff:minutes", args=[item.pk]), data)
    item.refresh_from_db()
    january.refresh_from_db()
    assert (item.minutes, january.minutes_status) == ("Members noted the report.", "draft")


def test_minutes_of_a_signed_meeting_are_refused(clerk_client, signed_item):
    data = {"version": signed_item.version, "minutes": "Changed."}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:minutes", args=[signed_item.pk]), data)
    meeting = signed_item.meeting
    assert_refused(
        response,
        f"The minutes of {meeting} are signed and locked. Record a correction at a later "
        "meeting instead.",
        "id_minutes",
    )


def test_clerk_approves_and_publishes_minutes(clerk_client, january):
    record.minutes_record(actor=None, item=make_item(january, "1"), text="Noted.")
    january.refresh_from_db()
    url = reverse("staff:minutes-status", args=[january.pk])
    response = clerk_client.post(
        url, {"version": january.version, "minutes_status": "approved"}, follow=True
    )
    assert banner(response) == (
        "The minutes are approved, but not public until the agenda is published"
    )
    january.refresh_from_db()
    assert january.minutes_published_at is not None


def test_signed_minutes_cannot_change_status(clerk_client, signed_item):
    meeting = signed_item.meeting
    data = {"version": meeting.version, "minutes_status": "approved"}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:minutes-status", args=[meeting.pk]), data)
    assert_refused(
        response,
        f"The minutes of {meeting} are signed and locked. Record a correction at a later "
        "meeting instead.",
        "id_minutes_status",
    )


def test_publishing_draft_minutes_is_refused(clerk_client, january):
    record.minutes_record(actor=None, item=make_item(january, "1"), text="Noted.")
    january.refresh_from_db()
    url = reverse("staff:minutes-publish", args=[january.pk])
    with assert_database_unchanged():
        response = clerk_client.post(url, {"version": january.version})
    [message] = summary_errors(response)
    assert message.startswith("Draft minutes are not public")


def test_publishing_minutes_that_do_not_exist_is_refused(clerk_client, january):
    url = reverse("staff:minutes-publish", args=[january.pk])
    with assert_database_unchanged():
        response = clerk_client.post(url, {"version": january.version})
    assert_refused(response, "There are no minutes to publish yet.")


def test_clerk_publishes_the_agenda(clerk_client, january):
    make_item(january, "1")
    january.refresh_from_db()
    url = reverse("staff:agenda-publish", args=[january.pk])
    response = clerk_client.post(url, {"version": january.version}, follow=True)
    january.refresh_from_db()
    assert january.agenda_published_at is not None
    assert banner(response) == "The agenda is published and public on the meeting page"


def test_publishing_an_agenda_twice_is_refused(clerk_client, signed_item):
    meeting = signed_item.meeting
    with assert_database_unchanged():
        response = clerk_client.post(
            reverse("staff:agenda-publish", args=[meeting.pk]), {"version": meeting.version}
        )
    [message] = summary_errors(response)
    assert message.startswith("The agenda was already published at ")


def motion_data(**changes):
    data = {
        "kind": "motion",
        "mover": councillor("Vicky Wapplington").pk,
        "seconder": councillor("Phil Smith").pk,
        "outcome": "carried",
        "votes_for": "5",
        "votes_against": "1",
        "abstentions": "0",
    }
    return data | changes


def test_clerk_records_a_motion_with_recorded_votes(clerk_client, january):
    item = make_item(january, "6")
    holt, ashby = councillor("Karen Holt"), councillor("Tom Ashby")
    data = motion_data(**{f"vote_{holt.pk}": "for", f"vote_{ashby.pk}": "against"})
    response = clerk_client.post(reverse("staff:motion", args=[item.pk]), data, follow=True)
    motion = item.motions.get()
    assert (motion.votes_for, motion.votes_against) == (5, 1)
    votes = {v.person.name: v.vote for v in RecordedVote.objects.filter(motion=motion)}
    assert votes == {"Karen Holt": "for", "Tom Ashby": "against"}
    assert banner(response) == (
        "Motion moved by Councillor Vicky Wapplington recorded: not public until the minutes "
        "are approved"
    )


def test_a_motion_seconded_by_its_mover_is_refused(clerk_client, january):
    item = make_item(january, "6")
    data = motion_data(seconder=councillor("Vicky Wapplington").pk)
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:motion", args=[item.pk]), data)
    assert_refused(response, "The seconder must be someone other than the mover.", "id_seconder")


def test_clerk_records_a_resolution_one_part_per_paragraph(clerk_client, january):
    item = make_item(january, "7")
    parts = (
        "1) Members note the report.\n\n2) A further report\ncomes in six months.\n\n(3) Thanks."
    )
    data = {"kind": "resolved", "preamble": "RESOLVED that:", "parts": parts}
    response = clerk_client.post(reverse("staff:resolution", args=[item.pk]), data, follow=True)
    resolution = item.resolutions.get()
    assert [p.text for p in resolution.parts.all()] == [
        "Members note the report.",
        "A further report comes in six months.",
        "Thanks.",
    ]
    assert banner(response) == (
        "Resolution with 3 numbered parts recorded: not public until the minutes are approved"
    )


def test_a_resolution_at_a_signed_meeting_is_refused(clerk_client, signed_item):
    data = {"kind": "resolved", "preamble": "RESOLVED that:", "parts": "Something new."}
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:resolution", args=[signed_item.pk]), data)
    assert_refused(
        response,
        f"The minutes of {signed_item.meeting} are signed and locked. Record a correction at "
        "a later meeting instead.",
    )


def test_clerk_records_and_closes_an_action(clerk_client, january):
    item = make_item(january, "8")
    owner = Person.objects.get(name="Jo Bennett")
    data = {"text": "Circulate the figures.", "owner": owner.pk}
    data |= date_data("due_on", dt.date(2025, 2, 1))
    clerk_client.post(reverse("staff:action", args=[item.pk]), data)
    action = item.actions.get()
    assert (action.owner, action.due_on) == (owner, dt.date(2025, 2, 1))
    close = {"version": action.version, "status": "done", "response": "Circulated."}
    close |= date_data("closed_on", dt.date(2025, 1, 30))
    clerk_client.post(reverse("staff:action-close", args=[action.pk]), close)
    assert Action.objects.get(pk=action.pk).status == "done"


def test_an_action_without_words_is_refused(clerk_client, january):
    item = make_item(january, "8")
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:action", args=[item.pk]), {"text": "  "})
    assert_refused(response, "Say what the action is", "id_text")


def test_clerk_uploads_and_publishes_a_document(clerk_client, january):
    item = make_item(january, "2")
    upload = SimpleUploadedFile("Cabinet report (final).pdf", pdf_bytes())
    data = {"title": "Cabinet report", "kind": "report", "file": upload}
    response = clerk_client.post(reverse("staff:document-add", args=[item.pk]), data, follow=True)
    document = item.documents.get()
    assert (document.file_format, document.published_at) == ("PDF", None)
    assert document.file.name.endswith("-cabinet-report-final.pdf")
    assert banner(response) == "“Cabinet report” added; it is not public until you publish it"
    clerk_client.post(reverse("staff:document-publish", args=[document.pk]), {})
    document.refresh_from_db()
    assert document.published_at is not None


def test_a_program_uploaded_as_a_document_is_refused(clerk_client, january):
    item = make_item(january, "2")
    upload = SimpleUploadedFile("agenda.pdf", EXE)
    with assert_database_unchanged():
        response = clerk_client.post(
            reverse("staff:document-add", args=[item.pk]),
            {"title": "Agenda", "kind": "report", "file": upload},
        )
    assert_refused(
        response,
        "The selected file must be a PDF, Word document, Excel spreadsheet, OpenDocument "
        "text or CSV file",
        "id_file",
    )


def test_publishing_a_published_document_is_refused(clerk_client, signed_item):
    document = signed_item.documents.get()
    assert document.published_at is not None  # published with the agenda
    with assert_database_unchanged():
        response = clerk_client.post(reverse("staff:document-publish", args=[document.pk]), {})
    assert_refused(response, f'"{document.title}" is already published.')
