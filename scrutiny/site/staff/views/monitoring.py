"""The monitoring cycle on a review: read the issued reports and the draft of the next
one, issue it to a meeting, reissue it, and record what the committee decided."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.committees.models import Document
from scrutiny.core import security
from scrutiny.core.errors import Refused
from scrutiny.publishing import rules
from scrutiny.reports.builder import (
    FORMATS,
    render_report,
    report_data_draft,
    report_data_for_issued,
)
from scrutiny.reports.render import render_html
from scrutiny.reports.services import (
    filed_title,
    monitoring_report_issue_with_files,
    monitoring_report_reissue_with_files,
)
from scrutiny.reports.wording import format_date, report_kind
from scrutiny.reviews import permissions as can
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.monitoring import monitoring_decisions_apply, refuse_unless_latest
from scrutiny.reviews.selectors import (
    meetings_for_next_report,
    recommendations_for_review,
    review_next_report,
)
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.monitoring import (
    DecisionsForm,
    ReportIssueForm,
    ReportReissueForm,
)
from scrutiny.site.staff.selectors import resolutions_on_report
from scrutiny.site.staff.views.common import form_page, posted

DOWNLOADS = ("docx", "pdf")


def _review_url(review: Review) -> str:
    return reverse("staff:review", args=[review.slug]) + "#monitoring"


def _crumbs(review: Review, label: str):
    return [
        ("Staff", reverse("staff:dashboard")),
        ("Reviews", reverse("staff:reviews")),
        (review.title, reverse("staff:review", args=[review.slug])),
        (label, None),
    ]


def _kind(report: MonitoringReport) -> str:
    return report_kind(sequence=report.sequence, is_final=report.is_final)


def _latest_version(review: Review, sequence: int) -> MonitoringReport:
    report = (
        review.monitoring_reports.select_related("meeting__committee", "item")
        .filter(sequence=sequence)
        .order_by("-version")
        .first()
    )
    if report is None:
        raise Http404("No such report on this review.")
    return report


def _html_page(data) -> HttpResponse:
    """The report's own HTML: a complete, accessible document, shown as it is filed."""
    response = HttpResponse(render_html(data), content_type="text/html; charset=utf-8")
    response[security.HEADER] = security.INLINE_STYLED_DOCUMENT_POLICY
    return response


@staff_page()
def report_html(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    review = get_object_or_404(Review, slug=slug)
    report = _latest_version(review, sequence)
    if report.item is not None and not rules.item_is_visible(request.user, report.item):
        raise Http404("No such report on this review.")  # issued to exempt business
    return _html_page(report_data_for_issued(report))


@staff_page(can.can_manage_reviews)
def draft_html(request: HttpRequest, slug: str) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    return _html_page(report_data_draft(review, today=timezone.localdate()))


@staff_page(can.can_manage_reviews)
def draft_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The draft rendered now, as the file the officer edits or circulates before issue."""
    if fmt not in DOWNLOADS:
        raise Http404("No such format.")
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    today = timezone.localdate()
    data = report_data_draft(review, today=today)
    extension = FORMATS[fmt][1]
    kind = report_kind(sequence=data.sequence, is_final=data.is_final)
    name = f"{slugify(review.title)[:80]}-{slugify(kind)}-draft-{today.isoformat()}.{extension}"
    content_types = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }
    response = HttpResponse(render_report(data, fmt), content_type=content_types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_page(can.can_manage_reviews)
def report_issue(request: HttpRequest, slug: str) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    meetings = meetings_for_next_report(review=review)
    upcoming = review_next_report(review=review)
    initial = {}
    if upcoming and upcoming.meeting and meetings.filter(pk=upcoming.meeting.pk).exists():
        initial["meeting"] = upcoming.meeting.pk
    form = ReportIssueForm(
        posted(request), initial=initial, meetings=meetings, committee=review.committee
    )

    def save(data):
        return monitoring_report_issue_with_files(
            actor=request.user,
            review=review,
            meeting=data["meeting"],
            issued_on=data["issued_on"],
            item_number=data["item_number"].strip(),
        )

    def success(report: MonitoringReport) -> str:
        item = report.item
        filed = item.documents.filter(title=filed_title(report))
        formats = " and ".join(filed.order_by("id").values_list("file_format", flat=True))
        return (
            f"{_kind(report)} issued to the meeting of {format_date(report.meeting.date)} "
            f"as item {item.number}, “{item.title}”, and filed with it as {formats} documents"
        )

    draft = report_data_draft(review, today=timezone.localdate())
    kind = report_kind(sequence=draft.sequence, is_final=draft.is_final)
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=_review_url(review),
        heading="Issue the report to a meeting",
        caption=review.title,
        button="Issue the report",
        breadcrumbs=_crumbs(review, "Issue the report"),
        extra={
            "intro": f"This issues the {kind} as the review stands now, files it as PDF "
            "and Word documents of a new agenda item and freezes what it says."
        },
    )


@staff_page(can.can_manage_reviews)
def report_reissue(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    report = _latest_version(review, sequence)
    try:
        refuse_unless_latest(report)
    except Refused as refused:
        raise Http404(refused.reason) from None
    form = ReportReissueForm(posted(request))

    def save(data):
        return monitoring_report_reissue_with_files(
            actor=request.user, report=report, reason=data["reason"], issued_on=data["issued_on"]
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda new: f"{_kind(new)} reissued as version {new.version}",
        next_url=_review_url(review),
        heading=f"Reissue the {_kind(report)}",
        caption=review.title,
        button="Reissue the report",
        breadcrumbs=_crumbs(review, "Reissue the report"),
        extra={
            "intro": "The reissued report says what the review says now; the version "
            f"issued on {format_date(report.issued_on)} is kept as it was."
        },
    )


@staff_page(can.can_manage_reviews)
def decisions(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    report = _latest_version(review, sequence)
    resolutions = resolutions_on_report(report)
    if not resolutions.exists():
        raise Http404("The committee's resolution on this report is not recorded yet.")
    form = DecisionsForm(
        posted(request),
        report=report,
        resolutions=resolutions,
        recommendations=list(recommendations_for_review(review)),
    )

    def save(data):
        return monitoring_decisions_apply(
            actor=request.user,
            report=report,
            resolution=data["resolution"],
            agreed=form.agreed(),
        )

    def success(changed) -> str:
        noun = "recommendation" if len(changed) == 1 else "recommendations"
        return (
            f"The committee's decisions on the {_kind(report)} are recorded: "
            f"{len(changed)} {noun} changed"
        )

    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=_review_url(review),
        heading="Record the committee's decisions",
        caption=f"{_kind(report)}, meeting of {format_date(report.meeting.date)}",
        button="Record the decisions",
        breadcrumbs=_crumbs(review, "Record the decisions"),
        extra={
            "intro": "For each open recommendation, choose the status members agreed. "
            "Each is filled in with what the owner proposed, or the status it has now."
        },
    )


@staff_page()
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting's document as filed: for staff with a role, drafts and exempt papers
    included; for anyone else, only what the publishing rules let them see (404 otherwise,
    the same answer as for a document that does not exist)."""
    document = get_object_or_404(
        Document.objects.exclude(file="").select_related("item__meeting"), pk=pk
    )
    if not rules.document_is_visible(request.user, document):
        raise Http404("No such document")
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
