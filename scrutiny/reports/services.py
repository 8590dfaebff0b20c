"""Issuing a monitoring report to a meeting: freeze the snapshot, render it, and file the
rendered report as documents of the meeting's agenda item under the review's issue, so it
appears on the meeting and issue pages with that item's visibility."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.committees.models import AgendaItem, Document, Meeting, Visibility
from scrutiny.committees.services import agenda_item_create, document_add
from scrutiny.core import record_versions
from scrutiny.reports.builder import (
    FORMATS,
    render_report,
    report_data_for_issued,
    report_data_from_snapshot,
)
from scrutiny.reports.data import MonitoringReportData
from scrutiny.reports.wording import format_date, report_title, title_of
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.monitoring import (
    ReportPlan,
    monitoring_report_issue,
    monitoring_report_plan,
    monitoring_report_reissue,
    monitoring_report_reissue_plan,
    refuse_unless_as_checked,
)

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


@dataclass(frozen=True)
class IssueCheck:
    """What issuing would do, for the officer to check before confirming it: the report
    as it would be frozen, the agenda item it is filed with and when the public reads
    it. Worked out by the services' own rules; nothing is written."""

    plan: ReportPlan
    data: MonitoringReportData  # the report as it would be issued (no DRAFT mark)
    item_number: str
    item_title: str
    new_item: bool
    document_title: str

    @property
    def fingerprint(self) -> str:
        said = f"{self.plan.fingerprint}|{self.item_number}|{self.item_title}"
        return hashlib.sha256(said.encode("utf-8")).hexdigest()

    def public_when(self, *, issued: bool) -> str:
        visibility = self.plan.item.visibility if self.plan.item else Visibility.PUBLIC
        return public_when(
            meeting=self.plan.meeting,
            item_number=self.item_number,
            visibility=visibility,
            issued=issued,
        )


def public_when(*, meeting: Meeting, item_number: str, visibility: str, issued: bool) -> str:
    """When the public can read a report filed with item `item_number` of `meeting`.

    The filed documents are published when the agenda is (`_file` gives them its
    publication time; filed while it is unpublished, they take it when the agenda is
    published: `committees.publication.agenda_publish`), and the publishing rules show a
    document once its own and its agenda's publication time have passed, and only on a
    public item."""
    item = f"item {item_number}"
    if visibility == Visibility.CONFIDENTIAL:
        return f"It will not be public: {item} is confidential, so the public sees only its number."
    if visibility == Visibility.EXEMPT:
        return (
            f"It will not be public: {item} is exempt, so the public sees only its number "
            "and title; the committee's members and staff can read it."
        )
    published_at = meeting.agenda_published_at
    if published_at is None:
        not_yet = "It is not public yet" if issued else "It will not be public yet"
        return (
            f"{not_yet}: the agenda is not published. It will be public with {item} when "
            "the clerk publishes the agenda."
        )
    if published_at > timezone.now():
        when = timezone.localtime(published_at)
        return (
            f"It will be public with {item} when the agenda is published, at "
            f"{when:%-H:%M} on {format_date(when.date())}."
        )
    if issued:
        return f"It is public now, with {item} on the meeting page."
    return f"The agenda is published, so it will be public with {item} as soon as it is issued."


def _check(plan: ReportPlan, *, item_number: str, new_item: bool) -> IssueCheck:
    data = report_data_from_snapshot(
        plan.snapshot,
        sequence=plan.sequence,
        is_final=plan.is_final,
        meeting_date=plan.meeting.date,
        issued_on=plan.issued_on,
    )
    if plan.item is not None:
        number, title = plan.item.number, plan.item.title
    elif new_item:
        number = item_number.strip() or str(plan.meeting.items.count() + 1)
        title = report_title(data)
    else:  # a reissue of a report that was never filed with an item
        number, title = "", ""
    document_title = title_of(
        review_title=plan.snapshot["review_title"], sequence=plan.sequence, is_final=plan.is_final
    )
    if plan.version > 1:
        document_title = f"{document_title} (reissued, version {plan.version})"
    return IssueCheck(
        plan=plan,
        data=data,
        item_number=number,
        item_title=title,
        new_item=new_item,
        document_title=document_title,
    )


def monitoring_report_issue_check(
    *, review: Review, meeting: Meeting, issued_on: datetime.date, item_number: str = ""
) -> IssueCheck:
    """Issuing the next report, worked out and refused as issuing it would be."""
    plan = monitoring_report_plan(review=review, meeting=meeting, issued_on=issued_on)
    return _check(plan, item_number=item_number, new_item=True)


def monitoring_report_reissue_check(
    *, report: MonitoringReport, reason: str, issued_on: datetime.date
) -> IssueCheck:
    """Reissuing `report`, worked out and refused as reissuing it would be."""
    plan = monitoring_report_reissue_plan(report=report, reason=reason, issued_on=issued_on)
    return _check(plan, item_number="", new_item=False)


@transaction.atomic
def monitoring_report_issue_with_files(
    *,
    actor,
    review: Review,
    meeting: Meeting,
    issued_on: datetime.date,
    item_number: str = "",
    checked: str | None = None,
) -> MonitoringReport:
    """Issue the next report to `meeting` as a new agenda item and file it there.
    `checked` is the fingerprint of the check the officer confirmed: if the report would
    now say anything else, or go anywhere else, nothing is issued."""
    check = monitoring_report_issue_check(
        review=review, meeting=meeting, issued_on=issued_on, item_number=item_number
    )
    refuse_unless_as_checked(found=check.fingerprint, checked=checked)
    report = monitoring_report_issue(
        actor=actor, review=review, meeting=meeting, issued_on=issued_on
    )
    item = agenda_item_create(
        actor=actor,
        meeting=meeting,
        number=check.item_number,
        title=check.item_title,
        issue=review.issue,
    )
    MonitoringReport.objects.filter(pk=report.pk).update(item=item, updated_at=timezone.now())
    record_versions.bump(*record_versions.scopes_for(report))
    report.item = item
    _file(actor=actor, report=report, item=item)
    return report


@transaction.atomic
def monitoring_report_reissue_with_files(
    *,
    actor,
    report: MonitoringReport,
    reason: str,
    issued_on: datetime.date,
    checked: str | None = None,
) -> MonitoringReport:
    check = monitoring_report_reissue_check(report=report, reason=reason, issued_on=issued_on)
    refuse_unless_as_checked(found=check.fingerprint, checked=checked)
    new = monitoring_report_reissue(actor=actor, report=report, reason=reason, issued_on=issued_on)
    if new.item is not None:
        _file(actor=actor, report=new, item=new.item)
    return new
