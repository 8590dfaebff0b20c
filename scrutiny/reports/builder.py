"""From the tracker to a report: a monitoring report's frozen snapshot (or, for a draft,
the review as it stands) becomes the plain data the renderers take."""

import datetime

from scrutiny.reports import render
from scrutiny.reports.data import MonitoringReportData, RecommendationRow, StatusCount, TimelineLine
from scrutiny.reviews.cycle import report_is_final, review_cycle
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.monitoring import review_snapshot

FORMATS = {
    "html": ("HTML", "html", lambda data: render.render_html(data).encode("utf-8")),
    "docx": ("DOCX", "docx", render.render_docx),
    "pdf": ("PDF", "pdf", render.render_pdf),
}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _row(row: dict) -> RecommendationRow:
    return RecommendationRow(
        number=row["number"],
        reference=row["reference"],
        text=row["text"],
        owner=row["owner"],
        directorate=row["directorate"],
        original_target=_date(row["original_target_date"]),
        current_target=_date(row["current_target_date"]),
        status=row["status_label"],
        rag=row["rag"],
        achieved_late=row["achieved_late"],
        is_exception=row["is_exception"],
        exception_reason=row["exception_reason"],
        latest_update=row["latest_update"],
        latest_update_on=_date(row["latest_update_on"]),
    )


def report_data_from_snapshot(
    snapshot: dict,
    *,
    sequence: int,
    is_final: bool,
    meeting_date: datetime.date | None,
    issued_on: datetime.date,
    is_draft: bool = False,
) -> MonitoringReportData:
    summary = snapshot["summary"]
    rows = tuple(_row(r) for r in snapshot["recommendations"])
    return MonitoringReportData(
        council_name=snapshot["council_name"],
        committee_name=snapshot["committee"],
        meeting_date=meeting_date,
        review_title=snapshot["review_title"],
        sequence=sequence,
        is_final=is_final,
        background=tuple(
            TimelineLine(date=_date(t["date"]), label=t["label"], text=t["text"])
            for t in snapshot["background"]
        ),
        concerns=tuple(snapshot["concerns"]),
        summary_sentence=summary["sentence"],
        total=summary["total"],
        achieved=summary["achieved"],
        achieved_late=summary["achieved_late"],
        counts=tuple(
            StatusCount(label=s["label"], count=s["count"], rag=s["rag"])
            for s in snapshot["statuses"]
            if s["count"]
        ),
        exceptions=tuple(r for r in rows if r.is_exception),
        recommendations=rows,
        constitution_reference=snapshot["constitution_reference"],
        interval_months=snapshot["interval_months"],
        author=snapshot["author"],
        issued_on=issued_on,
        is_draft=is_draft,
    )


def report_data_for_issued(report: MonitoringReport) -> MonitoringReportData:
    """An issued report, exactly as issued: only its snapshot is read."""
    return report_data_from_snapshot(
        report.snapshot,
        sequence=report.sequence,
        is_final=report.is_final,
        meeting_date=report.meeting.date,
        issued_on=report.issued_on,
    )


def report_data_draft(review: Review, *, today: datetime.date) -> MonitoringReportData:
    """The next report as it would read if issued today, for the meeting it is due at."""
    snapshot = review_snapshot(review, as_of=today)
    state = review_cycle(review, today=today)
    upcoming = state.next_report
    return report_data_from_snapshot(
        snapshot,
        sequence=state.next_sequence,
        is_final=report_is_final(open_recommendations=snapshot["summary"]["open"]),
        meeting_date=upcoming.meeting.date if upcoming and upcoming.meeting else None,
        issued_on=today,
        is_draft=True,
    )


def render_report(data: MonitoringReportData, fmt: str) -> bytes:
    try:
        return FORMATS[fmt][2](data)
    except KeyError:
        raise ValueError(f"Unknown format {fmt!r}: choose html, docx or pdf.") from None
