"""Signed minutes are locked on every door: the services, the staff pages, the admin
(change form, inline, bulk action), each importer and the API. Each attempt to change one
signed meeting's record is refused, or finds no way to write, and the record (agenda
items, minutes, attendance, declarations, motions, votes, resolutions, actions, papers) is
as it was, on the public page too; new records are refused as changes are. Papers are not
minutes: a new one may still be filed, and the minutes stay as they were."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Document,
    Meeting,
    Motion,
    Resolution,
)
from scrutiny.core.errors import Refused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.spreadsheets.tracker import tracker_import, tracker_preview
from scrutiny.imports.writers import RecordImporter
from scrutiny.people.models import Person
from scrutiny.reviews import services as reviews
from tests.committees.signed_meeting import (
    MEETING_XML,
    import_moderngov_meeting,
    make_signed_meeting,
    public_meeting_page,
)
from tests.factories import make_user
from tests.helpers import assert_database_unchanged
from tests.imports.conftest import FIXTURES
from tests.imports.spreadsheets.conftest import csv_bytes

pytestmark = pytest.mark.django_db

ISSUE_PAGE = FIXTURES / "issue_customer_services.txt"


@pytest.fixture
def meeting():
    return make_signed_meeting()


@pytest.fixture
def minuted_item(meeting) -> AgendaItem:
    return meeting.items.exclude(minutes="").order_by("position").first()


@pytest.fixture
def unchanged(meeting):
    """Asserts, after the attempt, that nothing in the database and nothing on the
    meeting's public page changed."""
    page = public_meeting_page(meeting)
    assert meeting.items.exclude(minutes="").exists()
    with assert_database_unchanged():
        yield
    assert public_meeting_page(meeting) == page


def signed_in(username: str, **extra) -> tuple[Client, object]:
    user = make_user(username, **extra)
    client = Client()
    client.force_login(user)
    return client, user


# --- The services -------------------------------------------------------------------------


