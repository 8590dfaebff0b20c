"""Issuing (and reissuing) a monitoring report is a two-step act: the officer fills in
the form, then checks what will be frozen, where it goes and when the public reads it,
and only then confirms. Both steps ask the same service for the same check
(`reports.services.monitoring_report_issue_check`), and confirming hands the service the
check's fingerprint, so what is issued is exactly what was checked. The answers travel
in the query string of the check page and in hidden fields of its confirm form: no
step before the confirmation writes anything."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.core.errors import Refused
from scrutiny.reports.builder import FORMATS, report_data_draft
from scrutiny.reports.services import (
    FILED_FORMATS,
    IssueCheck,
    monitoring_report_issue_check,
    monitoring_report_issue_with_files,
    monitoring_report_reissue_check,
    monitoring_report_reissue_with_files,
)
from scrutiny.reports.wording import format_date, report_kind
from scrutiny.reviews import permissions as can
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.monitoring import refuse_unless_latest
from scrutiny.reviews.selectors import meetings_for_next_report, review_next_report
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.monitoring import ReportIssueForm, ReportReissueForm
from scrutiny.site.staff.views.common import FORM_TEMPLATE, refusal_on_form
from scrutiny.site.staff.views.monitoring import crumbs, kind_of, latest_version, review_url

CHECK_TEMPLATE = "site/staff/report_check.html"
CHECKED = "checked"  # the confirm form's field carrying the check's fingerprint


def _answers(form) -> dict[str, str]:
    """The form's answers as submitted (a date is three boxes), to carry to the check
    page and back to the form from its Change links."""
    parts = tuple(f"{name}_" for name in form.fields)
    return {key: form.data[key] for key in form.data if key in form.fields or key.startswith(parts)}


def _with_answers(url: str, answers: dict[str, str], anchor: str = "") -> str:
    return f"{url}?{urlencode(answers)}{anchor}"


def _form_page(request, form, *, action, heading, caption, button, breadcrumbs, intro):
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "action": action,
            "heading": heading,
            "caption": caption,
            "button": button,
            "breadcrumbs": breadcrumbs,
            "intro": intro,
        },
    )


def _filed_as() -> str:
    return " and ".join(FORMATS[fmt][0] for fmt, _ in FILED_FORMATS)


def _check_page(request, check: IssueCheck, *, form, answers, form_url, **page):
    plan = check.plan
    when = timezone.localtime(plan.meeting.starts_at)
    meeting = f"{format_date(when.date())}, {when:%-H:%M}"
    if plan.meeting.venue:
        meeting += f", {plan.meeting.venue}"
    return render(
        request,
        CHECK_TEMPLATE,
        {
            **page,
            "form": form,
            "caption": plan.review.title,
            "check": check,
            "kind": report_kind(sequence=plan.sequence, is_final=plan.is_final),
            "meeting": meeting,
            "committee": plan.review.committee.name,
            "answers": answers,
            "change_meeting": _with_answers(form_url, answers, "#id_meeting_0"),
            "change_item": _with_answers(form_url, answers, "#id_item_number"),
            "change_date": _with_answers(form_url, answers, "#id_issued_on_day"),
            "change_reason": _with_answers(form_url, answers, "#id_reason"),
            "public_when": check.public_when(issued=False),
            "filed_as": _filed_as(),
            "checked_name": CHECKED,
            "checked": check.fingerprint,
        },
    )


def _issued_message(report: MonitoringReport, check: IssueCheck) -> str:
    """What the public now sees, in the officer's words."""
    kind = kind_of(report)
    if report.version > 1:
        done = f"The {kind} is reissued as version {report.version}"
    else:
        done = f"The {kind} is issued"
    where = f"to the meeting on {format_date(report.meeting.date)}"
    if report.item is None:
        return f"{done} {where}. It is not filed with an agenda item, so it is not public."
    return (
        f"{done} {where} as item {report.item.number}, “{report.item.title}”, and filed "
        f"with it as {_filed_as()} documents. {check.public_when(issued=True)}"
    )


# The two steps, for issuing and reissuing alike ------------------------------------------


@dataclass(frozen=True)
class _Steps:
    """One two-step act: its form, its form page, the service's check and confirmation,
    and where each step lives."""

    form: Callable[[Any], Any]  # the submitted data (or None) -> the form
    form_page: Callable[[Any], HttpResponse]
    check: Callable[[dict], IssueCheck]
    confirm: Callable[[dict, str], MonitoringReport]  # answers, the checked fingerprint
    answered: str  # a field present in the query string when back from a Change link
    form_url: str
    check_url: str
    done_url: str
    check_page: dict = field(default_factory=dict)  # heading, breadcrumbs, button


def _form_step(request: HttpRequest, steps: _Steps) -> HttpResponse:
    if request.method == "POST":
        data = request.POST
    else:  # back from a Change link: the answers as they were
        data = request.GET if steps.answered in request.GET else None
    form = steps.form(data)
    if request.method == "POST" and form.is_valid():
        try:
            steps.check(form.cleaned_data)
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            return redirect(_with_answers(steps.check_url, _answers(form)))
    return steps.form_page(form)


