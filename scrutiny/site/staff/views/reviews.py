"""Review pages: the list, one review with its recommendations, and the review forms."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.alerts.selectors import follower_counts
from scrutiny.committees.selectors import committee_worked_for
from scrutiny.publishing import links, rules
from scrutiny.publishing.reviews import recommendation_row
from scrutiny.reports.wording import report_kind
from scrutiny.reviews import permissions as can
from scrutiny.reviews import services
from scrutiny.reviews.cycle import next_sequence, report_is_final
from scrutiny.reviews.models import Review, Status, TimelineEntry
from scrutiny.reviews.selectors import (
    progress_summaries,
    recommendation_states,
    review_exceptions,
    review_next_report,
    summarise,
)
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.forms.reviews import (
    ReviewCreateForm,
    ReviewEditForm,
    TimelineEntryForm,
)
from scrutiny.site.staff.selectors import (
    committees_managed_by,
    report_rows,
    resolutions_on_report,
)
from scrutiny.site.staff.views.common import form_page, posted

REVIEWS_PER_PAGE = 50


def _crumbs(*trail):
    return [("Staff", reverse("staff:dashboard")), ("Reviews", reverse("staff:reviews")), *trail]


@staff_page()
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = Review.objects.select_related("committee").order_by("title", "pk")
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    summaries = progress_summaries([r.pk for r in page.object_list])
    rows = [(r, summaries[r.pk]) for r in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "can_create": can.can_manage_reviews(request.user),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "site/staff/review_list.html", context)


@staff_page()
def review_detail(request: HttpRequest, slug: str) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("committee"), slug=slug)
    user = request.user
    today = timezone.localdate()
    states = recommendation_states(review)
    recommendations = [s.recommendation for s in states]
    reports = report_rows(review, user)
    latest = reports[-1].report if reports else None
    vocabulary = list(Status.objects.all())
    reported = summarise(recommendations, vocabulary=vocabulary, position="reported", today=today)
    next_report = review_next_report(review=review)
    context = {
        "review": review,
        "timeline": review.timeline.order_by("happened_on", "id"),
        "agreed": summarise(recommendations, vocabulary=vocabulary, position="agreed", today=today),
        "reported": reported,
        "exceptions": review_exceptions(
            review=review, position="reported", states=states, today=today
        ),
        "next_report": next_report,
        "next_report_text": next_report.description_on(today) if next_report else "",
        "recommendations": [
            (recommendation_row(rec, today=today), can.can_update_recommendation(user, rec))
            for rec in recommendations
        ],
        "can_manage": can.can_manage_review(user, review),
        "reports": reports,
        "final_issued": latest is not None and latest.is_final,
        "draft_kind": report_kind(
            sequence=next_sequence(latest),
            is_final=report_is_final(open_recommendations=reported.open),
        ),
        "decisions_ready": latest is not None and resolutions_on_report(latest, user).exists(),
        "considered": links.review_considered_at(user, review),
        "sees_everything": rules.user_sees_everything(user),
        "followers": follower_counts(review),
        "breadcrumbs": _crumbs((review.title, None)),
    }
    return render(request, "site/staff/review_detail.html", context)


@staff_page(can.can_manage_reviews)
def review_create(request: HttpRequest) -> HttpResponse:
    committees = committees_managed_by(request.user)
    form = ReviewCreateForm(
        posted(request),
        committees=committees,
        committee=committee_worked_for(request.user, timezone.localdate()),
    )

    def save(data):
        concerns = [line.strip() for line in data["concerns"].splitlines() if line.strip()]
        return services.review_create(
            actor=request.user,
            committee=data["committee"],
            title=data["title"],
            slug=data["slug"],
            aim=data["aim"],
            scope=data["scope"],
            concerns=concerns,
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda review: f"Review “{review.title}” created",
        next_url=lambda review: reverse("staff:review", args=[review.slug]),
        heading="Start a review",
        button="Create review",
        breadcrumbs=_crumbs(("Start a review", None)),
    )


@staff_page(can.can_manage_reviews)
def review_edit(request: HttpRequest, slug: str) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    fields = ["title", "aim", "scope", "stage", "reported_to_executive_on"]
    initial = {name: getattr(review, name) for name in fields} | {"version": review.version}
    form = ReviewEditForm(posted(request), initial=initial)

    def save(data):
        return services.review_update(
            actor=request.user,
            review=review,
            expected_version=data["version"],
            **{name: data[name] for name in fields},
        )

    def current():
        fresh = Review.objects.get(pk=review.pk)
        return [
            ("Title", fresh.title),
            ("Aim", fresh.aim),
            ("Scope", fresh.scope),
            ("Stage", fresh.get_stage_display()),
            ("Executive received the report", fresh.reported_to_executive_on),
        ]

    return form_page(
        request,
        form,
        save=save,
        success="Review saved",
        next_url=reverse("staff:review", args=[review.slug]),
        heading="Edit the review",
        caption=review.title,
        current=current,
        breadcrumbs=_crumbs(
            (review.title, reverse("staff:review", args=[review.slug])), ("Edit", None)
        ),
    )


@staff_page(can.can_manage_reviews)
def timeline_entry(request: HttpRequest, slug: str) -> HttpResponse:
    review = can.get_review_for_management_or_404(request.user, slug=slug)
    form = TimelineEntryForm(posted(request), initial={"kind": TimelineEntry.Kind.NOTE})
    review_url = reverse("staff:review", args=[review.slug])
    return form_page(
        request,
        form,
        save=lambda d: services.timeline_entry_add(actor=request.user, review=review, **d),
        success=lambda e: (
            f"{e.get_kind_display()} on {e.happened_on:%-d %B %Y} added to the timeline"
        ),
        next_url=review_url + "#timeline",
        heading="Add to the review's timeline",
        caption=review.title,
        button="Add to the timeline",
        breadcrumbs=_crumbs((review.title, review_url), ("Timeline", None)),
    )
