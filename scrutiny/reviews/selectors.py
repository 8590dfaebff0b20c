"""Reads about reviews: the computed summary, the exceptions, the dates that are due."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from scrutiny.committees.models import Meeting
from scrutiny.core.errors import Refused
from scrutiny.reviews.models import (
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)


def status_by_code(code: str, *, field: str = "status") -> Status:
    """The status with this code, or a refusal that lists the statuses there are."""
    try:
        return Status.objects.get(code=code)
    except Status.DoesNotExist:
        known = ", ".join(Status.objects.values_list("code", flat=True))
        raise Refused(field, f'Unknown status "{code}". Choose one of: {known}.') from None


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int


@dataclass(frozen=True)
class ProgressSummary:
    total: int
    achieved: int
    achieved_late: int
    open: int
    closed: int
    by_status: tuple[StatusCount, ...]

    def count(self, code: str) -> int:
        return next((c.count for c in self.by_status if c.status.code == code), 0)

    @property
    def sentence(self) -> str:
        """ "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended"."""
        noun = "recommendation" if self.total == 1 else "recommendations"
        text = f"{self.achieved} out of {self.total} {noun} achieved"
        if self.achieved_late:
            text += f" ({self.achieved_late} completed behind schedule)"
        for entry in self.by_status:
            if entry.count and not entry.status.counts_as_achieved:
                text += f"; {entry.count} {entry.status.label.lower()}"
        return text

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "achieved": self.achieved,
            "achieved_late": self.achieved_late,
            "extended": self.count("extended"),
            "slipped": self.count("slipped"),
            "not_achieved": self.count("not-achieved"),
            "withdrawn": self.count("withdrawn"),
            "open": self.open,
            "closed": self.closed,
            "by_status": {c.status.code: c.count for c in self.by_status},
            "sentence": self.sentence,
        }


def reported_status(recommendation: Recommendation) -> Status:
    """The service's position: what the owner proposes, where the committee has yet to agree."""
    if recommendation.proposed_status_id and not recommendation.is_closed:
        return recommendation.proposed_status
    return recommendation.status


def summarise(
    recommendations: Iterable[Recommendation], *, vocabulary: Iterable[Status], position: str
) -> ProgressSummary:
    """Count recommendations by status. `position` is "agreed" (what the committee has
    agreed) or "reported" (the services' proposals included, as a report puts them)."""
    if position not in {"agreed", "reported"}:
        raise ValueError(f"Unknown position {position!r}")
    counts: dict[int, int] = {}
    achieved = late = closed = total = 0
    for rec in recommendations:
        status = rec.status if position == "agreed" else reported_status(rec)
        total += 1
        counts[status.pk] = counts.get(status.pk, 0) + 1
        closed += rec.is_closed
        if status.counts_as_achieved:
            achieved += 1
            target = rec.original_target_date
            late += bool(rec.completed_on and target and rec.completed_on > target)
    by_status = tuple(StatusCount(s, counts.get(s.pk, 0)) for s in vocabulary)
    return ProgressSummary(
        total=total,
        achieved=achieved,
        achieved_late=late,
        open=total - closed,
        closed=closed,
        by_status=by_status,
    )


def recommendations_for_review(review: Review) -> QuerySet[Recommendation]:
    """Every recommendation with what pages and reports show of it, in a fixed number of
    queries however many there are."""
    return (
        review.recommendations.select_related(
            "status", "proposed_status", "owner", "directorate", "closed_by"
        )
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author", "proposed_status"),
            ),
            Prefetch("extensions", queryset=Extension.objects.order_by("created_at", "id")),
        )
        .order_by("number")
    )


def review_progress_summary(*, review: Review, position: str = "agreed") -> ProgressSummary:
    return summarise(
        recommendations_for_review(review),
        vocabulary=list(Status.objects.all()),
        position=position,
    )


@dataclass(frozen=True)
class ExceptionToDelivery:
    recommendation: Recommendation
    status: Status
    reason: str
    original_target_date: datetime.date | None
    current_target_date: datetime.date | None
    latest_update: ProgressUpdate | None


def latest_update(recommendation: Recommendation) -> ProgressUpdate | None:
    """Newest first by the prefetch ordering of ProgressUpdate."""
    updates = list(recommendation.updates.all())
    return max(updates, key=lambda u: (u.as_of, u.pk)) if updates else None