def _check_step(request: HttpRequest, steps: _Steps) -> HttpResponse:
    form = steps.form(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return steps.form_page(form)
    try:
        check = steps.check(form.cleaned_data)
    except Refused as refused:
        refusal_on_form(form, refused)
        return steps.form_page(form)
    if request.method == "POST":
        try:
            report = steps.confirm(form.cleaned_data, request.POST.get(CHECKED, ""))
        except Refused as refused:
            # Changed meanwhile: show the check as it is now, with the reason.
            form.add_error(None, refused.reason)
        else:
            messages.success(request, _issued_message(report, check))
            return redirect(steps.done_url)
    return _check_page(
        request,
        check,
        form=form,
        answers=_answers(form),
        form_url=steps.form_url,
        **steps.check_page,
    )


# Issuing -------------------------------------------------------------------------------


def _issue_form(review: Review, data) -> ReportIssueForm:
    meetings = meetings_for_next_report(review=review)
    initial = {}
    upcoming = review_next_report(review=review)
    if upcoming and upcoming.meeting and meetings.filter(pk=upcoming.meeting.pk).exists():
        initial["meeting"] = upcoming.meeting.pk
    return ReportIssueForm(data, initial=initial, meetings=meetings, committee=review.committee)


def _issue_check(review: Review, data: dict) -> IssueCheck:
    return monitoring_report_issue_check(
        review=review,
        meeting=data["meeting"],
        issued_on=data["issued_on"],
        item_number=data["item_number"],
    )


def _issue_form_page(request, review: Review, form) -> HttpResponse:
    draft = report_data_draft(review, today=timezone.localdate())
    kind = report_kind(sequence=draft.sequence, is_final=draft.is_final)
    return _form_page(
        request,
        form,
        action=reverse("staff:report-issue", args=[review.slug]),
        heading="Issue the report to a meeting",
        caption=review.title,
        button="Continue",
        breadcrumbs=crumbs(review, "Issue the report"),
        intro=f"This issues the {kind} as the review stands now, files it as PDF and Word "
        "documents of a new agenda item and freezes what it says. You can check it "
        "before it is issued.",
    )


def _issue_steps(request: HttpRequest, slug: str) -> _Steps:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    return _Steps(
        form=lambda data: _issue_form(review, data),
        form_page=lambda form: _issue_form_page(request, review, form),
        check=lambda data: _issue_check(review, data),
        confirm=lambda data, checked: monitoring_report_issue_with_files(
            actor=request.user,
            review=review,
            meeting=data["meeting"],
            issued_on=data["issued_on"],
            item_number=data["item_number"],
            checked=checked,
        ),
        answered="meeting",
        form_url=reverse("staff:report-issue", args=[review.slug]),
        check_url=reverse("staff:report-issue-check", args=[review.slug]),
        done_url=review_url(review),
        check_page={
            "heading": "Check your answers before issuing the report",
            "breadcrumbs": crumbs(review, "Check before issuing"),
            "button": "Issue the report",
        },
    )


@staff_page(can.can_manage_reviews)
def report_issue(request: HttpRequest, slug: str) -> HttpResponse:
    """Step one: the form. A valid answer goes to the check page; nothing is written."""
    return _form_step(request, _issue_steps(request, slug))


@staff_page(can.can_manage_reviews)
def report_issue_check(request: HttpRequest, slug: str) -> HttpResponse:
    """Step two: check what will be issued; confirming (POST) issues exactly that."""
    return _check_step(request, _issue_steps(request, slug))


# Reissuing -----------------------------------------------------------------------------


def _report_to_reissue(request, slug: str, sequence: int) -> MonitoringReport:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    report = latest_version(review, sequence, request.user)
    try:
        refuse_unless_latest(report)
    except Refused as refused:
        raise Http404(refused.reason) from None
    return report


def _reissue_check(report: MonitoringReport, data: dict) -> IssueCheck:
    return monitoring_report_reissue_check(
        report=report, reason=data["reason"], issued_on=data["issued_on"]
    )


def _reissue_form_page(request, report: MonitoringReport, form) -> HttpResponse:
    review = report.review
    return _form_page(
        request,
        form,
        action=reverse("staff:report-reissue", args=[review.slug, report.sequence]),
        heading=f"Reissue the {kind_of(report)}",
        caption=review.title,
        button="Continue",
        breadcrumbs=crumbs(review, "Reissue the report"),
        intro="The reissued report says what the review says now; the version "
        f"issued on {format_date(report.issued_on)} is kept as it was. You can check it "
        "before it is reissued.",
    )


def _reissue_steps(request: HttpRequest, slug: str, sequence: int) -> _Steps:
    report = _report_to_reissue(request, slug, sequence)
    return _Steps(
        form=ReportReissueForm,
        form_page=lambda form: _reissue_form_page(request, report, form),
        check=lambda data: _reissue_check(report, data),
        confirm=lambda data, checked: monitoring_report_reissue_with_files(
            actor=request.user,
            report=report,
            reason=data["reason"],
            issued_on=data["issued_on"],
            checked=checked,
        ),
        answered="reason",
        form_url=reverse("staff:report-reissue", args=[slug, sequence]),
        check_url=reverse("staff:report-reissue-check", args=[slug, sequence]),
        done_url=review_url(report.review),
        check_page={
            "heading": "Check your answers before reissuing the report",
            "breadcrumbs": crumbs(report.review, "Check before reissuing"),
            "button": "Reissue the report",
        },
    )


@staff_page(can.can_manage_reviews)
def report_reissue(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    return _form_step(request, _reissue_steps(request, slug, sequence))


@staff_page(can.can_manage_reviews)
def report_reissue_check(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    return _check_step(request, _reissue_steps(request, slug, sequence))
