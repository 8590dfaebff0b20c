"""The monitoring cycle of many reviews at once, each read in a fixed number of queries
however many reviews, recommendations, updates and reports there are.

- the last issued report of each review (the newest version of the highest sequence);
- the next report of each review: one committee interval after the last report's meeting
  (after the final report, for the first), at the committee's first meeting on or after
  that date that is not cancelled; none after a final report;
- the open recommendations that lack an owner's update since their review's last report;
- the recommendations whose executive response is overdue.

No read here loads a report's snapshot: only the dates and ids the rules need."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    DateTimeField,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from scrutiny.committees.models import Committee, Meeting
from scrutiny.reviews.models import (
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    TimelineEntry,
)


@dataclass(frozen=True)
class LastReport:
    """What the cycle needs of a review's last issued report, without its snapshot."""

    pk: int
    review_id: int
    sequence: int
    version: int
    is_final: bool
    issued_on: datetime.date
    meeting_id: int
    meeting_date: datetime.date


@dataclass(frozen=True)
class NextReport:
    due_on: datetime.date
    meeting: Meeting | None

    @property
    def description(self) -> str:
        if self.meeting is None:
            return f"Due on or after {self.due_on:%-d %B %Y}: no meeting scheduled"
        return f"Due {self.due_on:%-d %B %Y}: {self.meeting}"


def _latest_report(review_ref: str) -> QuerySet[MonitoringReport]:
    """The last issued report of the review `review_ref` points at, for a subquery."""
    return MonitoringReport.objects.filter(review_id=OuterRef(review_ref)).order_by(
        "-sequence", "-version"
    )


def last_reports(review_ids: Iterable[int]) -> dict[int, LastReport]:
    """Each review's last issued report, keyed by review id; reviews with none are absent."""
    ids = list(review_ids)
    if not ids:
        return {}
    rows = (
        MonitoringReport.objects.filter(review_id__in=ids)
        .filter(pk=Subquery(_latest_report("review_id").values("pk")[:1]))
        .values(
            "pk",
            "review_id",
            "sequence",
            "version",
            "is_final",
            "issued_on",
            "meeting_id",
            "meeting__starts_at",
        )
    )
    return {
        row["review_id"]: LastReport(
            pk=row["pk"],
            review_id=row["review_id"],
            sequence=row["sequence"],
            version=row["version"],
            is_final=row["is_final"],
            issued_on=row["issued_on"],
            meeting_id=row["meeting_id"],
            meeting_date=timezone.localdate(row["meeting__starts_at"]),
        )
        for row in rows
    }


def final_report_dates(review_ids: Iterable[int]) -> dict[int, datetime.date]:
    """When each review's final report was made (its latest "final report" timeline entry)."""
    ids = list(review_ids)
    if not ids:
        return {}
    entries = (
        TimelineEntry.objects.filter(review_id__in=ids, kind=TimelineEntry.Kind.FINAL_REPORT)
        .order_by("review_id", "happened_on", "id")
        .values_list("review_id", "happened_on")
    )
    return dict(entries)  # the latest of each review wins


def next_report_due_dates(
    reviews: Iterable[Review], *, last: dict[int, LastReport] | None = None
) -> dict[int, datetime.date]:
    """The date each review's next report is due, for reviews that have one."""
    reviews = list(reviews)
    ids = [r.pk for r in reviews]
    last = last_reports(ids) if last is None else last
    finals = final_report_dates(r for r in ids if r not in last)
    intervals = dict(
        Committee.objects.filter(pk__in={r.committee_id for r in reviews}).values_list(
            "pk", "monitoring_interval_months"
        )
    )
    due: dict[int, datetime.date] = {}
    for review in reviews:
        report = last.get(review.pk)
        if report is not None:
            if report.is_final:
                continue
            base = report.meeting_date
        elif review.pk in finals:
            base = finals[review.pk]
        else:
            continue
        due[review.pk] = base + relativedelta(months=intervals[review.committee_id])
    return due


class _ValueByKey(Expression):
    """`CASE key WHEN k1 THEN v1 WHEN k2 THEN v2 ... END`: a value per row from a dict,
    every key and value a parameter. Cheaper to build and to run than `Case(When(...))`
    with hundreds of branches."""

    def __init__(self, key, values: dict, output_field):
        super().__init__(output_field=output_field)
        self.key = key
        self.values = values

    def get_source_expressions(self):
        return [self.key]

    def set_source_expressions(self, exprs):
        (self.key,) = exprs

    def as_sql(self, compiler, connection):
        key_sql, params = compiler.compile(self.key)
        params = list(params)
        branches = []
        for key, value in self.values.items():
            branches.append("WHEN %s THEN %s")
            params += [key, self.output_field.get_db_prep_value(value, connection)]
        return f"CASE {key_sql} {' '.join(branches)} END", params


