"""Recommendation pages: one recommendation's record, and the forms that change it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from scrutiny.core.downloads import stored_file_response
from scrutiny.core.uploads import title_from_name
from scrutiny.publishing import links, rules
from scrutiny.publishing.reviews import recommendation_row
from scrutiny.reviews import permissions as can
from scrutiny.reviews import services
from scrutiny.reviews.cycle import response_due_on
from scrutiny.reviews.models import Evidence, Recommendation
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.reviews import (
    ExecutiveResponseForm,
    ExtensionForm,
    ProgressUpdateForm,
    RecommendationEditForm,
    RecommendationForm,
    SignOffForm,
)
from scrutiny.site.staff.selectors import resolutions_offered
from scrutiny.site.staff.views.common import form_page, posted, uploaded


def _crumbs(rec: Recommendation, *trail):
    review = rec.review
    return [
        ("Staff", reverse("staff:dashboard")),
        ("Reviews", reverse("staff:reviews")),
        (review.title, reverse("staff:review", args=[review.slug])),
        *(
            [(rec.short_text, reverse("staff:recommendation", args=[rec.pk]))]
            if trail
            else [(rec.short_text, None)]
        ),
        *trail,
    ]


def _current(rec: Recommendation):
    def read():
        fresh = Recommendation.objects.select_related("status", "owner").get(pk=rec.pk)
        return [
            ("Wording", fresh.text),
            ("Reference", fresh.reference),
            ("Owner", fresh.owner.display_name if fresh.owner else "None"),
            ("Status", fresh.status.label),
            ("Current target date", fresh.current_target_date),
            ("Executive response", fresh.get_response_display()),
        ]

    return read


def _back(rec: Recommendation) -> str:
    return reverse("staff:recommendation", args=[rec.pk])


@staff_page()
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_object_or_404(
        Recommendation.objects.select_related(
            "review__committee", "status", "proposed_status", "owner", "closed_by"
        ),
        pk=pk,
    )
    updates = rec.updates.select_related("author", "proposed_status").prefetch_related("evidence")
    context = {
        "rec": rec,
        "row": recommendation_row(rec),
        "updates": updates,
        "extensions": rec.extensions.select_related("agreed_at__committee"),
        "response_due": response_due_on(rec),
        "can_manage": can.can_manage_recommendation(request.user, rec),
        "can_update": can.can_update_recommendation(request.user, rec),
        "can_read_evidence": can.can_read_evidence(request.user, rec),
        "considered": links.review_considered_at(request.user, rec.review),
        "sees_everything": rules.user_sees_everything(request.user),
        "breadcrumbs": _crumbs(rec),
    }
    return render(request, "site/staff/recommendation_detail.html", context)


@staff_page(can.can_manage_reviews)
def recommendation_create(request: HttpRequest, slug: str) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    initial = {"number": review.recommendations.count() + 1}
    form = RecommendationForm(posted(request), initial=initial)

    def save(data):
        return services.recommendation_create(actor=request.user, review=review, **data)

    return form_page(
        request,
        form,
        save=save,
        success=lambda rec: f"Recommendation {rec.number} added",
        next_url=reverse("staff:review", args=[review.slug]),
        heading="Add a recommendation",
        caption=review.title,
        button="Add recommendation",
        breadcrumbs=[
            ("Staff", reverse("staff:dashboard")),
            (review.title, reverse("staff:review", args=[review.slug])),
            ("Add a recommendation", None),
        ],
    )


@staff_page(can.can_manage_reviews)
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = can.get_recommendation_for_management_or_404(request.user, pk=pk)
    fields = ["reference", "text", "owner", "agreed_on"]
    initial = {name: getattr(rec, name) for name in fields} | {"version": rec.version}
    form = RecommendationEditForm(posted(request), initial=initial)

    def save(data):
        changes = {name: data[name] for name in fields}
        return services.recommendation_update(
            actor=request.user, recommendation=rec, expected_version=data["version"], **changes
        )

    return form_page(
        request,
        form,
        save=save,
        success=f"Recommendation {rec.number} saved",
        next_url=_back(rec),
        heading=f"Edit recommendation {rec.number}",
        caption=rec.review.title,
        current=_current(rec),
        breadcrumbs=_crumbs(rec, ("Edit", None)),
    )


@staff_page(can.can_manage_reviews)
def executive_response(request: HttpRequest, pk: int) -> HttpResponse:
    rec = can.get_recommendation_for_management_or_404(request.user, pk=pk)
    recorded = rec.response != Recommendation.Response.PENDING
    initial = {
        "version": rec.version,
        "response": rec.response if recorded else None,
        "received_on": rec.response_received_on,
        "reason": rec.response_reason,
    }
    form = ExecutiveResponseForm(posted(request), initial=initial)

    def save(data):
        return services.executive_response_record(
            actor=request.user,
            recommendation=rec,
            response=data["response"],
            received_on=data["received_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=f"Executive response to recommendation {rec.number} recorded",
        next_url=_back(rec),
        heading="Record the executive's response",
        caption=f"Recommendation {rec.number}",
        current=_current(rec),
        breadcrumbs=_crumbs(rec, ("Executive response", None)),
    )


@staff_page(can.can_post_updates)
def progress_update(request: HttpRequest, pk: int) -> HttpResponse:
    rec = can.get_recommendation_for_update_or_404(request.user, pk=pk)
    initial = {"version": rec.version, "proposed_status": rec.status.code}
    form = ProgressUpdateForm(
        posted(request), uploaded(request), initial=initial, recommendation=rec
    )

    def save(data):
        evidence = [
            Evidence(title=title_from_name(checked.original_name), file=checked.file)
            for checked in data["evidence_files"]
        ]
        if data["evidence_link"]:
            evidence.append(Evidence(title="Link to evidence", link=data["evidence_link"]))
        return services.progress_update_post(
            actor=request.user,
            recommendation=rec,
            author=rec.owner,
            as_of=data["as_of"],
            proposed_status=data["proposed_status"].code,
            narrative=data["narrative"],
            evidence=evidence,
            expected_version=data["version"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=f"Your update on “{rec.short_text}” is posted and public as the "
        "service's position; the status the committee agreed stays until the committee agrees "
        "a new one",
        next_url=_back(rec),
        heading="Post a progress update",
        caption=f"{rec.short_text} ({rec.review.title})",
        button="Post update",
        current=_current(rec),
        breadcrumbs=_crumbs(rec, ("Progress update", None)),
        extra={"recommendation_text": rec.text},
    )


@staff_page(can.can_manage_reviews)
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    rec = can.get_recommendation_for_management_or_404(request.user, pk=pk)
    form = ExtensionForm(
        posted(request),
        initial={"version": rec.version},
        resolutions=resolutions_offered(request.user, rec.review.committee),
    )

    def save(data):
        return services.recommendation_extend(
            actor=request.user,
            recommendation=rec,
            to_date=data["to_date"],
            reason=data["reason"],
            resolution=data["resolution"],
            expected_version=data["version"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda ext: f"Recommendation {rec.number} extended to {ext.to_date:%-d %B %Y}",
        next_url=_back(rec),
        heading="Agree an extension",
        caption=f"Recommendation {rec.number}: current target date "
        + (f"{rec.current_target_date:%-d %B %Y}" if rec.current_target_date else "none"),
        button="Agree extension",
        current=_current(rec),
        breadcrumbs=_crumbs(rec, ("Extension", None)),
        extra={"recommendation_text": rec.text},
    )


@staff_page(can.can_manage_reviews)
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    rec = can.get_recommendation_for_management_or_404(request.user, pk=pk)
    proposed = rec.proposed_status.code if rec.proposed_status_id else None
    initial = {"version": rec.version, "status": proposed}
    form = SignOffForm(
        posted(request),
        initial=initial,
        resolutions=resolutions_offered(request.user, rec.review.committee),
    )

    def save(data):
        return services.recommendation_set_status(
            actor=request.user,
            recommendation=rec,
            status=data["status"].code,
            resolution=data["resolution"],
            completed_on=data["completed_on"],
            expected_version=data["version"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda r: f"Recommendation {r.number} signed off as {r.status.label.lower()}",
        next_url=_back(rec),
        heading="Sign off through a resolution",
        caption=f"Recommendation {rec.number}",
        button="Sign off",
        current=_current(rec),
        breadcrumbs=_crumbs(rec, ("Sign off", None)),
        extra={"recommendation_text": rec.text},
    )


@staff_page()
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence files are not public: they are served as downloads to those the
    recommendation concerns (`reviews.permissions.can_read_evidence`), never from the
    media folder directly."""
    evidence = can.get_evidence_file_or_404(request.user, pk)
    name = evidence.file.name.rsplit("/", 1)[-1]
    return stored_file_response(evidence.file, filename=name)
