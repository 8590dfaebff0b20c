"""Reads about reviews: the computed summary, the exceptions, the dates that are due."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.utils import timezone

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import Meeting
from scrutiny.core.errors import Refused
from scrutiny.reviews.cycle import (
    NextReport,
    is_overdue,
    next_reports,
    overdue,
)
from scrutiny.reviews.lateness import achieved_late, achieved_late_q
from scrutiny.reviews.models import (
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Rag,
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
    overdue: int = 0  # past the current target and not delivered (`cycle.is_overdue`)

    def count(self, code: str) -> int:
        return next((c.count for c in self.by_status if c.status.code == code), 0)

    @property
    def sentence(self) -> str:
        """ "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended;
        1 overdue"."""
        noun = "recommendation" if self.total == 1 else "recommendations"
        text = f"{self.achieved} out of {self.total} {noun} achieved"
        if self.achieved_late:
            text += f" ({self.achieved_late} completed behind schedule)"
        for entry in self.by_status:
            if entry.count and not entry.status.counts_as_achieved:
                text += f"; {entry.count} {entry.status.label.lower()}"
        if self.overdue:
            text += f"; {self.overdue} overdue"
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
            "overdue": self.overdue,
            "by_status": {c.status.code: c.count for c in self.by_status},
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class ServicePosition:
    """What the service says of a recommendation, by its owner's update of `as_of`: its
    own word, for the committee to agree, never the committee's position."""

    status: Status
    as_of: datetime.date | None  # None only for a position imported without a date

    @property
    def description(self) -> str:
        if self.as_of is None:
            return f"Service's position: {self.status.label}"
        return f"Service's position, {self.as_of:%-d %B %Y}: {self.status.label}"


def service_position(recommendation: Recommendation) -> ServicePosition | None:
    """The service's position where the committee has yet to agree it: none once the
    committee has agreed a status since, or the recommendation is closed."""
    if recommendation.proposed_status_id is None or recommendation.is_closed:
        return None
    return ServicePosition(recommendation.proposed_status, recommendation.proposed_on)


def reported_status(recommendation: Recommendation) -> Status:
    """The status a monitoring report puts to members: the service's position where there
    is one, else the agreed status."""
    position = service_position(recommendation)
    return recommendation.status if position is None else position.status