def test_the_services_refuse(meeting, minuted_item, unchanged):
    person = Attendance.objects.filter(meeting=meeting).first().person
    attempts = [
        lambda: record.minutes_record(actor=None, item=minuted_item, text="Rewritten."),
        lambda: record.minutes_set_status(actor=None, meeting=meeting, status="draft"),
        lambda: record.attendance_record(
            actor=None, meeting=meeting, person=person, status="absent"
        ),
        lambda: record.declaration_record(
            actor=None, item=minuted_item, person=person, kind="personal", text="New."
        ),
        lambda: record.resolution_record(actor=None, item=minuted_item, parts=["Added."]),
        lambda: record.action_record(
            actor=None, item=minuted_item, text="Added.", owner=None, due_on=None
        ),
        lambda: record.attendance_register_record(
            actor=None, meeting=meeting, register=[(person, "present", "")]
        ),
        lambda: record.motion_record(
            actor=None, item=minuted_item, mover=person, seconder=None, text="Added."
        ),
        lambda: record.agenda_item_create(
            actor=None, meeting=meeting, number="99", title="Any other business"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Refused, match="signed and locked"):
            attempt()


def test_papers_are_not_minutes_and_may_still_be_filed(meeting, minuted_item):
    """A meeting's papers are not part of its minutes: the signed minutes themselves, or a
    report reissued, are filed after signing. Nothing the minutes record changes."""
    minutes = {i.pk: i.minutes for i in meeting.items.all()}
    document = record.document_add(
        actor=None, item=minuted_item, title="Signed minutes", kind=Document.Kind.MINUTES
    )
    assert document.item == minuted_item
    assert {i.pk: i.minutes for i in meeting.items.all()} == minutes


# --- The staff pages ----------------------------------------------------------------------


def test_the_staff_minutes_form_refuses(meeting, minuted_item, unchanged):
    client, user = signed_in("clerk.one")
    user.groups.add(Group.objects.get(name="Clerk"))
    response = client.post(
        reverse("staff:minutes", args=[minuted_item.pk]),
        {"version": minuted_item.version, "minutes": "Rewritten after signing."},
    )
    assert response.status_code == 200
    assert "signed and locked" in response.content.decode()


def test_the_staff_minutes_status_form_refuses(meeting, unchanged):
    client, user = signed_in("clerk.two")
    user.groups.add(Group.objects.get(name="Clerk"))
    response = client.post(
        reverse("staff:minutes-status", args=[meeting.pk]),
        {"version": meeting.version, "minutes_status": "draft"},
    )
    assert response.status_code == 200
    assert "signed and locked" in response.content.decode()


def test_the_staff_agenda_item_form_refuses(meeting, unchanged):
    client, user = signed_in("clerk.three")
    user.groups.add(Group.objects.get(name="Clerk"))
    response = client.post(
        reverse("staff:item-create", args=[meeting.pk]),
        {"number": "99", "title": "Any other business", "visibility": "public"},
    )
    assert response.status_code == 200
    assert "signed and locked" in response.content.decode()


def test_the_staff_meeting_page_offers_no_new_item(meeting):
    client, user = signed_in("clerk.four")
    user.groups.add(Group.objects.get(name="Clerk"))
    page = client.get(reverse("staff:meeting", args=[meeting.pk])).content.decode()
    assert reverse("staff:item-create", args=[meeting.pk]) not in page


# --- The admin ----------------------------------------------------------------------------


@pytest.fixture
def admin_client():
    client, _ = signed_in("root.admin", is_staff=True, is_superuser=True)
    return client


def test_the_admin_change_form_refuses(admin_client, meeting, minuted_item, unchanged):
    url = reverse("admin:committees_agendaitem_change", args=[minuted_item.pk])
    response = admin_client.post(
        url,
        {
            "meeting": meeting.pk,
            "number": minuted_item.number,
            "position": minuted_item.position,
            "title": minuted_item.title,
            "visibility": minuted_item.visibility,
            "minutes": "Rewritten after signing.",
        },
    )
    assert response.status_code == 403


def test_the_admin_inline_refuses(admin_client, meeting, minuted_item, unchanged):
    items = list(meeting.items.order_by("position"))
    present = list(meeting.attendance.all())
    data = {
        "committee": meeting.committee_id,
        "starts_at_0": "16/09/2024",
        "starts_at_1": "10:00:00",
        "status": meeting.status,
        "minutes_status": meeting.minutes_status,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "attendance-TOTAL_FORMS": len(present),
        "attendance-INITIAL_FORMS": len(present),
    }
    for n, item in enumerate(items):
        title = "Rewritten" if item == minuted_item else item.title
        data |= {f"items-{n}-id": item.pk, f"items-{n}-meeting": meeting.pk}
        data |= {f"items-{n}-number": item.number, f"items-{n}-position": item.position}
        data |= {f"items-{n}-title": title, f"items-{n}-visibility": item.visibility}
    for n, attendance in enumerate(present):
        data |= {f"attendance-{n}-id": attendance.pk, f"attendance-{n}-DELETE": "on"}
    url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    assert admin_client.post(url, data).status_code == 403


@pytest.mark.parametrize(
    "model", [Meeting, AgendaItem, Document, Motion, Resolution, Action], ids=lambda m: m.__name__
)
def test_the_admin_bulk_delete_refuses(admin_client, meeting, model, unchanged):
    selected = list(model.objects.values_list("pk", flat=True))
    assert selected
    opts = model._meta
    admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )


# --- Each importer ------------------------------------------------------------------------


def test_the_moderngov_import_refuses_changed_minutes(meeting, unchanged):
    changed = MEETING_XML.replace(b"declared a personal interest", b"declared nothing")
    assert changed != MEETING_XML
    report = import_moderngov_meeting(changed)
    assert report.counts["meeting"]["refused"] == 1
    [refusal] = report.refusals
    assert "signed and locked" in refusal


NEW_ITEM = b"""    <agendaitem>
      <agendaitemid>9099</agendaitemid>
      <agendaitemtitle>Any Other Business</agendaitemtitle>
      <agendaitemnumber>29</agendaitemnumber>
      <agendaitemsubnumber>0</agendaitemsubnumber>
      <fulldisplaynumberformat>29.</fulldisplaynumberformat>
      <isrestricted>False</isrestricted>
      <isdecision>False</isdecision>
      <linkeddocuments />
    </agendaitem>
  </agendaitems>"""


