"""Reviews and recommendations as the public sees them. Reviews are public business: the
committee publishes its report and tracks it in public (the seed's resolution 3), so
there is no visibility to check here; what a review links to in the committee record goes
through `publishing.rules`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.publishing import changes
from scrutiny.reviews.cycle import is_overdue
from scrutiny.reviews.models import (
    Concern,
    Evidence,
    Extension,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)
from scrutiny.reviews.selectors import (
    NextReport,
    ProgressSummary,
    RecommendationState,
    ServicePosition,
    progress_summaries,
    recommendation_states,
    review_next_report,
    service_position,
    summarise,
)

REVIEWS_PER_PAGE = 25


@dataclass(frozen=True)
class ReviewWithSummary:
    review: Review
    summary: ProgressSummary


def summaries_for(reviews: list[Review]) -> list[ReviewWithSummary]:
    """The computed summary of each review in two queries, however many reviews."""
    summaries = progress_summaries([r.pk for r in reviews])
    return [ReviewWithSummary(review=r, summary=summaries[r.pk]) for r in reviews]


def reviews_under_monitoring(*, limit: int = 10) -> list[ReviewWithSummary]:
    reviews = Review.objects.filter(stage=Review.Stage.MONITORING).select_related("committee")
    return summaries_for(list(reviews.order_by("title")[:limit]))


def review_list(
    *, page_number=1, changed_since: datetime.datetime | None = None
) -> tuple[Page, list[ReviewWithSummary]]:
    """Every review, a page at a time; with `changed_since`, only those changed since."""
    reviews = Review.objects.select_related("committee").order_by("title")
    if changed_since is not None:
        reviews = changes.reviews_changed_since(changed_since, reviews)
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(page_number)
    return page, summaries_for(list(page.object_list))


def get_review_or_404(slug: str) -> Review:
    return get_object_or_404(Review.objects.select_related("committee", "issue"), slug=slug)


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation at its agreed status, with the service's later position beside it
    (never in its place) and whether it is overdue today."""

    recommendation: Recommendation
    latest_update: ProgressUpdate | None
    service_position: ServicePosition | None = None
    overdue: bool = False


def recommendation_row(
    recommendation: Recommendation,
    latest_update: ProgressUpdate | None = None,
    *,
    today: datetime.date | None = None,
) -> RecommendationRow:
    today = timezone.localdate() if today is None else today
    return RecommendationRow(
        recommendation=recommendation,
        latest_update=latest_update,
        service_position=service_position(recommendation),
        overdue=is_overdue(recommendation, today=today),
    )


@dataclass(frozen=True)
class ReviewPage:
    review: Review
    summary: ProgressSummary
    reported: ProgressSummary | None  # the services' position, where it differs
    rows: list[RecommendationRow]
    chart_rows: list[tuple[str, int, str]]
    concerns: list[Concern]
    timeline: list[TimelineEntry]
    next_report: NextReport | None
    next_meeting_passed: bool  # the meeting that was to receive it was held without it


CHART_COLOURS = {"red": "red", "amber": "amber", "green": "green", "blue": "blue", "grey": "grey"}


def review_page(
    *,
    review: Review,
    states: list[RecommendationState] | None = None,
    today: datetime.date | None = None,
) -> ReviewPage:
    """The headline summary, the chart and each row's status are the committee's agreed
    position; the services' positions are shown beside them, labelled as theirs."""
    today = timezone.localdate() if today is None else today
    states = recommendation_states(review) if states is None else states
    recommendations = [s.recommendation for s in states]
    vocabulary = list(Status.objects.all())
    summary = summarise(recommendations, vocabulary=vocabulary, position="agreed", today=today)
    reported = summarise(recommendations, vocabulary=vocabulary, position="reported", today=today)
    next_report = review_next_report(review=review)
    return ReviewPage(
        review=review,
        summary=summary,
        reported=reported if reported.sentence != summary.sentence else None,
        rows=[recommendation_row(s.recommendation, s.latest_update, today=today) for s in states],
        chart_rows=[
            (c.status.label, c.count, CHART_COLOURS.get(c.status.rag, ""))
            for c in summary.by_status
        ],
        concerns=list(review.concerns.all()),
        timeline=list(review.timeline.all()),
        next_report=next_report,
        next_meeting_passed=next_report is not None and next_report.meeting_passed(today),
    )


def get_recommendation_or_404(review: Review, number: int) -> Recommendation:
    queryset = review.recommendations.select_related(
        "status",
        "proposed_status",
        "owner",
        "directorate",
        "closed_by__item__meeting__committee",
    )
    return get_object_or_404(queryset, number=number)


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened to a recommendation, in the order it happened."""

    on: datetime.date | None
    kind: str  # "agreed", "response", "update", "extension", "sign-off"
    record: object = None


def recommendation_timeline(*, recommendation: Recommendation) -> list[TimelineEvent]:
    """Agreement, the executive's response, each update, each extension and the sign-off,
    oldest first."""
    events = [TimelineEvent(recommendation.agreed_on, "agreed", recommendation)]
    if recommendation.response != Recommendation.Response.PENDING:
        events.append(
            TimelineEvent(recommendation.response_received_on, "response", recommendation)
        )
    updates = recommendation.updates.select_related("author", "proposed_status").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
    )
    events += [TimelineEvent(u.as_of, "update", u) for u in updates]
    extensions = recommendation.extensions.select_related(
        "agreed_at__committee", "resolution__item__meeting__committee"
    ).order_by("created_at", "id")
    events += [TimelineEvent(_extension_date(e), "extension", e) for e in extensions]
    if recommendation.closed_by_id:
        events.append(TimelineEvent(recommendation.closed_on, "sign-off", recommendation))
    order = {"agreed": 0, "response": 1, "update": 2, "extension": 3, "sign-off": 4}
    return sorted(events, key=lambda e: (e.on or datetime.date.min, order[e.kind]))


def _extension_date(extension: Extension) -> datetime.date:
    if extension.resolution_id:
        return extension.resolution.item.meeting.date
    if extension.agreed_at_id:
        return extension.agreed_at.date
    return extension.created_at.date()
