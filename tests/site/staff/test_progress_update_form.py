"""The owner's progress update, with evidence files judged by their content."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.reviews.selectors import review_progress_summary
from tests.core.test_uploads import EXE, pdf_bytes
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import assert_refused, banner, date_data, page, rec

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 2, 10, 12, 0, tzinfo=dt.UTC)


def update_data(r, **changes):
    data = {
        "version": r.version,
        "proposed_status": "achieved",
        "narrative": "The new microphones are installed and working.",
        **date_data("as_of", dt.date(2025, 2, 7)),
    }
    return data | changes


@pytest.fixture(autouse=True)
def in_february_2025():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_owner_posts_an_update_with_a_pdf_as_evidence(owner_client, demo):
    r = rec(demo, 12)
    evidence = SimpleUploadedFile("Installation sign-off.pdf", pdf_bytes())
    url = reverse("staff:progress-update", args=[r.pk])
    response = owner_client.post(url, update_data(r, evidence_files=[evidence]), follow=True)

    assert banner(response) == (
        f"Your update on “{r.short_text}” is posted and public as the service's position; "
        "the status the committee agreed stays until the committee agrees a new one"
    )
    update = r.updates.order_by("-id").first()
    [item] = update.evidence.all()
    assert item.title == "Installation sign-off"
    assert item.file.name.startswith("evidence/2025/02/")
    assert item.file.name.endswith("-installation-sign-off.pdf")
    r.refresh_from_db()
    assert (r.status.code, r.proposed_status.code) == ("extended", "achieved")
    summary = review_progress_summary(review=demo, position="reported")
    assert (summary.achieved, summary.count("extended")) == (10, 3)


def test_evidence_downloads_for_staff_only(owner_client, client, demo):
    r = rec(demo, 12)
    evidence = SimpleUploadedFile("proof.pdf", pdf_bytes())
    owner_client.post(
        reverse("staff:progress-update", args=[r.pk]), update_data(r, evidence_files=[evidence])
    )
    item = r.updates.order_by("-id").first().evidence.get()
    url = reverse("staff:evidence", args=[item.pk])
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert client.get(url).status_code == 302  # signed out: to the sign-in page


def test_a_pdf_named_docx_is_stored_as_a_pdf(owner_client, demo):
    r = rec(demo, 12)
    evidence = SimpleUploadedFile("minutes.docx", pdf_bytes())
    owner_client.post(
        reverse("staff:progress-update", args=[r.pk]), update_data(r, evidence_files=[evidence])
    )
    item = r.updates.order_by("-id").first().evidence.get()
    assert item.file.name.endswith("-minutes.pdf")


def test_a_program_named_pdf_is_refused_and_nothing_is_saved(owner_client, demo):
    r = rec(demo, 12)
    evidence = SimpleUploadedFile("report.pdf", EXE)
    with assert_database_unchanged():
        response = owner_client.post(
            reverse("staff:progress-update", args=[r.pk]),
            update_data(r, evidence_files=[evidence]),
        )
    assert_refused(
        response,
        "The selected file must be a PDF, Word document, Excel spreadsheet, OpenDocument "
        "text, CSV file, PNG image or JPEG image",
        "id_evidence_files",
    )


def test_an_oversize_file_is_refused(owner_client, demo, settings):
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 2048
    r = rec(demo, 12)
    evidence = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 4096)
    with assert_database_unchanged():
        response = owner_client.post(
            reverse("staff:progress-update", args=[r.pk]),
            update_data(r, evidence_files=[evidence]),
        )
    assert_refused(response, "The file is 5 KB; the limit is 2 KB.", "id_evidence_files")


def test_an_update_dated_in_the_future_is_refused(owner_client, demo):
    r = rec(demo, 12)
    data = update_data(r, **date_data("as_of", dt.date(2025, 2, 11)))
    with assert_database_unchanged():
        response = owner_client.post(reverse("staff:progress-update", args=[r.pk]), data)
    assert_refused(response, "The update date cannot be in the future.", "id_as_of")


def test_extended_is_not_offered_on_a_recommendation_that_is_not_extended(owner_client, demo):
    from scrutiny.reviews import services

    r = rec(demo, 12)
    # The committee agrees it is back on track: no longer extended.
    services.recommendation_set_status(actor=None, recommendation=r, status="on-track")
    html = page(owner_client.get(reverse("staff:progress-update", args=[r.pk])))
    offered = html.xpath('//input[@name="proposed_status"]/@value')
    assert "extended" not in offered
    assert "achieved" in offered


def test_user_text_is_escaped(owner_client, demo):
    r = rec(demo, 12)
    data = update_data(r, narrative='<script>alert("x")</script> Done.')
    owner_client.post(reverse("staff:progress-update", args=[r.pk]), data)
    response = owner_client.get(reverse("staff:recommendation", args=[r.pk]))
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Done." in body