def test_the_moderngov_import_refuses_a_new_item(meeting, unchanged):
    """An item the signed minutes do not record is not added by an import either."""
    added = MEETING_XML.replace(b"  </agendaitems>", NEW_ITEM)
    assert added != MEETING_XML
    report = import_moderngov_meeting(added)
    assert report.counts["meeting"]["refused"] == 1
    assert "signed and locked" in " ".join(report.refusals)


SIGNED_MINUTES_PAPER = b"""<linkeddoc>
          <attachmentid>31003</attachmentid>
          <title>Signed minutes</title>
          <url>https://democracy.example.gov.uk/documents/s31003/Minutes.pdf</url>
          <isrestricted>False</isrestricted>
          <publicationdate>20/09/2024</publicationdate>
        </linkeddoc>
      </linkeddocuments>
    </agendaitem>
  </agendaitems>"""


def test_the_moderngov_import_files_a_new_paper_and_leaves_the_minutes(meeting):
    """Papers are not minutes: an import may file one on a signed meeting (as a clerk may),
    and nothing the minutes record changes."""
    before = committee_record()
    added = MEETING_XML.replace(
        b"</linkeddocuments>\n    </agendaitem>\n  </agendaitems>", SIGNED_MINUTES_PAPER
    )
    assert added != MEETING_XML
    report = import_moderngov_meeting(added)
    assert report.refusals == []
    assert report.counts["document"]["created"] == 1
    assert Document.objects.filter(item__meeting=meeting, title="Signed minutes").exists()
    after = committee_record()
    assert {k for k in after if after[k] != before.get(k)} <= {"committees.Document"}


def test_the_moderngov_import_command_refuses_changed_minutes(meeting, tmp_path, unchanged):
    for saved in (FIXTURES / "moderngov").iterdir():
        content = saved.read_bytes()
        if saved.name == "GetMeeting_4567.xml":
            content = content.replace(b"declared a personal interest", b"declared nothing")
        (tmp_path / saved.name).write_bytes(content)
    call_command(
        "import_moderngov",
        "--files",
        str(tmp_path),
        "--from",
        "2024-09-01",
        "--to",
        "2024-09-30",
        "--committee",
        "123",
    )


def test_the_minutes_page_import_refuses_changed_minutes(meeting, unchanged):
    content = ISSUE_PAGE.read_bytes()
    changed = content.replace(b"four", b"4").replace(b"six months", b"three months")
    assert changed != content
    report = RecordImporter().import_issue(parse_minutes_page(content=changed))
    assert report.counts["meeting"]["refused"] == 1
    assert "signed and locked" in " ".join(report.refusals)


def test_the_tracker_import_cannot_write_minutes(meeting):
    """A spreadsheet tracker holds a review's recommendations: its only link to the
    committee record is a resolution cited as what signed one off. Importing one that
    cites a resolution of the signed meeting closes the recommendation and leaves that
    meeting's record as it was."""
    resolution = Resolution.objects.filter(item__meeting=meeting).first()
    review = reviews.review_create(actor=None, committee=meeting.committee, title="Digital")
    Person.objects.create(kind="officer", name="Jo Smith")
    headings = ["Ref", "Recommendation", "Lead officer", "Target date", "Status",
                "Date completed", "Signed off by"]  # fmt: skip
    rows = [["R1", "Do it.", "Jo Smith", "31/08/2024", "Done", "02/09/2024",
             resolution.reference]]  # fmt: skip
    before = committee_record()
    page = public_meeting_page(meeting)
    preview = tracker_preview(review=review, data=csv_bytes(headings, rows))
    assert preview.errors() == []
    tracker_import(actor=None, preview=preview, exclude=())
    assert review.recommendations.get().closed_by == resolution
    assert committee_record() == before
    assert public_meeting_page(meeting) == page


def committee_record() -> dict:
    from tests.helpers import database_dump

    return {k: v for k, v in database_dump().items() if k.startswith("committees.")}


# --- The API ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_way_to_write(meeting, method, unchanged):
    client, _ = signed_in("root.admin", is_staff=True, is_superuser=True)
    body = {"minutes_status": "draft", "items": [{"minutes": "Rewritten."}]}
    url = f"/api/v1/meetings/{meeting.pk}/"
    assert client.get(url).status_code == 200  # the address exists, to read
    response = getattr(client, method)(url, body, content_type="application/json")
    assert response.status_code == 405
