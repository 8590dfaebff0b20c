"""The staff page for importing from ModernGov: upload or fetch, check, confirm. The test
settings run background tasks at once, so a job's page shows its outcome straight after
the redirect; problems with the upload itself are refused on the form, before any job."""

import io
import threading
import zipfile
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.committees.models import AgendaItem, Meeting
from scrutiny.core.models import AuditEvent
from scrutiny.core.outbound import FAILED
from scrutiny.imports.models import ImportJob
from scrutiny.imports.moderngov_saved import answer_name
from scrutiny.imports.pending import FOLDER
from scrutiny.people.roles import Role
from tests.factories import make_user
from tests.helpers import assert_database_unchanged
from tests.imports.conftest import FIXTURES
from tests.imports.test_moderngov_client import _ModernGovHandler
from tests.site.import_jobs import confirm, give

pytestmark = pytest.mark.django_db

URL = "/staff/imports/moderngov/"
SAVED = FIXTURES / "moderngov"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Each test sees only the answers it kept."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def answers() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(SAVED.glob("*.xml"))}


def zip_of(files: dict[str, bytes], name: str = "answers.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def sign_in(client, role: Role | None = Role.SCRUTINY_OFFICER):
    user = make_user()
    if role is not None:
        user.groups.add(Group.objects.get(name=role.label))
    client.force_login(user)
    return user


def pending() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    return sorted(folder.glob("moderngov-*")) if folder.exists() else []


def refusal(response) -> str:
    """The job's page saying why nothing was imported."""
    page = response.content.decode()
    assert "Nothing was imported" in page, "expected the job to have failed"
    return page


def error_summary(response) -> str:
    page = response.content.decode()
    assert "govuk-error-summary" in page, "expected the form again with an error summary"
    return page


def test_people_not_signed_in_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/staff/imports/moderngov/" in response["Location"]


def test_signed_in_people_without_the_role_are_refused(client):
    sign_in(client, role=Role.RECOMMENDATION_OWNER)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"saved": zip_of(answers())}).status_code == 403
    job = ImportJob.objects.create(owner=make_user(), kind="moderngov", step="check")
    assert client.get(f"{URL}jobs/{job.pk}/").status_code == 403
    assert client.post(f"{URL}jobs/{job.pk}/confirm/", {"confirm": job.pk}).status_code == 403


def test_the_form_offers_an_upload_an_address_and_the_range(client):
    sign_in(client, Role.CLERK)
    page = client.get(URL).content.decode()
    assert '<h1 class="govuk-heading-xl">Import from ModernGov</h1>' in page
    assert 'class="govuk-file-upload"' in page and "multiple" in page
    assert 'name="base_url"' in page and 'name="from_date_day"' in page
    assert 'name="committee"' in page


