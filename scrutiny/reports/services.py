"""Issuing a monitoring report to a meeting: freeze the snapshot, render it, and file the
rendered report as documents of the meeting's agenda item under the review's issue, so it
appears on the meeting and issue pages with that item's visibility."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from scrutiny.committees.models import AgendaItem, Document, Meeting
from scrutiny.committees.services import agenda_item_create, document_add
from scrutiny.core import record_versions
from scrutiny.reports.builder import FORMATS, render_report, report_data_for_issued
from scrutiny.reports.wording import report_title, title_of
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.monitoring import monitoring_report_issue, monitoring_report_reissue

FILED_FORMATS = [("pdf", Document.Kind.REPORT), ("docx", Document.Kind.ADDITIONAL)]


def filed_title(report: MonitoringReport, *, review_title: str | None = None) -> str:
    """The title a report version's documents are filed under on the meeting's item: the
    review's title as the report was issued. Pass `review_title` where it has been read
    already, so a list of reports need not load every snapshot."""
    if review_title is None:
        review_title = report.snapshot["review_title"]
    title = title_of(review_title=review_title, sequence=report.sequence, is_final=report.is_final)
    if report.version > 1:
        title = f"{title} (reissued, version {report.version})"
    return title


def _file(*, actor, report: MonitoringReport, item: AgendaItem) -> None:
    data = report_data_for_issued(report)
    title = filed_title(report)
    for fmt, kind in FILED_FORMATS:
        label, extension, _ = FORMATS[fmt]
        name = f"{slugify(title)[:80]}.{extension}"
        document_add(
            actor=actor,
            item=item,
            title=title,
            kind=kind,
            file=ContentFile(render_report(data, fmt), name=name),
            file_format=label,
            published_at=report.meeting.agenda_published_at,
        )


@transaction.atomic
def monitoring_report_issue_with_files(
    *,
    actor,
    review: Review,
    meeting: Meeting,
    issued_on: datetime.date,
    item: AgendaItem | None = None,
    item_number: str = "",
) -> MonitoringReport:
    report = monitoring_report_issue(
        actor=actor, review=review, meeting=meeting, issued_on=issued_on, item=item
    )
    if item is None:
        title = report_title(report_data_for_issued(report))
        item = agenda_item_create(
            actor=actor,
            meeting=meeting,
            number=item_number or str(meeting.items.count() + 1),
            title=title,
            issue=review.issue,
        )
        MonitoringReport.objects.filter(pk=report.pk).update(item=item)
        record_versions.bump(*record_versions.scopes_for(report))
        report.item = item
    _file(actor=actor, report=report, item=item)
    return report


@transaction.atomic
def monitoring_report_reissue_with_files(
    *, actor, report: MonitoringReport, reason: str, issued_on: datetime.date
) -> MonitoringReport:
    new = monitoring_report_reissue(actor=actor, report=report, reason=reason, issued_on=issued_on)
    if new.item is not None:
        _file(actor=actor, report=new, item=new.item)
    return new
