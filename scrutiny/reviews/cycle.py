"""The monitoring cycle of many reviews at once, each read in a fixed number of queries
however many reviews, recommendations, updates and reports there are.

- the last issued report of each review (the newest version of the highest sequence);
- the next report of each review: one committee interval after the last report's meeting
  (after the final report, for the first), at the committee's first meeting on or after
  that date that is not cancelled or postponed; none after a final report;
- the open recommendations that lack an owner's update since their review's last report;
- the recommendations past their current target and not delivered (overdue);
- when the executive's response is due, and the recommendations whose response is overdue;
- whether a report is final, and the next report's sequence number.

`review_cycles` answers all of it for many reviews on a given day. The dashboard
(`reviews.due`), the reminders, the report builder, the staff and public pages and the API
read these rules; none keeps a copy.

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

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import Committee, Meeting
from scrutiny.core.working_days import papers_deadline
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


# The stages in which a review's recommendations are monitored and their owners chased.
MONITORED_STAGES = (Review.Stage.REPORTED, Review.Stage.MONITORING)


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


@dataclass(frozen=True)
class NextReport:
    due_on: datetime.date
    meeting: Meeting | None

    @property
    def papers_deadline(self) -> datetime.date | None:
        """When the meeting's papers, the report among them, must be published."""
        return papers_deadline(self.meeting.date) if self.meeting is not None else None

    @property
    def update_due_by(self) -> datetime.date:
        """Owners' updates are due by the papers deadline (the officer writes the report
        before the papers go out); with no meeting yet, by the date the report is due."""
        return self.papers_deadline or self.due_on

    def meeting_passed(self, today: datetime.date) -> bool:
        """The meeting that was to receive the report has been held without it."""
        return self.meeting is not None and self.meeting.date < today

    @property
    def description(self) -> str:
        if self.meeting is None:
            return f"Due on or after {_long(self.due_on)}: no meeting scheduled"
        return f"Due {_long(self.due_on)}: {self.meeting}"

    def description_on(self, today: datetime.date) -> str:
        """`description`, saying plainly when the meeting has passed without the report."""
        if self.meeting_passed(today):
            return (
                f"The meeting of {_long(self.meeting.date)} that was to receive the next "
                "report has passed without it: choose a new meeting"
            )
        return self.description


def report_due_after(day: datetime.date, *, interval_months: int) -> datetime.date:
    """A report is due one committee interval after `day` (the last report's meeting, or
    the final report)."""
    return day + relativedelta(months=interval_months)


def report_is_final(*, open_recommendations: int) -> bool:
    """A monitoring report is final when nothing is left open: no further report is due."""
    return open_recommendations == 0


def next_sequence(last: LastReport | MonitoringReport | None) -> int:
    """The sequence number of the next report: one after the last issued, 1 for the first."""
    return last.sequence + 1 if last is not None else 1


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
        due[review.pk] = report_due_after(base, interval_months=intervals[review.committee_id])
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
        .exclude(status__in=CALLED_OFF)
        .order_by("starts_at", "pk")  # two meetings at the same time: the first recorded
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


def chased(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """The recommendations whose owners are asked for updates: open, not rejected by the
    executive (there is nothing to deliver), of a review being monitored."""
    return recommendations.filter(
        closed_by__isnull=True, review__stage__in=MONITORED_STAGES
    ).exclude(response=Recommendation.Response.REJECTED)


def lacking_update(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """The chased recommendations with no owner's update dated on or after the day their
    review's last report was issued (before the first report: on or after the day the
    recommendation was agreed, or any update if that day is not known). The update's own
    date (`as_of`) counts, whenever it was typed in. Annotated with `last_update_on` (the
    date of the newest update) and `since` (the last report's issue date, or None)."""
    newest = ProgressUpdate.objects.filter(recommendation_id=OuterRef("pk")).order_by("-as_of")
    posted_since = ProgressUpdate.objects.filter(
        recommendation_id=OuterRef("pk"), as_of__gte=OuterRef("counted_from")
    )
    return (
        chased(recommendations)
        .annotate(since=Subquery(_latest_report("review_id").values("issued_on")[:1]))
        .annotate(counted_from=Coalesce(F("since"), F("agreed_on"), Value(datetime.date.min)))
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


def in_report_to_executive(recommendation: Recommendation) -> bool:
    """Whether the recommendation was in the report the executive received: one agreed
    after that day was not, and so has no response due."""
    received = recommendation.review.reported_to_executive_on
    agreed = recommendation.agreed_on
    return received is not None and (agreed is None or agreed <= received)


def response_due_on(recommendation: Recommendation) -> datetime.date | None:
    """When the executive's response to this recommendation is due, or None when none is
    (the executive has not received a report with it in)."""
    if not in_report_to_executive(recommendation):
        return None
    return executive_response_due(review=recommendation.review)


def is_response_overdue(recommendation: Recommendation, *, today: datetime.date) -> bool:
    """`responses_overdue` for one recommendation: open, still awaiting the executive's
    response, which was due before `today`."""
    due = response_due_on(recommendation)
    return (
        due is not None
        and due < today
        and recommendation.response == Recommendation.Response.PENDING
        and recommendation.closed_by_id is None
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
    """Open recommendations still awaiting the executive's response after it was due
    (`response_due_on` before `today`)."""
    return recommendations.filter(
        Q(agreed_on__isnull=True) | Q(agreed_on__lte=F("review__reported_to_executive_on")),
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


@dataclass(frozen=True)
class ReviewCycle:
    """Where one review stands in its monitoring cycle on a given day. Recommendations are
    given by id, in number order; callers load what they show."""

    review: Review
    last_report: LastReport | None
    next_report: NextReport | None  # None before the final report, or after a final one
    missing_update: tuple[int, ...]
    overdue: tuple[int, ...]
    response_due_on: datetime.date | None
    responses_overdue: tuple[int, ...]

    @property
    def next_sequence(self) -> int:
        return next_sequence(self.last_report)

    @property
    def finished(self) -> bool:
        """The last report issued was final: no further report is due."""
        return self.last_report is not None and self.last_report.is_final


def _ids_by_review(recommendations: QuerySet[Recommendation]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for review_id, pk in recommendations.order_by("review_id", "number", "pk").values_list(
        "review_id", "pk"
    ):
        found.setdefault(review_id, []).append(pk)
    return {review_id: tuple(pks) for review_id, pks in found.items()}


def review_cycles(reviews: Iterable[Review], *, today: datetime.date) -> dict[int, ReviewCycle]:
    """Each review's cycle on `today`, keyed by review id, in a fixed number of queries
    however many reviews there are. Reads each review's `committee_id` and
    `reported_to_executive_on`."""
    reviews = list(reviews)
    ids = [r.pk for r in reviews]
    last = last_reports(ids)
    upcoming = next_reports(reviews, last=last)
    of_reviews = Recommendation.objects.filter(review_id__in=ids)
    missing = _ids_by_review(lacking_update(of_reviews))
    late = _ids_by_review(overdue(of_reviews, today=today))
    responses = _ids_by_review(responses_overdue(of_reviews, today=today))
    return {
        r.pk: ReviewCycle(
            review=r,
            last_report=last.get(r.pk),
            next_report=upcoming[r.pk],
            missing_update=missing.get(r.pk, ()),
            overdue=late.get(r.pk, ()),
            response_due_on=executive_response_due(review=r),
            responses_overdue=responses.get(r.pk, ()),
        )
        for r in reviews
    }


def review_cycle(review: Review, *, today: datetime.date) -> ReviewCycle:
    """`review_cycles` for one review."""
    return review_cycles([review], today=today)[review.pk]
