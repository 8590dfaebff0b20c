"""The monitoring cycle on a review: read the issued reports and the draft of the next
one, and record what the committee decided (issuing and reissuing: `issuing`)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from scrutiny.committees.models import Document
from scrutiny.core import security
from scrutiny.core.downloads import stored_file_response
from scrutiny.publishing import rules
from scrutiny.reports.builder import (
    FORMATS,
    render_report,
    report_data_draft,
    report_data_for_issued,
)
from scrutiny.reports.render import render_html
from scrutiny.reports.wording import format_date, report_kind
from scrutiny.reviews import permissions as can
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.monitoring import monitoring_decisions_apply
from scrutiny.reviews.selectors import recommendations_for_review
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.monitoring import DecisionsForm
from scrutiny.site.staff.selectors import resolutions_on_report
from scrutiny.site.staff.views.common import form_page, posted

DOWNLOADS = ("docx", "pdf")


def review_url(review: Review) -> str:
    return reverse("staff:review", args=[review.slug]) + "#monitoring"


def crumbs(review: Review, label: str):
    return [
        ("Staff", reverse("staff:dashboard")),
        ("Reviews", reverse("staff:reviews")),
        (review.title, reverse("staff:review", args=[review.slug])),
        (label, None),
    ]


def kind_of(report: MonitoringReport) -> str:
    return report_kind(sequence=report.sequence, is_final=report.is_final)


def latest_version(review: Review, sequence: int, user) -> MonitoringReport:
    """The newest version of the review's report `sequence`, if the user may read it
    (`publishing.rules.report_is_visible`); 404 alike when it is missing or filed with
    business the user may not read."""
    report = (
        review.monitoring_reports.select_related("meeting__committee", "item__meeting")
        .filter(sequence=sequence)
        .order_by("-version")
        .first()
    )
    if report is None or not rules.report_is_visible(user, report):
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
    report = latest_version(review, sequence, request.user)
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
def decisions(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    report = latest_version(review, sequence, request.user)
    resolutions = resolutions_on_report(report, request.user)
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
            f"The committee's decisions on the {kind_of(report)} are recorded: "
            f"{len(changed)} {noun} changed"
        )

    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=review_url(review),
        heading="Record the committee's decisions",
        caption=f"{kind_of(report)}, meeting of {format_date(report.meeting.date)}",
        button="Record the decisions",
        breadcrumbs=crumbs(review, "Record the decisions"),
        extra={
            "intro": "For each open recommendation, choose the status members agreed. "
            "Each is filled in with what the owner proposed, or the status it has now."
        },
    )


@staff_page()
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's document as filed: for staff with a role, drafts and exempt papers
    included; for anyone else, only what the publishing rules let them see (404 otherwise,
    the same answer as for a document that does not exist)."""
    document = get_object_or_404(
        Document.objects.exclude(file="").select_related("item__meeting"), pk=pk
    )
    if not rules.document_is_visible(request.user, document):
        raise Http404("No such document")
    name = document.file.name.rsplit("/", 1)[-1]
    return stored_file_response(document.file, filename=name)