def review_exceptions(*, review: Review, position: str = "agreed") -> list[ExceptionToDelivery]:
    """Every open recommendation that is extended, slipped or not achieved, with why."""
    result = []
    for rec in recommendations_for_review(review):
        status = rec.status if position == "agreed" else reported_status(rec)
        if rec.is_closed or not status.is_exception:
            continue
        extensions = list(rec.extensions.all())
        update = latest_update(rec)
        if extensions:
            reason = extensions[-1].reason
        elif update is not None:
            reason = update.narrative
        else:
            reason = ""
        result.append(
            ExceptionToDelivery(
                recommendation=rec,
                status=status,
                reason=reason,
                original_target_date=rec.original_target_date,
                current_target_date=rec.current_target_date,
                latest_update=update,
            )
        )
    return result


def executive_response_due(*, review: Review) -> datetime.date | None:
    """Two calendar months (by default) after the executive received the report."""
    if review.reported_to_executive_on is None:
        return None
    return review.reported_to_executive_on + relativedelta(
        months=settings.EXECUTIVE_RESPONSE_MONTHS
    )


def executive_response_overdue(
    *, recommendation: Recommendation, today: datetime.date | None = None
) -> bool:
    due = executive_response_due(review=recommendation.review)
    if due is None or recommendation.response != Recommendation.Response.PENDING:
        return False
    return (today or timezone.localdate()) > due


@dataclass(frozen=True)
class NextReport:
    due_on: datetime.date
    meeting: Meeting | None

    @property
    def description(self) -> str:
        if self.meeting is None:
            return f"Due on or after {self.due_on:%-d %B %Y}: no meeting scheduled"
        return f"Due {self.due_on:%-d %B %Y}: {self.meeting}"


def last_issued_report(review: Review) -> MonitoringReport | None:
    return (
        review.monitoring_reports.select_related("meeting")
        .order_by("-sequence", "-version")
        .first()
    )


def review_next_report(*, review: Review) -> NextReport | None:
    """One interval after the last monitoring report (or the final report, for the first),
    at the committee's first meeting on or after that date (DESIGN rule 4)."""
    return review_next_reports(reviews=[review])[review.pk]


def review_next_reports(*, reviews: Iterable[Review]) -> dict[int, NextReport | None]:
    """`review_next_report` for many reviews in three queries, for pages that list a
    committee's work programme; keyed by review id."""
    reviews = list(reviews)
    ids = [r.pk for r in reviews]
    last: dict[int, MonitoringReport] = {}
    for report in (
        MonitoringReport.objects.filter(review_id__in=ids)
        .select_related("meeting")
        .order_by("review_id", "sequence", "version")
    ):
        last[report.review_id] = report
    finals: dict[int, datetime.date] = {}
    for entry in TimelineEntry.objects.filter(
        review_id__in=ids, kind=TimelineEntry.Kind.FINAL_REPORT
    ).order_by("review_id", "happened_on", "id"):
        finals[entry.review_id] = entry.happened_on
    due: dict[int, datetime.date] = {}
    for review in reviews:
        report = last.get(review.pk)
        if report is not None:
            if report.is_final:
                continue
            base = report.meeting.date
        elif review.pk in finals:
            base = finals[review.pk]
        else:
            continue
        due[review.pk] = base + relativedelta(months=review.committee.monitoring_interval_months)
    meetings: dict[int, list[Meeting]] = {}
    if due:
        earliest = timezone.make_aware(
            datetime.datetime.combine(min(due.values()), datetime.time())
        )
        for meeting in (
            Meeting.objects.filter(
                committee_id__in={r.committee_id for r in reviews if r.pk in due},
                starts_at__gte=earliest,
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("committee")
            .order_by("starts_at")
        ):
            meetings.setdefault(meeting.committee_id, []).append(meeting)
    result: dict[int, NextReport | None] = {}
    for review in reviews:
        if review.pk not in due:
            result[review.pk] = None
            continue
        meeting = next(
            (m for m in meetings.get(review.committee_id, []) if m.date >= due[review.pk]), None
        )
        result[review.pk] = NextReport(due_on=due[review.pk], meeting=meeting)
    return result


def meetings_for_next_report(*, review: Review) -> QuerySet[Meeting]:
    """The meetings the next report could go to: the committee's meetings after the last
    report's meeting (after the final report, for the first), not cancelled. Not "after
    today": a council often records a report's issue after the meeting has been held."""
    meetings = (
        Meeting.objects.filter(committee=review.committee)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .order_by("starts_at")
    )
    last = last_issued_report(review)
    if last is not None:
        return meetings.filter(starts_at__gt=last.meeting.starts_at)
    final = review.timeline.filter(kind=TimelineEntry.Kind.FINAL_REPORT).last()
    if final is not None:
        return meetings.filter(starts_at__date__gt=final.happened_on)
    return meetings


def issued_reports(review: Review) -> list[MonitoringReport]:
    """Every version of every report issued on the review, in order of issue."""
    return list(
        review.monitoring_reports.select_related("meeting__committee", "item").order_by(
            "sequence", "version"
        )
    )
