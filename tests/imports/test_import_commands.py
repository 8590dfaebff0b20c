"""The import commands: dry runs write nothing, bad input imports nothing."""

import io
import json
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutiny.committees.models import AgendaItem, Document, Meeting
from tests.helpers import assert_database_unchanged
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SEED = FIXTURES / "issue_customer_services.txt"
MODERNGOV = FIXTURES / "moderngov"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_minutes_page_dry_run_prints_the_structure_and_writes_nothing():
    with assert_database_unchanged():
        out, _ = run("import_minutes_page", str(SEED), "--dry-run", "--json")
    payload = json.loads(out)
    assert payload["committee"] == "Customer Services Scrutiny Committee"
    [entry] = payload["meetings"]
    assert (entry["date"], entry["item_number"]) == ("2024-09-16", "27")
    assert entry["documents"][0]["format"] == "pdf"
    assert entry["documents"][0]["size_kb"] == 556
    assert [(m["mover"], m["seconder"]) for m in entry["motions"]] == [
        ("Councillor Vicky Wapplington", "Councillor Phil Smith")
    ]
    assert len(entry["resolutions"][0]["parts"]) == 4
    assert entry["actions"][0]["owner"] == "Director of ICT"
    assert "tracker" not in payload
    assert payload["import"]["counts"]["meeting"]["created"] == 1


def test_with_the_demo_loaded_the_stated_figures_match_the_tracker(demo):
    with assert_database_unchanged():
        out, _ = run("import_minutes_page", str(SEED), "--dry-run", "--json")
    payload = json.loads(out)
    assert payload["stated_figures"] == {
        "total": 13,
        "achieved": 9,
        "achieved_late": 2,
        "extended": 4,
    }
    tracker = payload["tracker"]
    assert tracker["figures_match"] is True
    assert tracker["differences"] == []
    assert (tracker["total"], tracker["achieved"], tracker["extended"]) == (13, 9, 4)


def test_a_page_stating_8_achieved_names_the_mismatch(demo, tmp_path):
    variant = tmp_path / "variant.txt"
    variant.write_bytes(SEED.read_bytes().replace(b"9 out of these 13", b"8 out of these 13"))
    out, _ = run("import_minutes_page", str(variant), "--dry-run", "--json")
    tracker = json.loads(out)["tracker"]
    assert tracker["figures_match"] is False
    assert tracker["differences"] == ["stated 8 achieved, the tracker computes 9"]


def test_the_demo_meeting_is_signed_so_a_changing_import_is_refused_for_it(demo):
    with assert_database_unchanged():
        out, _ = run("import_minutes_page", str(SEED))
    assert "Meetings: 0 created, 0 updated, 0 unchanged, 1 refused" in out
    assert "signed and locked" in out
    assert "The stated figures match the tracker" in out


def test_minutes_page_import_prints_the_counts():
    out, _ = run("import_minutes_page", str(SEED))
    assert "Meetings: 1 created, 0 updated, 0 unchanged, 0 refused" in out
    assert "Resolutions: 1 created" in out
    out, _ = run("import_minutes_page", str(SEED))
    assert "Meetings: 0 created, 0 updated, 1 unchanged, 0 refused" in out


def test_a_page_with_no_meeting_line_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Issue - meetings\n\nSomething else entirely\n")
    with assert_database_unchanged(), pytest.raises(CommandError) as refusal:
        run("import_minutes_page", str(bad))
    assert "Nothing was imported. line 1:" in str(refusal.value)
    assert refusal.value.returncode != 0


def test_moderngov_files_dry_run_prints_the_meetings_and_writes_nothing():
    with assert_database_unchanged():
        out, err = run("import_moderngov", "--files", str(MODERNGOV), "--dry-run", "--json")
    payload = json.loads(out)
    numbers = [(entry["date"], entry["item_number"]) for entry in payload["meetings"]]
    assert numbers == [("2024-09-16", "25"), ("2024-09-16", "27"), ("2025-03-17", "8(1)")]
    assert payload["meetings"][1]["documents"][0]["title"] == "Second Interim Report"
    assert payload["meetings"][1]["motions"][0]["mover"] == "Councillor Vicky Wapplington"
    assert payload["import"]["counts"]["meeting"]["created"] == 2
    assert "GetMeetings_98.xml" in err


def test_moderngov_files_import_writes_the_meetings_and_keeps_restricted_papers_private():
    run("import_moderngov", "--files", str(MODERNGOV))
    meeting = Meeting.objects.get(source_id="4567")
    assert meeting.venue == "Council Chamber, Civic Centre"
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    assert meeting.attendance.count() == 3
    public = Document.objects.get(source_url__endswith="s31001/Second%20Interim%20Report.pdf")
    assert public.visibility == "public" and public.file_format == "PDF"
    appendix = Document.objects.get(title="Appendix B - Supplier costs")
    assert appendix.visibility == "exempt"
    exempt = AgendaItem.objects.get(source_id="9101")
    assert exempt.visibility == "exempt"
    assert exempt.exempt_paragraphs == [3]
    assert exempt.documents.get().visibility == "exempt"


