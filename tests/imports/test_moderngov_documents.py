"""ModernGov documents, attendance and minutes as the council's answers state them.

Documents: the format comes from the document's own name or from what a serving page
makes of it (``mgConvert2PDF.aspx`` serves PDF), never "ASPX"; the public page and the API
point at the council's copy; ``--fetch-documents`` (and the staff page's checkbox) fetch
each file from an allowed site into storage with its size and SHA-256, in the worker,
reporting progress, and refuse any other site. Attendance words are kept as what they
say ("Expected" is not "present") and the dry run says what it did with each. Minutes
take their stage and publication day from the answer, never the import's clock."""

import datetime
import hashlib
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings

from scrutiny.committees.models import Attendance, Document, Meeting
from scrutiny.imports.models import ImportJob
from scrutiny.imports.moderngov import document_format, parse_meeting
from scrutiny.imports.moderngov_documents import fetch_documents
from scrutiny.imports.writers import RecordImporter
from scrutiny.people.roles import Role
from tests.factories import make_user
from tests.site.import_jobs import confirm, give

pytestmark = pytest.mark.django_db

REPORT = b"%PDF-1.4 the report " + bytes(range(256)) * 40
CONVERTED = b"%PDF-1.4 a Word paper converted " * 100
URL = "/staff/imports/moderngov/"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SCRUTINY_MODERNGOV_FETCH_DELAY = 0


# Formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("Report", "https://d.example.gov.uk/mgConvert2PDF.aspx?ID=12345", "pdf"),
        ("Report", "https://d.example.gov.uk/mgconvert2pdf.aspx?ID=12345&T=10", "pdf"),
        ("Budget.xlsx", "https://d.example.gov.uk/mgConvert2PDF.aspx?ID=1", "xlsx"),
        ("Report", "https://d.example.gov.uk/documents/s1/Report%20one.docx", "docx"),
        ("Report", "https://d.example.gov.uk/ieListDocuments.aspx?CId=1&MId=2", ""),
        ("Report", "https://d.example.gov.uk/mgDocument.aspx?filename=Plan.PDF", "pdf"),
        ("Report by Mr.Smith", "", ""),
        ("Minutes 16.09.24", "", ""),
        ("Report", "", ""),
    ],
)
def test_the_format_comes_from_the_name_or_the_link_never_the_page(name, url, expected):
    assert document_format(name=name, url=url) == expected


# A council's site serving its answers and its papers ------------------------------------


def meeting_xml(port: int, *, attendance: str = "Expected", minutes_extra: str = "") -> bytes:
    base = f"http://127.0.0.1:{port}"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingid>7001</meetingid><committeeid>55</committeeid>
  <committeetitle>Overview and Scrutiny Committee</committeetitle>
  <meetingdate>10/02/2025</meetingdate><meetingtime>18:00</meetingtime>
  <meetingstatus>Held</meetingstatus><agendapublished>True</agendapublished>
  <minutepublished>True</minutepublished>{minutes_extra}
  <attendees>
    <attendee name="Councillor Ada Lovelace" roledescription="Chair"
      attendance="{attendance}"/>
    <attendee name="Councillor Alan Turing" roledescription="Committee Member"
      attendance="Apologies"/>
    <attendee name="Councillor Grace Hopper" roledescription="Committee Member"
      attendance="Present as substitute"/>
    <attendee name="Jo Clerk" roledescription="Democratic Services Officer"
      attendance="In attendance"/>
    <attendee name="Councillor Mystery" roledescription="Committee Member" attendance="Virtually"/>
  </attendees>
  <agendaitems><agendaitem>
    <agendaitemid>71</agendaitemid><agendaitemtitle>Budget monitoring</agendaitemtitle>
    <fulldisplaynumberformat>5.</fulldisplaynumberformat>
    <minutesnonemptyhtmlbody>&lt;p&gt;The report was noted.&lt;/p&gt;</minutesnonemptyhtmlbody>
    <isrestricted>False</isrestricted>
    <linkeddocuments>
      <linkeddoc><attachmentid>1</attachmentid><title>Budget report</title>
        <url>{base}/documents/s1/Budget%20report.pdf</url>
        <isrestricted>False</isrestricted><publicationdate>31/01/2025</publicationdate></linkeddoc>
      <linkeddoc><attachmentid>2</attachmentid><title>Appendix A</title>
        <url>{base}/mgConvert2PDF.aspx?ID=2</url>
        <isrestricted>False</isrestricted><publicationdate>31/01/2025</publicationdate></linkeddoc>
      <linkeddoc><attachmentid>3</attachmentid><title>Appendix B - commercial</title>
        <url>{base}/documents/s3/Appendix%20B.pdf</url>
        <isrestricted>True</isrestricted><publicationdate>31/01/2025</publicationdate></linkeddoc>
      <linkeddoc><attachmentid>4</attachmentid><title>Elsewhere</title>
        <url>http://127.0.0.1:9/documents/s4/Elsewhere.pdf</url>
        <isrestricted>False</isrestricted></linkeddoc>
    </linkeddocuments>
  </agendaitem></agendaitems>
