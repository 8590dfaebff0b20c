"""What is due, and what is overdue, on reviews: the reads behind the staff dashboard.

An owner's update is due on every recommendation `cycle.lacking_update` names (open, not
rejected, no update since the review's last monitoring report): the next report needs
fresh news. It is due by `NextReport.update_due_by`, the papers deadline of the meeting
that will receive the next report, because the scrutiny officer must write the report
before the papers go out; with no such meeting scheduled yet, by the date the report is
due.

Each list is read in a fixed number of queries (the cycle's rules are in
`scrutiny.reviews.cycle`) and holds at most `limit` entries, the most pressing first; its
`total` says how many there are in all. The reminders read the same rules, so an owner is
listed here exactly when they are chased by email."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from scrutiny.reviews import cycle
from scrutiny.reviews.cycle import MONITORED_STAGES, NextReport
from scrutiny.reviews.models import Recommendation, Review

ACTIVE_STAGES = MONITORED_STAGES
LIMIT = 50


class Shown(list):
    """The first entries of a longer list, with how many there are in all."""

    def __init__(self, entries: Iterable = (), *, total: int | None = None):
        super().__init__(entries)
        self.total = len(self) if total is None else total

    @property
    def more(self) -> int:
        return self.total - len(self)


@dataclass(frozen=True)
class UpdateDue:
    recommendation: Recommendation
    last_update_on: datetime.date | None  # the date of its newest update
    since: datetime.date | None
    next_report: NextReport | None
    due_by: datetime.date | None
    overdue: bool
    next_report_description: str = ""  # as `NextReport.description_on` the day


@dataclass(frozen=True)
class ResponseOverdue:
    recommendation: Recommendation
    due_on: datetime.date


@dataclass(frozen=True)
class ReportDue:
    review: Review
    next_report: NextReport
    description: str  # says plainly when the meeting has passed without the report
    meeting_passed: bool


def update_due_by(next_report: NextReport | None) -> datetime.date | None:
    return next_report.update_due_by if next_report is not None else None


def updates_due(
    *,
    recommendations: QuerySet[Recommendation],
    today: datetime.date | None = None,
    overdue_only: bool = False,
    limit: int | None = LIMIT,
    next_reports: dict[int, NextReport | None] | None = None,
) -> Shown:
    """Open recommendations with no update since their review's last monitoring report,
    the soonest due first. `next_reports`, when given, must cover the reviews of every
    recommendation in `recommendations` that is open and being monitored."""
    today = today or timezone.localdate()
    rows = list(
        cycle.lacking_update(recommendations.order_by("review__title", "number")).values(
            "pk", "review_id", "number", "since", "last_update_on"
        )
    )
    if next_reports is None:
        reviews = Review.objects.filter(pk__in={row["review_id"] for row in rows})
        next_reports = cycle.next_reports(reviews.only("pk", "committee_id"))
    # The staff dashboard passes only its reviews' next reports; cover any other review.
    next_reports = next_reports | {
        pk: None for pk in {row["review_id"] for row in rows} - next_reports.keys()
    }
    due_by = {pk: update_due_by(nxt) for pk, nxt in next_reports.items()}
    if overdue_only:
        rows = [
            r for r in rows if due_by[r["review_id"]] is not None and today > due_by[r["review_id"]]
        ]
    rows.sort(key=lambda r: (due_by[r["review_id"]] or datetime.date.max, r["number"]))
    shown = rows if limit is None else rows[:limit]
    recs = Recommendation.objects.select_related(
        "review__committee", "status", "proposed_status", "owner"
    ).in_bulk([r["pk"] for r in shown])
    entries = []
    for row in shown:
        review_due_by = due_by[row["review_id"]]
        entries.append(
            UpdateDue(
                recommendation=recs[row["pk"]],
                last_update_on=row["last_update_on"],
                since=row["since"],
                next_report=next_reports[row["review_id"]],
                due_by=review_due_by,
                overdue=review_due_by is not None and today > review_due_by,
                next_report_description=next_reports[row["review_id"]].description_on(today)
                if next_reports[row["review_id"]] is not None
                else "",
            )
        )
    return Shown(entries, total=len(rows))


def updates_due_from(
    person, *, today: datetime.date | None = None, limit: int | None = LIMIT
) -> Shown:
    """The updates this owner has to write."""
    return updates_due(
        recommendations=Recommendation.objects.filter(owner=person), today=today, limit=limit
    )


def updates_overdue(
    *,
    reviews: QuerySet[Review],
    today: datetime.date | None = None,
    limit: int | None = LIMIT,
    next_reports: dict[int, NextReport | None] | None = None,
) -> Shown:
    recommendations = Recommendation.objects.filter(review__in=reviews)
    return updates_due(
        recommendations=recommendations,
        today=today,
        overdue_only=True,
        limit=limit,
        next_reports=next_reports,
    )


def executive_responses_overdue(
    *, reviews: QuerySet[Review], today: datetime.date | None = None, limit: int | None = LIMIT
) -> Shown:
    """Recommendations still awaiting the executive's response after the two months."""
    today = today or timezone.localdate()
    late = cycle.responses_overdue(
        Recommendation.objects.filter(review__in=reviews), today=today
    ).order_by("review__title", "number", "pk")
    shown = late.select_related("review__committee", "owner")
    shown = list(shown if limit is None else shown[:limit])
    total = late.count()
    return Shown(
        [ResponseOverdue(recommendation=rec, due_on=cycle.response_due_on(rec)) for rec in shown],
        total=total,
    )


def monitoring_reports_due(
    *,
    reviews: Iterable[Review],
    today: datetime.date | None = None,
    limit: int | None = LIMIT,
    next_reports: dict[int, NextReport | None] | None = None,
) -> Shown:
    """The next monitoring report of each review being monitored, soonest first."""
    today = today or timezone.localdate()
    if isinstance(reviews, QuerySet):
        reviews = reviews.filter(stage__in=ACTIVE_STAGES)
    active = [r for r in reviews if r.stage in ACTIVE_STAGES]
    if next_reports is None:
        next_reports = cycle.next_reports(active)
    result = [
        ReportDue(
            review=review,
            next_report=next_reports[review.pk],
            description=next_reports[review.pk].description_on(today),
            meeting_passed=next_reports[review.pk].meeting_passed(today),
        )
        for review in active
        if next_reports[review.pk] is not None
    ]
    result.sort(key=lambda d: d.next_report.due_on)
    return Shown(result if limit is None else result[:limit], total=len(result))