def test_the_preview_of_a_zip_shows_the_meetings_and_writes_nothing(client):
    sign_in(client)
    with assert_database_unchanged():
        _, response = give(client, URL, {"saved": zip_of(answers())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "What importing would do" in page
    assert "16 September 2024" in page and "17 March 2025" in page
    assert "Customer Services Scrutiny Committee" in page
    assert "Restricted</strong> Item 8(1): Telephony Contract Renewal" in page
    assert "No saved GetMeetings_98.xml: Member ICT Working Group skipped." in page
    counts = response.context["report"]["counts"]
    assert counts["meeting"]["created"] == 2 and counts["item"]["created"] == 3
    assert [row["items"] for row in response.context["meetings"]] == [2, 1]
    assert Meeting.objects.count() == 0
    assert len(pending()) == 1


def test_confirming_imports_what_was_previewed_and_again_changes_nothing(client):
    user = sign_in(client)
    job, _ = give(client, URL, {"saved": zip_of(answers())})
    _, response = confirm(client, URL, job)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Import complete" in page and "What the import did" in page
    assert set(Meeting.objects.values_list("source_id", flat=True)) == {"4567", "4568"}
    assert AgendaItem.objects.get(source_id="9101").visibility == "exempt"
    assert AuditEvent.objects.filter(actor=user, action="meeting.create").count() == 2
    assert pending() == []

    job, _ = give(client, URL, {"saved": zip_of(answers())})
    with assert_database_unchanged():
        _, response = confirm(client, URL, job)
    report = response.context["report"]
    assert not report["changed"] and not report["refusals"]
    assert report["counts"]["meeting"]["unchanged"] == 2
    assert "Nothing changed" in response.content.decode()


def test_a_check_is_imported_once(client):
    sign_in(client)
    job, _ = give(client, URL, {"saved": zip_of(answers())})
    first, _ = confirm(client, URL, job)
    again, _ = confirm(client, URL, job)
    assert again["Location"] == first["Location"]
    assert ImportJob.objects.filter(step="import").count() == 1
    assert "This check has been confirmed" in client.get(f"{URL}jobs/{job}/").content.decode()


def test_a_form_that_names_another_job_imports_nothing(client):
    sign_in(client)
    job, _ = give(client, URL, {"saved": zip_of(answers())})
    with assert_database_unchanged():
        response = client.post(f"{URL}jobs/{job}/confirm/", {"confirm": "not-the-job"})
    assert response["Location"] == f"{URL}jobs/{job}/"
    assert not ImportJob.objects.filter(step="import").exists()


def test_a_new_preview_replaces_an_unconfirmed_one(client):
    sign_in(client)
    first, _ = give(client, URL, {"saved": zip_of(answers())})
    give(client, URL, {"saved": zip_of(answers())})
    assert len(pending()) == 1
    _, response = confirm(client, URL, first)
    assert "no longer kept" in refusal(response)
    assert Meeting.objects.count() == 0


def test_several_xml_files_are_previewed_like_a_zip(client):
    sign_in(client)
    files = [SimpleUploadedFile(name, data, "text/xml") for name, data in answers().items()]
    _, response = give(client, URL, {"saved": files})
    assert response.status_code == 200
    assert response.context["report"]["counts"]["meeting"]["created"] == 2


def test_the_committee_and_dates_choose_the_meetings(client):
    sign_in(client)
    data = {"saved": zip_of(answers()), "committee": "123"}
    data |= {"from_date_day": "1", "from_date_month": "1", "from_date_year": "2025"}
    _, response = give(client, URL, data)
    assert [row["source_id"] for row in response.context["meetings"]] == ["4568"]


def test_an_unknown_committee_is_named_and_the_choices_given_back(client):
    sign_in(client)
    data = {"saved": zip_of(answers()), "committee": "999"}
    data |= {"from_date_day": "1", "from_date_month": "1", "from_date_year": "2025"}
    job, response = give(client, URL, data)
    assert "GetCommittees lists no committee with id &#x27;999&#x27;" in refusal(response)
    assert len(pending()) == 1  # kept, to be checked again
    again = client.get(URL, {"again": job})
    assert again.context["form"]["committee"].value() == "999"
    assert 'name="from_date_year" type="text" inputmode="numeric" value="2025"' in (
        again.content.decode()
    )


def test_a_malformed_meeting_is_refused_naming_its_element(client):
    sign_in(client)
    files = answers()
    files["GetMeeting_4568.xml"] = files["GetMeeting_4568.xml"].replace(
        b"17/03/2025", b"31/02/2025"
    )
    with assert_database_unchanged():
        _, response = give(client, URL, {"saved": zip_of(files)})
    page = refusal(response)
    assert "GetMeeting 4568: element meeting/meetingdate" in page
    assert "not a real date" in page


def test_a_signed_meeting_the_import_would_change_is_shown_as_refused(client):
    sign_in(client)
    confirm(client, URL, give(client, URL, {"saved": zip_of(answers())})[0])
    Meeting.objects.filter(source_id="4567").update(minutes_status=Meeting.MinutesStatus.SIGNED)
    files = answers()
    files["GetMeeting_4567.xml"] = files["GetMeeting_4567.xml"].replace(
        b"Council Chamber", b"Committee Room 1"
    )
    _, response = give(client, URL, {"saved": zip_of(files)})
    page = response.content.decode()
    assert "govuk-warning-text" in page and "signed and locked" in page
    assert response.context["report"]["counts"]["meeting"]["refused"] == 1


# Uploads that are refused before anything is read ----------------------------------------


def test_a_zip_member_outside_its_folder_refuses_the_upload(client):
    sign_in(client)
    files = answers() | {"../evil.xml": b"<x/>"}
    response = client.post(URL, {"saved": zip_of(files)})
    page = error_summary(response)
    assert "the ZIP file holds &#x27;../evil.xml&#x27;, which points outside its folder" in page
    assert pending() == []
    assert not (Path(settings.MEDIA_ROOT) / "evil.xml").exists()
    assert not (Path(settings.MEDIA_ROOT) / FOLDER / "evil.xml").exists()


def test_a_zip_that_unpacks_too_large_is_refused(client):
    sign_in(client)
    files = answers() | {"GetMeeting_9.xml": b"<" + b" " * (101 * 1024 * 1024)}
    response = client.post(URL, {"saved": zip_of(files)})
    refusal = "The file would unpack to 101.1 MB; the most allowed is 100 MB."
    assert refusal in error_summary(response)
    assert pending() == []


def test_an_upload_over_the_size_limit_is_refused(client, settings):
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    sign_in(client)
    big = SimpleUploadedFile("answers.zip", b"0" * (20 * 1024 * 1024 + 1))
    response = client.post(URL, {"saved": big})
    assert "The file is 20.1 MB; the limit is 20 MB." in error_summary(response)


def test_a_file_that_is_not_a_zip_is_refused(client):
    sign_in(client)
    fake = SimpleUploadedFile("answers.zip", b"these are not the answers")
    response = client.post(URL, {"saved": fake})
    assert "answers.zip: this is not a ZIP file that can be opened" in error_summary(response)
    other = SimpleUploadedFile("answers.txt", b"text")
    response = client.post(URL, {"saved": other})
    assert "only a ZIP file or .xml files can be uploaded" in error_summary(response)


def test_answers_without_the_committees_list_are_refused(client):
    sign_in(client)
    files = {name: data for name, data in answers().items() if name != "GetCommittees.xml"}
    response = client.post(URL, {"saved": zip_of(files)})
    assert "There is no GetCommittees.xml among the files" in error_summary(response)


def test_giving_nothing_or_both_is_refused(client):
    sign_in(client)
    page = error_summary(client.post(URL, {}))
    assert "Upload the saved answers or give the site&#x27;s address" in page
    both = {"saved": zip_of(answers()), "base_url": "https://democracy.example.gov.uk"}
    assert "not both" in error_summary(client.post(URL, both))


def test_the_site_address_needs_both_dates(client):
    sign_in(client)
    response = client.post(URL, {"base_url": "https://democracy.example.gov.uk"})
    assert "Enter both dates to read meetings from the site" in error_summary(response)


def test_saved_answer_names_are_rebuilt_not_trusted():
    assert answer_name("getmeeting_4567.XML") == "GetMeeting_4567.xml"
    assert answer_name("GETCOMMITTEES.xml") == "GetCommittees.xml"
    assert answer_name("GetMeetings_12.xml") == "GetMeetings_12.xml"
    assert answer_name("GetMeeting_../x.xml") is None
    assert answer_name("notes.xml") is None


# Reading the council's site -------------------------------------------------------------


@pytest.fixture
def council_site(settings):
    settings.SCRUTINY_MODERNGOV_FETCH_DELAY = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ModernGovHandler)
    httpd.requests = []
    httpd.failures_left = 0
    site = f"127.0.0.1:{httpd.server_address[1]}"
    settings.SCRUTINY_MODERNGOV_SITES = settings.SCRUTINY_OUTBOUND_ALLOW_PRIVATE = [site]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def site_form(httpd) -> dict:
    host, port = httpd.server_address[:2]
    return {
        "base_url": f"http://{host}:{port}/",
        **{"from_date_day": "1", "from_date_month": "4", "from_date_year": "2024"},
        **{"to_date_day": "31", "to_date_month": "3", "to_date_year": "2025"},
        "committee": "123",
    }


def test_the_site_is_read_once_in_the_worker_and_the_import_uses_what_was_checked(
    client, council_site
):
    sign_in(client)
    with assert_database_unchanged():
        job, response = give(client, URL, site_form(council_site))
    assert response.context["report"]["counts"]["meeting"]["created"] == 2
    asked = len(council_site.requests)
    assert asked == 4  # GetCommittees, GetMeetings, and GetMeeting twice
    assert ImportJob.objects.get(pk=job).token  # what was read is kept for the import
    confirm(client, URL, job)
    assert len(council_site.requests) == asked
    assert Meeting.objects.count() == 2
    assert pending() == []


def test_the_request_does_not_read_the_site(client, council_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sign_in(client)
    job, response = give(client, URL, site_form(council_site))
    assert council_site.requests == []
    assert "Checking the answers" in response.content.decode()
    assert ImportJob.objects.get(pk=job).token == ""


def test_reading_a_site_is_off_until_an_administrator_names_it(client, council_site, settings):
    sign_in(client)
    settings.SCRUTINY_MODERNGOV_SITES = []
    page = error_summary(client.post(URL, site_form(council_site)))
    assert "Reading a ModernGov site from this page is switched off" in page
    settings.SCRUTINY_MODERNGOV_SITES = ["democracy.example.gov.uk"]
    page = error_summary(client.post(URL, site_form(council_site)))
    assert "reads only from democracy.example.gov.uk" in page
    settings.SCRUTINY_MODERNGOV_SITES = ["127.0.0.1"]  # no port: 80 and 443 only
    page = error_summary(client.post(URL, site_form(council_site)))
    assert "reads only from 127.0.0.1" in page
    assert council_site.requests == []
    assert not ImportJob.objects.exists()


def test_a_site_that_fails_is_refused_saying_only_that(client, council_site):
    sign_in(client)
    council_site.failures_left = 10
    form = site_form(council_site)
    job, response = give(client, URL, form)
    page = refusal(response)
    assert "Could not read that address from the allowed ModernGov sites." in page
    # The site's status is not told; the address typed is shown again (its port may hold
    # the digits 503).
    assert "503" not in page.replace(form["base_url"], "")
    assert pending() == []
    # The address and dates are kept: checking again reads the site again.
    assert "The site's address and dates are kept." in page
    council_site.failures_left = 0
    response = client.post(f"{URL}jobs/{job}/retry/", {"retry": job})
    assert "What importing would do" in client.get(response["Location"]).content.decode()


def test_a_site_redirecting_to_a_loopback_canary_reads_the_same_and_never_reaches_it(
    client, council_site
):
    sign_in(client)
    council_site.failures_left = 10
    failing, _ = give(client, URL, site_form(council_site))
    canary = ThreadingHTTPServer(("127.0.0.1", 0), _ModernGovHandler)
    canary.requests, canary.failures_left = [], 0
    thread = threading.Thread(target=canary.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        council_site.redirect_to = f"http://127.0.0.1:{canary.server_address[1]}"
        redirecting, _ = give(client, URL, site_form(council_site))
    finally:
        canary.shutdown()
        canary.server_close()
        thread.join(timeout=5)
    assert canary.requests == []
    errors = {ImportJob.objects.get(pk=job).error for job in (failing, redirecting)}
    assert errors == {FAILED}
    assert pending() == []