def summarise(
    recommendations: Iterable[Recommendation],
    *,
    vocabulary: Iterable[Status],
    position: str,
    today: datetime.date | None = None,
) -> ProgressSummary:
    """Count recommendations by status. `position` is "agreed" (what the committee has
    agreed: the public headline) or "reported" (the services' positions included, as a
    report puts them to members). Overdue is counted on `today` (default: today) from the
    agreed record in either position (`cycle.is_overdue`)."""
    if position not in {"agreed", "reported"}:
        raise ValueError(f"Unknown position {position!r}")
    today = timezone.localdate() if today is None else today
    counts: dict[int, int] = {}
    achieved = late = closed = total = late_now = 0
    for rec in recommendations:
        status = rec.status if position == "agreed" else reported_status(rec)
        total += 1
        counts[status.pk] = counts.get(status.pk, 0) + 1
        closed += rec.is_closed
        achieved += status.counts_as_achieved
        late += achieved_late(
            counts_as_achieved=status.counts_as_achieved,
            completed_on=rec.completed_on,
            original_target_date=rec.original_target_date,
        )
        late_now += is_overdue(rec, today=today)
    by_status = tuple(StatusCount(s, counts.get(s.pk, 0)) for s in vocabulary)
    return ProgressSummary(
        total=total,
        achieved=achieved,
        achieved_late=late,
        open=total - closed,
        closed=closed,
        by_status=by_status,
        overdue=late_now,
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


# `service_position` in SQL: an open recommendation with a service's position.
_HAS_SERVICE_POSITION = Q(proposed_status__isnull=False, closed_by__isnull=True)


def _counted_status_and_lateness(position: str) -> tuple:
    """The status each row is counted at in `position`, and `lateness.achieved_late_q` at
    that status, as expressions."""
    if position == "agreed":
        return F("status_id"), Case(
            When(achieved_late_q("status"), then=Value(True)), default=Value(False)
        )
    status = Case(When(_HAS_SERVICE_POSITION, then=F("proposed_status_id")), default=F("status_id"))
    late = Case(
        When(_HAS_SERVICE_POSITION & achieved_late_q("proposed_status"), then=Value(True)),
        When(_HAS_SERVICE_POSITION, then=Value(False)),
        When(achieved_late_q("status"), then=Value(True)),
        default=Value(False),
    )
    return status, late


def progress_summaries(
    review_ids: Iterable[int],
    *,
    position: str = "agreed",
    vocabulary: list[Status] | None = None,
    today: datetime.date | None = None,
) -> dict[int, ProgressSummary]:
    """`summarise` for many reviews in three queries, counted by the database: each
    review's recommendations grouped by status, closed or not, and achieved late or not;
    then its overdue ones (`cycle.overdue`)."""
    if position not in {"agreed", "reported"}:
        raise ValueError(f"Unknown position {position!r}")
    ids = list(review_ids)
    today = timezone.localdate() if today is None else today
    vocabulary = list(Status.objects.all()) if vocabulary is None else vocabulary
    statuses = {s.pk: s for s in vocabulary}
    status, late = _counted_status_and_lateness(position)
    groups = (
        Recommendation.objects.filter(review_id__in=ids)
        .annotate(
            summary_status=status,
            is_closed=Case(When(closed_by__isnull=True, then=Value(False)), default=Value(True)),
            finished_late=late,
        )
        .order_by()
        .values_list("review_id", "summary_status", "is_closed", "finished_late")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict] = {pk: {} for pk in ids}
    for review_id, status_id, is_closed, finished_late, n in groups:
        key = (status_id, bool(is_closed), bool(finished_late))
        counts[review_id][key] = counts[review_id].get(key, 0) + n
    overdue_counts = dict(
        overdue(Recommendation.objects.filter(review_id__in=ids), today=today)
        .order_by()
        .values_list("review_id")
        .annotate(n=Count("pk"))
    )
    result = {}
    for review_id, by_key in counts.items():
        per_status: dict[int, int] = {}
        achieved = achieved_late_count = closed = total = 0
        for (status_id, is_closed, finished_late), n in by_key.items():
            total += n
            per_status[status_id] = per_status.get(status_id, 0) + n
            closed += n if is_closed else 0
            achieved += n if statuses[status_id].counts_as_achieved else 0
            achieved_late_count += n if finished_late else 0
        result[review_id] = ProgressSummary(
            total=total,
            achieved=achieved,
            achieved_late=achieved_late_count,
            open=total - closed,
            closed=closed,
            by_status=tuple(StatusCount(s, per_status.get(s.pk, 0)) for s in vocabulary),
            overdue=overdue_counts.get(review_id, 0),
        )
    return result


def review_progress_summary(
    *, review: Review, position: str = "agreed", today: datetime.date | None = None
) -> ProgressSummary:
    return progress_summaries([review.pk], position=position, today=today)[review.pk]


@dataclass(frozen=True)
class RecommendationState:
    """A recommendation with its newest update and the reason of its latest extension."""

    recommendation: Recommendation
    latest_update: ProgressUpdate | None
    extension_reason: str | None  # None when it has never been extended


def recommendation_states(review: Review) -> list[RecommendationState]:
    """Every recommendation of the review, in number order, with its newest update (by
    date, then by id) and its latest extension's reason, in two queries however many
    updates there are: not every update of every recommendation."""
    newest = ProgressUpdate.objects.filter(recommendation_id=OuterRef("pk")).order_by(
        "-as_of", "-pk"
    )
    last_extension = Extension.objects.filter(recommendation_id=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    recs = list(
        review.recommendations.select_related(
            "status", "proposed_status", "owner__directorate", "directorate"
        )
        .annotate(
            latest_update_id=Subquery(newest.values("pk")[:1]),
            extension_reason=Subquery(last_extension.values("reason")[:1]),
        )
        .order_by("number")
    )
    updates = ProgressUpdate.objects.in_bulk(
        [r.latest_update_id for r in recs if r.latest_update_id]
    )
    return [
        RecommendationState(
            recommendation=rec,
            latest_update=updates.get(rec.latest_update_id),
            extension_reason=rec.extension_reason,
        )
        for rec in recs
    ]


@dataclass(frozen=True)
class ExceptionToDelivery:
    recommendation: Recommendation
    status: Status
    reason: str
    original_target_date: datetime.date | None
    current_target_date: datetime.date | None
    latest_update: ProgressUpdate | None
    overdue: bool = False  # past its current target, whatever its status


def latest_update(recommendation: Recommendation) -> ProgressUpdate | None:
    """Newest first by the prefetch ordering of ProgressUpdate."""
    updates = list(recommendation.updates.all())
    return max(updates, key=lambda u: (u.as_of, u.pk)) if updates else None


def review_exceptions(
    *,
    review: Review,
    position: str = "agreed",
    states: list[RecommendationState] | None = None,
    today: datetime.date | None = None,
) -> list[ExceptionToDelivery]:
    """Every open recommendation that is extended, slipped or not achieved, or overdue on
    `today` (`cycle.is_overdue`, default today) whatever its status, with why: the latest
    extension's reason, or else the latest update's account."""
    today = timezone.localdate() if today is None else today
    result = []
    for state in recommendation_states(review) if states is None else states:
        rec = state.recommendation
        status = rec.status if position == "agreed" else reported_status(rec)
        late_now = is_overdue(rec, today=today)
        if rec.is_closed or not (status.is_exception or late_now):
            continue
        update = state.latest_update
        if state.extension_reason is not None:
            reason = state.extension_reason
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
                overdue=late_now,
            )
        )
    return result