</meeting>""".encode()


class Council(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.server.requests.append(self.path)
        port = self.server.server_address[1]
        operation = url.path.rsplit("/", 1)[-1]
        bodies = {
            "GetCommittees": b"<committees><committee><committeeid>55</committeeid>"
            b"<committeetitle>Overview and Scrutiny Committee</committeetitle>"
            b"</committee></committees>",
            "GetMeetings": b"<getmeetings><committee><committeeid>55</committeeid></committee>"
            b"<committeemeetings><meeting><meetingid>7001</meetingid>"
            b"<meetingdate>10/02/2025</meetingdate></meeting></committeemeetings></getmeetings>",
            "GetMeeting": meeting_xml(port),
            "Budget%20report.pdf": REPORT,
            "Appendix%20B.pdf": b"%PDF-1.4 restricted",
        }
        if operation == "mgConvert2PDF.aspx" and parse_qs(url.query) == {"ID": ["2"]}:
            body = CONVERTED
        else:
            body = bodies.get(operation)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def council(settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Council)
    httpd.requests = []
    site = f"127.0.0.1:{httpd.server_address[1]}"
    settings.SCRUTINY_MODERNGOV_SITES = settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = [site]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def imported(port: int, **kwargs) -> Meeting:
    meeting = parse_meeting(xml=meeting_xml(port, **kwargs))
    RecordImporter(source="ModernGov").import_meetings([meeting])
    return Meeting.objects.get(source_id="7001")


# The council's copy on the public page and in the API -----------------------------------


def test_the_public_page_and_the_api_point_at_the_councils_copy(client):
    meeting = imported(8000)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    report = Document.objects.get(title="Budget report")
    assert report.file_format == "PDF" and not report.file
    assert f'href="{report.source_url}"' in page
    assert 'Budget report<span class="govuk-visually-hidden"> (download from the' in page
    assert "not available online" not in page
    assert "(PDF, on the council's website)" in page
    converted = Document.objects.get(title="Appendix A")
    assert converted.file_format == "PDF"  # not "ASPX"
    assert f'href="{converted.source_url.replace("&", "&amp;")}"' in page
    # The restricted paper is not listed to the public, nor its address.
    assert "Appendix B" not in page and "s3/Appendix" not in page
    answer = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    documents = {d["title"]: d for item in answer["items"] for d in item["documents"]}
    assert documents["Budget report"]["download_url"] == report.source_url
    assert documents["Budget report"]["format"] == "PDF"
    assert documents["Appendix A"]["download_url"] == converted.source_url
    assert "Appendix B - commercial" not in documents


def test_an_address_that_is_not_http_is_never_linked(client):
    meeting = imported(8000)
    Document.objects.filter(title="Budget report").update(source_url="javascript:alert(1)")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "javascript:" not in page
    assert "(PDF, not available online)" in page


# Fetching the files ---------------------------------------------------------------------


def test_the_staff_page_fetches_the_files_in_the_worker_with_progress(client, council):
    user = make_user()
    user.groups.add(Group.objects.get(name=Role.SCRUTINY_OFFICER.label))
    client.force_login(user)
    host, port = council.server_address[:2]
    form = {
        "base_url": f"http://{host}:{port}/",
        **{"from_date_day": "1", "from_date_month": "1", "from_date_year": "2025"},
        **{"to_date_day": "31", "to_date_month": "3", "to_date_year": "2025"},
        "fetch_documents": "on",
    }
    check, _ = give(client, URL, form)
    assert not [r for r in council.requests if "documents" in r]  # the check fetches none
    _, page = confirm(client, URL, check)
    job = ImportJob.objects.filter(step=ImportJob.Step.IMPORT).get()
    assert job.state == ImportJob.State.DONE
    # The last stage was the fetch, counting every document (the count itself is written
    # beside the transaction, which the test's own transaction hides on SQLite).
    assert job.steps_total == 4
    report = Document.objects.get(title="Budget report")
    assert report.file and report.size_bytes == len(REPORT)
    assert report.sha256 == hashlib.sha256(REPORT).hexdigest()
    with report.file.open("rb") as stored:
        assert stored.read() == REPORT
    converted = Document.objects.get(title="Appendix A")
    assert converted.file.name.endswith(".pdf") and converted.size_bytes == len(CONVERTED)
    assert converted.sha256 == hashlib.sha256(CONVERTED).hexdigest()
    # The restricted paper is kept, and stays private: the public cannot download it.
    restricted = Document.objects.get(title="Appendix B - commercial")
    assert restricted.file and restricted.visibility != "public"
    client.logout()
    assert client.get(f"/documents/{restricted.pk}/download/").status_code == 404
    assert client.get(f"/documents/{report.pk}/download/").status_code == 200
    # Another site is refused, saying which address and why; nothing of it is kept.
    elsewhere = Document.objects.get(title="Elsewhere")
    assert not elsewhere.file and elsewhere.sha256 == ""
    text = page.content.decode()
    assert "Documents fetched into storage: 3" in text
    assert "Elsewhere: http://127.0.0.1:9/documents/s4/Elsewhere.pdf is not on an allowed" in text


def test_fetching_reports_progress_and_is_not_repeated(council):
    port = council.server_address[1]
    imported(port)
    seen = []
    documents = Document.objects.order_by("id")
    sites = [f"127.0.0.1:{port}"]
    first = fetch_documents(documents=documents, sites=sites, progress=lambda *a: seen.append(a))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert first.fetched == 3 and len(first.failed) == 1
    asked = len(council.requests)
    again = fetch_documents(documents=Document.objects.order_by("id"), sites=sites)
    assert again.fetched == 0 and again.already_held == 3
    assert len(council.requests) == asked


def test_a_site_that_fails_leaves_the_document_linked_and_says_so(council):
    port = council.server_address[1]
    imported(port)
    Document.objects.filter(title="Budget report").update(
        source_url=f"http://127.0.0.1:{port}/documents/s1/gone.pdf"
    )
    done = fetch_documents(
        documents=Document.objects.filter(title="Budget report"), sites=[f"127.0.0.1:{port}"]
    )
    assert done.fetched == 0
    assert done.failed == [
        "Budget report: Could not read that address from the allowed ModernGov sites."
    ]
    assert not Document.objects.get(title="Budget report").file


def test_the_command_fetches_documents_from_the_site_it_names(council, tmp_path):
    host, port = council.server_address[:2]
    out = io.StringIO()
    with override_settings(SCRUTINY_MODERNGOV_SITES=[]):
        call_command(
            "import_moderngov",
            "--base-url",
            f"http://{host}:{port}/",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--delay",
            "0",
            "--fetch-documents",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "Documents fetched into storage: 3" in out.getvalue()
    assert Document.objects.get(title="Budget report").sha256 == hashlib.sha256(REPORT).hexdigest()


# Attendance -----------------------------------------------------------------------------


def test_attendance_words_are_kept_as_what_they_say():
    meeting = imported(8000)
    kept = {a.person.name: a.status for a in Attendance.objects.filter(meeting=meeting)}
    assert kept == {
        "Ada Lovelace": Attendance.Status.EXPECTED,
        "Alan Turing": Attendance.Status.APOLOGIES,
        "Grace Hopper": Attendance.Status.SUBSTITUTE,
        "Jo Clerk": Attendance.Status.IN_ATTENDANCE,
    }


def test_the_dry_run_says_what_it_did_with_each_attendance_word():
    report = RecordImporter(source="ModernGov").import_meetings(
        [parse_meeting(xml=meeting_xml(8000))], dry_run=True
    )
    lines = report.lines()
    assert "Attendance 'Expected': 1 would be kept as expected" in lines
    assert "Attendance 'Apologies': 1 would be kept as apologies" in lines
    assert "Attendance 'Present as substitute': 1 would be kept as present as substitute" in lines
    assert "Attendance 'In attendance': 1 would be kept as in attendance" in lines
    assert (
        "Attendance 'Virtually': 1 would be left out (not a state we know; record it by hand)"
        in lines
    )
    assert report.as_dict()["attendance_states"][0] == {
        "word": "Apologies",
        "status": "apologies",
        "count": 1,
    }
    assert not Attendance.objects.exists()


def test_expected_attendance_is_shown_as_expected_then_becomes_what_was_recorded(client):
    meeting = imported(8000)
    staff = make_user()
    staff.groups.add(Group.objects.get(name=Role.CLERK.label))
    client.force_login(staff)
    assert "Expected" in client.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    client.logout()
    public = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Expected (the minutes do not record whether they came)" in public
    assert "Ada Lovelace" in public.split("Expected (the minutes")[1][:400]
    # The council later records that she came: a re-import updates it.
    again = parse_meeting(xml=meeting_xml(8000, attendance="Present"))
    report = RecordImporter(source="ModernGov").import_meetings([again])
    assert report.counts["attendance"]["updated"] == 1
    ada = Attendance.objects.get(meeting=meeting, person__name="Ada Lovelace")
    assert ada.status == Attendance.Status.PRESENT


# Minutes' stage and publication day -----------------------------------------------------


def test_minutes_published_without_a_day_are_approved_with_the_day_unknown():
    meeting = imported(8000)
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    assert meeting.minutes_published_at is None  # not the import's clock


def test_the_minutes_stage_and_day_come_from_the_answer():
    meeting = imported(
        8000,
        minutes_extra="<minutesstatus>Approved</minutesstatus>"
        "<minutespublisheddate>24/02/2025</minutespublisheddate>",
    )
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    assert meeting.minutes_published_at.date() == datetime.date(2025, 2, 24)


def test_printed_draft_minutes_are_a_draft_dated_as_published():
    extra = (
        "<linkeddocuments><linkeddoc><title>Printed draft minutes</title>"
        "<url>https://d.example.gov.uk/documents/g7001/Printed%20minutes.pdf</url>"
        "<publicationdate>14/02/2025</publicationdate></linkeddoc></linkeddocuments>"
    )
    parsed = parse_meeting(xml=meeting_xml(8000, minutes_extra=extra))
    assert (parsed.minutes_status, parsed.minutes_published_on) == (
        "draft",
        datetime.date(2025, 2, 14),
    )
    RecordImporter(source="ModernGov").import_meetings([parsed])
    meeting = Meeting.objects.get(source_id="7001")
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT


def test_a_later_import_dates_the_approval_from_the_answer():
    imported(8000, minutes_extra="<minutesstatus>Draft</minutesstatus>")
    meeting = imported(
        8000,
        minutes_extra="<minutesstatus>Approved</minutesstatus>"
        "<minutespublisheddate>03/03/2025</minutespublisheddate>",
    )
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    assert meeting.minutes_published_at.date() == datetime.date(2025, 3, 3)


def test_an_unknown_minutes_stage_is_refused_naming_the_element():
    from scrutiny.imports.errors import ImportRefused

    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=meeting_xml(8000, minutes_extra="<minutesstatus>Soon</minutesstatus>"))
    assert refused.value.place == "element meeting/minutesstatus"


def test_the_command_help_says_what_a_refusal_does():
    from scrutiny.imports.management.commands.import_moderngov import Command

    help_text = Command.help
    assert "No meeting is ever imported in part" in help_text
    assert "a refusal anywhere imports nothing" not in help_text
    assert json.dumps(help_text)  # one plain sentence set
