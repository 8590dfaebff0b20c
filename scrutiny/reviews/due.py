"""What is due, and what is overdue, on reviews: the reads behind the staff dashboard.

An owner's update is due on every open recommendation that has had no update since the
review's last monitoring report: the next report needs fresh news. It is due by the
papers deadline of the meeting that will receive the next report (five clear working days
before it), because the scrutiny officer must write the report before the papers go out;
with no such meeting scheduled yet, by the date the next report is due."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from scrutiny.core.working_days import papers_deadline
from scrutiny.reviews.models import ProgressUpdate, Recommendation, Review
from scrutiny.reviews.selectors import (
    NextReport,
    executive_response_due,
    executive_response_overdue,
    last_issued_report,
    latest_update,
    review_next_report,
)

ACTIVE_STAGES = (Review.Stage.REPORTED, Review.Stage.MONITORING)


@dataclass(frozen=True)
class UpdateDue:
    recommendation: Recommendation
    last_update: ProgressUpdate | None
    since: datetime.date | None
    next_report: NextReport | None
    due_by: datetime.date | None
    overdue: bool


@dataclass(frozen=True)
class ResponseOverdue:
    recommendation: Recommendation
    due_on: datetime.date


@dataclass(frozen=True)
class ReportDue:
    review: Review
    next_report: NextReport


def _open_recommendations(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return (
        queryset.filter(closed_by__isnull=True, review__stage__in=ACTIVE_STAGES)
        .select_related("review__committee", "status", "proposed_status", "owner")
        .prefetch_related("updates")
        .order_by("review__title", "number")
    )


def update_due_by(next_report: NextReport | None) -> datetime.date | None:
    if next_report is None:
        return None
    if next_report.meeting is not None:
        return papers_deadline(next_report.meeting.date)
    return next_report.due_on


def updates_due(
    *, recommendations: QuerySet[Recommendation], today: datetime.date | None = None
) -> list[UpdateDue]:
    """Open recommendations with no update since their review's last monitoring report."""
    today = today or timezone.localdate()
    per_review: dict[int, tuple] = {}
    result = []
    for rec in _open_recommendations(recommendations):
        if rec.review_id not in per_review:
            last = last_issued_report(rec.review)
            next_report = review_next_report(review=rec.review)
            per_review[rec.review_id] = (last.issued_on if last else None, next_report)
        since, next_report = per_review[rec.review_id]
        update = latest_update(rec)
        if update is not None and (since is None or update.as_of >= since):
            continue
        due_by = update_due_by(next_report)
        result.append(
            UpdateDue(
                recommendation=rec,
                last_update=update,
                since=since,
                next_report=next_report,
                due_by=due_by,
                overdue=due_by is not None and today > due_by,
            )
        )
    return sorted(result, key=lambda d: (d.due_by or datetime.date.max, d.recommendation.number))


def updates_due_from(person, *, today: datetime.date | None = None) -> list[UpdateDue]:
    """The updates this owner has to write."""
    return updates_due(recommendations=Recommendation.objects.filter(owner=person), today=today)


def updates_overdue(
    *, reviews: QuerySet[Review], today: datetime.date | None = None
) -> list[UpdateDue]:
    recommendations = Recommendation.objects.filter(review__in=reviews)
    return [d for d in updates_due(recommendations=recommendations, today=today) if d.overdue]


def executive_responses_overdue(
    *, reviews: QuerySet[Review], today: datetime.date | None = None
) -> list[ResponseOverdue]:
    """Recommendations still awaiting the executive's response after the two months."""
    pending = (
        Recommendation.objects.filter(
            review__in=reviews,
            response=Recommendation.Response.PENDING,
            review__reported_to_executive_on__isnull=False,
            closed_by__isnull=True,
        )
        .select_related("review__committee", "owner")
        .order_by("review__title", "number")
    )
    return [
        ResponseOverdue(recommendation=rec, due_on=executive_response_due(review=rec.review))
        for rec in pending
        if executive_response_overdue(recommendation=rec, today=today)
    ]


def monitoring_reports_due(*, reviews: Iterable[Review]) -> list[ReportDue]:
    """The next monitoring report of each review being monitored, soonest first."""
    result = []
    for review in reviews:
        if review.stage not in ACTIVE_STAGES:
            continue
        next_report = review_next_report(review=review)
        if next_report is not None:
            result.append(ReportDue(review=review, next_report=next_report))
    return sorted(result, key=lambda d: d.next_report.due_on)
