"""The staff page for importing a minutes page: upload or paste, check, confirm. The test
settings run background tasks at once, so a job's page shows its outcome straight after
the redirect (tests/site/test_record_import_jobs.py follows a job through the queue)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from scrutiny.committees.models import Meeting, Resolution
from scrutiny.core.uploads import oversize_reason
from scrutiny.imports.models import ImportJob
from scrutiny.people.roles import Role
from tests.factories import make_user
from tests.helpers import assert_database_unchanged
from tests.imports.conftest import FIXTURES
from tests.site.import_jobs import confirm, give

pytestmark = pytest.mark.django_db

URL = "/staff/imports/minutes/"
SEED = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")


def sign_in(client, role: Role | None = Role.SCRUTINY_OFFICER):
    user = make_user()
    if role is not None:
        user.groups.add(Group.objects.get(name=role.label))
    client.force_login(user)
    return user


def test_people_not_signed_in_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/staff/imports/minutes/" in response["Location"]


def test_signed_in_people_without_the_role_are_refused(client):
    officer = sign_in(client)
    job, _ = give(client, URL, {"text": SEED})
    sign_in(client, role=None)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}jobs/{job}/").status_code == 403
    assert client.post(f"{URL}jobs/{job}/confirm/", {"confirm": job}).status_code == 403
    assert not ImportJob.objects.exclude(owner=officer).exists()


def test_the_form_offers_upload_and_paste(client):
    sign_in(client, Role.CLERK)
    page = client.get(URL).content.decode()
    assert 'class="govuk-file-upload"' in page
    assert 'class="govuk-textarea"' in page
    assert '<h1 class="govuk-heading-xl">Import a minutes page</h1>' in page


def test_the_preview_shows_what_would_be_created_and_writes_nothing(client):
    sign_in(client)
    with assert_database_unchanged():
        _, response = give(client, URL, {"text": SEED})
    page = response.content.decode()
    assert response.status_code == 200
    assert "What importing would do" in page
    assert "Councillor Vicky Wapplington" in page
    assert "Officers continue to implement the recommendations" in page
    assert "16 September 2024" in page
    assert 'http-equiv="refresh"' not in page
    assert Meeting.objects.count() == 0


def test_confirming_imports_the_previewed_page_and_shows_the_counts(client):
    user = sign_in(client)
    job, _ = give(client, URL, {"text": SEED})
    _, response = confirm(client, URL, job)
    page = response.content.decode()
    assert "Import complete" in page and "What the import did" in page
    assert Meeting.objects.get().date.isoformat() == "2024-09-16"
    assert Resolution.objects.get().parts.count() == 4
    assert Meeting.objects.get().version == 1
    assert user.auditevent_set.filter(action="meeting.create").exists()


def test_a_check_is_imported_once(client):
    sign_in(client)
    job, _ = give(client, URL, {"text": SEED})
    first, _ = confirm(client, URL, job)
    again, _ = confirm(client, URL, job)
    assert again["Location"] == first["Location"]
    assert Meeting.objects.count() == 1
    assert ImportJob.objects.filter(step="import").count() == 1
    preview = client.get(f"{URL}jobs/{job}/").content.decode()
    assert "This check has been confirmed" in preview
    assert f'action="{URL}jobs/{job}/confirm/"' not in preview


def test_an_uploaded_file_is_previewed_like_pasted_text(client):
    sign_in(client)
    upload = SimpleUploadedFile("page.txt", SEED.encode(), content_type="text/plain")
    job, response = give(client, URL, {"page": upload})
    assert response.status_code == 200
    assert response.context["report"]["counts"]["meeting"]["created"] == 1
    assert ImportJob.objects.get(pk=job).options == {
        "given_as": "page",
        "meeting_date": "",
        "committee": "",
        "item": "",
    }


def test_a_page_naming_no_meeting_is_imported_into_the_meeting_chosen(client):
    import datetime

    from django.utils import timezone

    from scrutiny.committees.models import AgendaItem, Committee

    committee = Committee.objects.create(name="Housing Scrutiny Committee", slug="housing")
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.make_aware(datetime.datetime(2024, 11, 5, 18, 0)),
        status=Meeting.Status.HELD,
    )
    sign_in(client)
    page = (FIXTURES.parent / "pages" / "item_body_only.txt").read_bytes()
    form = client.get(URL).content.decode()
    assert "Housing Scrutiny Committee, 5 November 2024" in form
    _refused, response = give(
        client, URL, {"page": SimpleUploadedFile("item.txt", page, content_type="text/plain")}
    )
    assert "--meeting-date" in response.content.decode()
    job, response = give(
        client,
        URL,
        {
            "page": SimpleUploadedFile("item.txt", page, content_type="text/plain"),
            "meeting": meeting.pk,
            "item": "12",
        },
    )
    assert response.context["report"]["counts"]["item"]["created"] == 1
    confirm(client, URL, job)
    item = AgendaItem.objects.get()
    assert (item.meeting, item.number, item.title) == (
        meeting,
        "12",
        "Annual Complaints Report 2023/24",
    )


def test_a_page_that_cannot_be_read_is_refused_with_its_line_and_kept(client):
    sign_in(client)
    text = "Issue - meetings\nNo meeting here\n"
    with assert_database_unchanged():
        job, response = give(client, URL, {"text": text})
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "line 1: no &#x27;Meeting: dd/mm/yyyy" in page
    assert "Correct the text and check it again" in page
    # Nothing is lost: the form gives the text back to be corrected.
    again = client.get(URL, {"again": job})
    assert again.context["form"]["text"].value() == text.strip()


def test_giving_nothing_is_refused(client):
    sign_in(client)
    response = client.post(URL, {})
    assert "Upload the saved page or paste its text" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_pasted_text_over_the_upload_limit_is_refused_on_the_form(client, settings):
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 1000
    sign_in(client)
    response = client.post(URL, {"text": SEED})
    assert response.status_code == 200
    assert oversize_reason(len(SEED.encode())) in response.content.decode()
    assert response.context["form"]["text"].value() == SEED
    assert not ImportJob.objects.exists()


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_matching_figures_are_confirmed_in_the_preview(client, demo):
    sign_in(client)
    _, response = give(client, URL, {"text": SEED})
    page = response.content.decode()
    assert "match what the tracker computes" in page
    assert "signed and locked" in page


def test_a_mismatch_is_highlighted_in_a_warning(client, demo):
    sign_in(client)
    variant = SEED.replace("9 out of these 13", "8 out of these 13")
    _, response = give(client, URL, {"text": variant})
    page = response.content.decode()
    assert "govuk-warning-text" in page
    assert "do not match the tracker" in page
    assert "stated 8 achieved, the tracker computes 9" in page
