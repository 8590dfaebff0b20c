"""The monitoring cycle's report, end to end on the demo council: built from the tracker,
issued to a meeting as documents, and frozen once issued."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document as read_docx
from pypdf import PdfReader

from scrutiny.committees.models import Meeting
from scrutiny.core.errors import Refused
from scrutiny.reports.services import (
    monitoring_report_issue_check,
    monitoring_report_issue_with_files,
)
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Review
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
SLUG = "members-ict-support-and-ict-service-delivery"
SUMMARY = "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended"
EXTENDED = [
    "That necessary works be completed in the Council Chamber to upgrade the power supply.",
    "That consideration be given to providing additional access to the intranet (either via "
    "an extranet link or additional on-site PC/Laptop provision) for Members.",
    "That a review of the Council Chamber and meeting room ICT equipment takes place.",
    "That a review of Members' ICT Equipment provision also takes place.",
]
RESOLUTIONS = [
    "Members note the progress against the review recommendations;",
    "that Members acknowledge any exceptions to delivery and clarify the additional action "
    "required by the service;",
    "that Members make its report and findings public, in accordance with Part 4.5.17(4) of "
    "the Council's Constitution;",
    "that Officers continue to implement the recommendations and submit a further report in "
    "six months' time highlighting progress and any exceptions to delivery.",
]


def squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def pdf_text(blob: bytes) -> str:
    return squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(blob)).pages))


def docx_text(blob: bytes) -> str:
    doc = read_docx(io.BytesIO(blob))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return squash(" ".join(parts))


@pytest.fixture
def demo():
    call_command("load_demo")
    return Review.objects.get(slug=SLUG)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_built_report_holds_the_summary_the_exceptions_and_the_resolutions(demo, fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    call_command("build_monitoring_report", review=SLUG, format=fmt, output=str(out))
    text = (pdf_text if fmt == "pdf" else docx_text)(out.read_bytes())
    assert SUMMARY in text
    for recommendation in EXTENDED:
        assert squash(recommendation) in text
    for resolution in RESOLUTIONS:
        assert resolution in text
    assert "DRAFT" in text  # the next report as it stands is a draft


def test_built_pdf_is_tagged_with_title_and_language(demo, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("build_monitoring_report", review=SLUG, format="pdf", output=str(out))
    pdf = PdfReader(io.BytesIO(out.read_bytes()))
    catalog = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata.title.startswith(
        "Review of Members ICT & Support and ICT Service Delivery: Third Interim Report"
    )


def test_issued_report_from_the_command_reads_as_the_second_interim_report(demo, tmp_path):
    out = tmp_path / "second.docx"
    call_command("build_monitoring_report", review=SLUG, format="docx", output=str(out), sequence=2)
    text = docx_text(out.read_bytes())
    assert (
        "Review of Members ICT & Support and ICT Service Delivery: Second Interim Report "
        "(Post-Scrutiny Monitoring Update)"
    ) in text
    assert SUMMARY in text
    assert "DRAFT" not in text


def test_issuing_files_the_report_as_documents_of_an_item_under_the_reviews_issue(demo):
    meeting = Meeting.objects.get(starts_at__date=dt.date(2025, 3, 17))
    report = monitoring_report_issue_with_files(
        actor=None, review=demo, meeting=meeting, issued_on=dt.date(2025, 3, 5)
    )
    item = report.item
    assert item.meeting == meeting
    assert item.issue == demo.issue
    assert "Third Interim Report" in item.title
    formats = sorted(d.file_format for d in item.documents.all())
    assert formats == ["DOCX", "PDF"]
    pdf = item.documents.get(file_format="PDF")
    assert pdf.size_bytes == pdf.file.size > 0


def test_issued_files_and_snapshot_never_change_after_later_updates(demo):
    meeting = Meeting.objects.get(starts_at__date=dt.date(2025, 3, 17))
    report = monitoring_report_issue_with_files(
        actor=None, review=demo, meeting=meeting, issued_on=dt.date(2025, 3, 5)
    )
    files = {d.pk: d.file.read() for d in report.item.documents.all()}
    snapshot = report.snapshot

    rec = demo.recommendations.get(number=10)
    reviews.progress_update_post(
        actor=None,
        recommendation=rec,
        author=rec.owner,
        as_of=dt.date(2025, 3, 6),
        proposed_status="extended",
        narrative="Works started on site.",
    )
    rec.refresh_from_db()
    reviews.recommendation_extend(
        actor=None, recommendation=rec, to_date=dt.date(2025, 9, 30), reason="Asbestos found."
    )

    report.refresh_from_db()
    assert report.snapshot == snapshot
    for document in report.item.documents.all():
        assert document.file.read() == files[document.pk]


def test_issuing_with_a_stale_check_writes_nothing(demo):
    meeting = Meeting.objects.get(committee=demo.committee, starts_at__date=dt.date(2025, 3, 17))
    answers = {"review": demo, "meeting": meeting, "issued_on": dt.date(2025, 3, 5)}
    with assert_database_unchanged():
        checked = monitoring_report_issue_check(**answers)
    assert checked.item_number == str(meeting.items.count() + 1)
    # counted on the report's own date: one extended target had passed by 5 March 2025
    assert checked.data.summary_sentence == f"{SUMMARY}; 1 overdue"
    assert not checked.data.is_draft
    reviews.review_update(actor=None, review=demo, expected_version=None, title="Renamed")
    demo.refresh_from_db()  # as the next request would read it
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_issue_with_files(actor=None, checked=checked.fingerprint, **answers)
    assert refused.value.field == "checked"
    fresh = monitoring_report_issue_check(**answers)
    report = monitoring_report_issue_with_files(actor=None, checked=fresh.fingerprint, **answers)
    assert (report.item.number, report.snapshot) == (fresh.item_number, fresh.plan.snapshot)