def test_moderngov_reimport_is_idempotent():
    run("import_moderngov", "--files", str(MODERNGOV))
    with assert_database_unchanged():
        out, _ = run("import_moderngov", "--files", str(MODERNGOV))
    assert "Meetings: 0 created, 0 updated, 2 unchanged, 0 refused" in out
    assert "Agenda items: 0 created, 0 updated, 3 unchanged, 0 refused" in out


def test_restricted_items_without_a_stated_paragraph_are_exempt_pending_a_clerk(tmp_path):
    files = tmp_path / "saved"
    shutil.copytree(MODERNGOV, files)
    path = files / "GetMeeting_4568.xml"
    path.write_text(path.read_text().replace("Exempt: paragraph 3 of Schedule 12A.", "Private."))
    run("import_moderngov", "--files", str(files))
    item = AgendaItem.objects.get(source_id="9101")
    assert item.visibility == "exempt"
    assert item.exempt_paragraphs == []
    assert "does not say which paragraph" in item.public_interest_reason


def test_a_batch_with_one_malformed_meeting_date_imports_nothing(tmp_path):
    files = tmp_path / "saved"
    shutil.copytree(MODERNGOV, files)
    path = files / "GetMeeting_4568.xml"
    path.write_text(path.read_text().replace("17/03/2025", "31/02/2025"))
    with assert_database_unchanged(), pytest.raises(CommandError) as refusal:
        run("import_moderngov", "--files", str(files))
    message = str(refusal.value)
    assert "GetMeeting 4568: element meeting/meetingdate" in message
    assert "not a real date" in message


def test_moderngov_committee_and_date_range_select_the_meetings():
    out, _ = run(
        "import_moderngov", "--files", str(MODERNGOV), "--committee", "123",
        "--from", "2025-01-01", "--to", "2025-12-31", "--dry-run", "--json",
    )  # fmt: skip
    assert {entry["date"] for entry in json.loads(out)["meetings"]} == {"2025-03-17"}


def test_base_url_needs_a_date_range():
    with pytest.raises(CommandError, match="--from and --to are required"):
        run("import_moderngov", "--base-url", "https://democracy.example.gov.uk")


@pytest.fixture
def council_site(settings):
    from tests.imports.test_moderngov_client import _ModernGovHandler

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ModernGovHandler)
    httpd.requests, httpd.failures_left = [], 0
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.SCRUTINY_MODERNGOV_SITES = []
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = [f"127.0.0.1:{httpd.server_address[1]}"]
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def test_the_command_reads_the_site_it_names_through_the_outbound_rules(council_site, settings):
    base_url = f"http://127.0.0.1:{council_site.server_address[1]}/"
    dates = ("--from", "2024-04-01", "--to", "2025-03-31", "--committee", "123", "--delay", "0")
    with assert_database_unchanged():
        out, _ = run("import_moderngov", "--base-url", base_url, *dates, "--dry-run", "--json")
    assert len(json.loads(out)["meetings"]) == 3
    settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = []  # a loopback address needs the setting
    asked = len(council_site.requests)
    with pytest.raises(CommandError, match="Could not read that address from the allowed"):
        run("import_moderngov", "--base-url", base_url, *dates, "--dry-run")
    assert len(council_site.requests) == asked


def test_a_bad_date_option_is_named():
    with pytest.raises(CommandError, match="--from: '2024-13-01' is not a date"):
        run("import_moderngov", "--files", str(MODERNGOV), "--from", "2024-13-01")


def test_long_runs_report_progress_on_stderr(tmp_path):
    files = tmp_path / "saved"
    files.mkdir()
    template = (MODERNGOV / "GetMeeting_4568.xml").read_text()
    listed = []
    for number in range(150):
        meeting_id = str(5000 + number)
        day = f"{1 + number % 28:02d}/{1 + number // 28:02d}/2025"
        xml = template.replace("4568", meeting_id).replace("17/03/2025", day)
        xml = xml.replace("9101", str(9000 + number)).replace("32001", str(40000 + number))
        (files / f"GetMeeting_{meeting_id}.xml").write_text(xml)
        listed.append(
            f"<meeting><meetingid>{meeting_id}</meetingid><meetingdate>{day}</meetingdate></meeting>"
        )
    (files / "GetCommittees.xml").write_text(
        "<committees><committee><committeeid>7</committeeid><committeetitle>Audit Committee"
        "</committeetitle></committee></committees>"
    )
    (files / "GetMeetings_7.xml").write_text(
        "<getmeetings><committee><committeeid>7</committeeid></committee><committeemeetings>"
        + "".join(listed)
        + "</committeemeetings></getmeetings>"
    )
    out, err = run("import_moderngov", "--files", str(files))
    assert "Imported 100 of 150 meetings" in err
    assert "Imported 150 of 150 meetings" in err
    assert "Read 150 of 150 meetings" in err
    assert Meeting.objects.count() == 150
    assert "Meetings: 150 created" in out