def _review_due_from(due: dict[int, datetime.date]) -> _ValueByKey:
    """The start of each review's due date, by the review's id."""
    starts = {pk: _midnight(day) for pk, day in due.items()}
    return _ValueByKey(F("pk"), starts, DateTimeField())


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def next_meetings(
    reviews: Iterable[Review], due: dict[int, datetime.date]
) -> dict[int, Meeting | None]:
    """Each review's first meeting of its committee on or after its due date, not
    cancelled, in two queries: the meeting ids by a subquery on (committee, starts_at),
    then the meetings."""
    wanted = {r.pk: r for r in reviews if r.pk in due}
    if not wanted:
        return {}
    first_meeting = (
        Meeting.objects.filter(
            committee_id=OuterRef("committee_id"), starts_at__gte=OuterRef("due_from")
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values("pk")[:1]
    )
    chosen = (
        Review.objects.filter(pk__in=wanted)
        .annotate(due_from=_review_due_from({pk: due[pk] for pk in wanted}))
        .annotate(next_meeting=Subquery(first_meeting))
    )
    ids = dict(chosen.values_list("pk", "next_meeting"))
    meetings = Meeting.objects.select_related("committee").filter(
        pk__in=chosen.values("next_meeting")
    )
    by_id = {m.pk: m for m in meetings}
    return {pk: by_id.get(ids.get(pk)) for pk in wanted}


def next_reports(
    reviews: Iterable[Review], *, last: dict[int, LastReport] | None = None
) -> dict[int, NextReport | None]:
    """Each review's next report (None when none is due), keyed by review id."""
    reviews = list(reviews)
    due = next_report_due_dates(reviews, last=last)
    meetings = next_meetings(reviews, due)
    return {
        r.pk: NextReport(due_on=due[r.pk], meeting=meetings.get(r.pk)) if r.pk in due else None
        for r in reviews
    }


def lacking_update(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """The recommendations with no owner's update since their review's last issued report
    (with none at all, before the first report). Annotated with `last_update_on` (the date
    of the newest update) and `since` (the last report's issue date)."""
    newest = ProgressUpdate.objects.filter(recommendation_id=OuterRef("pk")).order_by("-as_of")
    since = Subquery(_latest_report("review_id").values("issued_on")[:1])
    posted_since = ProgressUpdate.objects.filter(
        recommendation_id=OuterRef("pk"),
        as_of__gte=Coalesce(OuterRef("since"), Value(datetime.date.min)),
    )
    return (
        recommendations.annotate(since=since)
        .filter(~Exists(posted_since))
        .annotate(last_update_on=Subquery(newest.values("as_of")[:1]))
    )


def executive_response_due(*, review: Review) -> datetime.date | None:
    """Two calendar months (by default) after the executive received the report."""
    if review.reported_to_executive_on is None:
        return None
    return review.reported_to_executive_on + relativedelta(
        months=settings.EXECUTIVE_RESPONSE_MONTHS
    )


def _received_long_enough_ago(today: datetime.date) -> Q:
    """Reports received on a day whose response is due before `today`. A calendar month is
    28 to 31 days, so only the days in between need the exact month arithmetic."""
    months = settings.EXECUTIVE_RESPONSE_MONTHS
    surely = today - datetime.timedelta(days=31 * months + 1)
    maybe = [
        surely + datetime.timedelta(days=n)
        for n in range((31 - 28) * months + 3)
        if surely + datetime.timedelta(days=n) + relativedelta(months=months) < today
    ]
    return Q(review__reported_to_executive_on__lt=surely) | Q(
        review__reported_to_executive_on__in=maybe
    )


def responses_overdue(
    recommendations: QuerySet[Recommendation], *, today: datetime.date
) -> QuerySet[Recommendation]:
    """Open recommendations still awaiting the executive's response after it was due."""
    return recommendations.filter(
        _received_long_enough_ago(today),
        response=Recommendation.Response.PENDING,
        review__reported_to_executive_on__isnull=False,
        closed_by__isnull=True,
    )


def is_overdue(recommendation: Recommendation, *, today: datetime.date) -> bool:
    """Past its current target and not delivered: still open, its agreed status not one that
    counts as achieved, the target before `today`. Nothing is overdue on the day it was
    agreed, nor on its target day itself. Reads `status` (select it with the row)."""
    target = recommendation.current_target_date
    return bool(
        recommendation.closed_by_id is None
        and not recommendation.status.counts_as_achieved
        and target is not None
        and target < today
        and (recommendation.agreed_on is None or recommendation.agreed_on < today)
    )


def overdue(
    recommendations: QuerySet[Recommendation], *, today: datetime.date
) -> QuerySet[Recommendation]:
    """The recommendations `is_overdue` holds for, as one filter (the same rule in SQL)."""
    return recommendations.filter(
        Q(agreed_on__isnull=True) | Q(agreed_on__lt=today),
        closed_by__isnull=True,
        status__counts_as_achieved=False,
        current_target_date__lt=today,
    )