def last_issued_report(review: Review) -> MonitoringReport | None:
    """The newest version of the review's highest report, without its snapshot."""
    return (
        review.monitoring_reports.select_related("meeting")
        .defer("snapshot")
        .order_by("-sequence", "-version")
        .first()
    )


def review_next_report(*, review: Review) -> NextReport | None:
    """One interval after the last monitoring report (or the final report, for the first),
    at the committee's first meeting on or after that date (docs/rules.md)."""
    return review_next_reports(reviews=[review])[review.pk]


def review_next_reports(*, reviews: Iterable[Review]) -> dict[int, NextReport | None]:
    """`review_next_report` for many reviews in a fixed number of queries, for pages that
    list a committee's work programme; keyed by review id."""
    return next_reports(reviews)


def meetings_for_next_report(*, review: Review) -> QuerySet[Meeting]:
    """The meetings the next report could go to: the committee's meetings after the last
    report's meeting (after the final report, for the first), not cancelled or postponed.
    Not "after today": a council often records a report's issue after the meeting has been
    held."""
    meetings = (
        Meeting.objects.filter(committee=review.committee)
        .exclude(status__in=CALLED_OFF)
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
    """Every version of every report issued on the review, in order of issue. The
    snapshots stay unread: each report carries `snapshot_review_title`, the review's
    title as it was issued."""
    return list(
        review.monitoring_reports.select_related("meeting__committee", "item__meeting")
        .defer("snapshot")
        .annotate(snapshot_review_title=KT("snapshot__review_title"))
        .order_by("sequence", "version")
    )


# What each RAG colour says about a recommendation, for the key shown beside the colours.
RAG_MEANINGS = {
    "red": "Off track",
    "amber": "At risk, or given more time",
    "green": "On track",
    "blue": "Done",
    "grey": "Not started, or no longer pursued",
}


@dataclass(frozen=True)
class RagKeyRow:
    rag: str  # reviews.models.Rag
    label: str  # "Blue"
    meaning: str  # "Done"
    statuses: list[str]  # the vocabulary's statuses of that colour: ["Achieved"]


def rag_key() -> list[RagKeyRow]:
    """The key to the RAG colours: each colour the status vocabulary uses, in the order
    red, amber, green, blue, grey, with what it means and the statuses that carry it."""
    by_rag: dict[str, list[str]] = {}
    for rag, label in Status.objects.order_by("order", "label").values_list("rag", "label"):
        by_rag.setdefault(rag, []).append(label)
    return [
        RagKeyRow(rag=rag.value, label=rag.label, meaning=RAG_MEANINGS[rag.value], statuses=labels)
        for rag in Rag
        if (labels := by_rag.get(rag.value))
    ]
