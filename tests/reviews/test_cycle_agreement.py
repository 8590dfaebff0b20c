"""Over random review histories, every reader of the monitoring cycle says the same thing,
and what the rules in docs/rules.md say: the dashboard (`reviews.due`), the reminders
(`reminders.selectors`) and the report builder (`reports.builder`) agree on which
recommendations miss an update, which are overdue, the next report (date, meeting and
sequence) and the summary's counts.

The expected answers are worked out here from the history itself, in plain Python, not by
asking `reviews.cycle`."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scrutiny.committees.models import Meeting
from scrutiny.core.working_days import papers_deadline
from scrutiny.reminders.models import Kind
from scrutiny.reminders.selectors import chase_cycle, reminder_dates, reminders_due
from scrutiny.reminders.selectors import review_cycles as reminder_cycles
from scrutiny.reports.builder import report_data_draft
from scrutiny.reviews import cycle
from scrutiny.reviews import services as reviews
from scrutiny.reviews.due import monitoring_reports_due, updates_due
from scrutiny.reviews.models import MonitoringReport, ProgressUpdate, Recommendation, Review
from scrutiny.reviews.monitoring import monitoring_report_issue
from scrutiny.reviews.selectors import progress_summaries, summarise
from tests.factories import (
    achieve,
    make_committee,
    make_meeting,
    make_officer,
    make_resolution,
    make_review,
    post_update,
)

pytestmark = pytest.mark.django_db

PROFILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
START = dt.date(2023, 1, 2)
MONITORED = {"reported", "monitoring"}


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


# The histories ------------------------------------------------------------------------


@st.composite
def recommendation_plans(draw):
    agreed = draw(st.none() | st.integers(0, 200))
    target = draw(st.none() | st.integers(0, 500))
    if agreed is not None and target is not None:
        target = agreed + target  # a target is never before the day it was agreed
    return {
        "agreed": agreed,
        "target": target,
        "response": draw(st.sampled_from(["pending", "pending", "accepted", "rejected"])),
        "updates": draw(
            st.lists(
                st.tuples(st.integers(0, 900), st.sampled_from(["on-track", "slipped"])),
                max_size=3,
            )
        ),
        "achieved": draw(st.none() | st.integers(100, 800)),
    }


@st.composite
def review_plans(draw):
    meetings = sorted(set(draw(st.lists(st.integers(60, 950), max_size=4))))
    return {
        "stage": draw(st.sampled_from(["reported", "monitoring", "monitoring", "scoping"])),
        "final_report": draw(st.none() | st.integers(0, 90)),
        "executive": draw(st.none() | st.integers(0, 150)),
        "recommendations": draw(st.lists(recommendation_plans(), min_size=1, max_size=4)),
        "meetings": meetings,
        "cancelled": draw(st.sets(st.sampled_from(meetings))) if meetings else set(),
        "reports": draw(st.integers(0, len(meetings))),
    }


HISTORIES = st.fixed_dictionaries(
    {
        "interval": st.sampled_from([3, 6]),
        "reviews": st.lists(review_plans(), min_size=1, max_size=2),
        "today": st.integers(0, 1000),
    }
)


def build(plan: dict) -> list[Review]:
    """The history, written through the services."""
    built = []
    for review_plan in plan["reviews"]:
        committee = make_committee(interval=plan["interval"])
        review = make_review(committee)
        executive = review_plan["executive"]
        review = reviews.review_update(
            actor=None,
            review=review,
            expected_version=None,
            stage=review_plan["stage"],
            reported_to_executive_on=day(executive) if executive is not None else None,
        )
        if review_plan["final_report"] is not None:
            reviews.timeline_entry_add(
                actor=None,
                review=review,
                kind="final-report",
                happened_on=day(review_plan["final_report"]),
                text="Agreed.",
            )
        closures = []
        for number, rec_plan in enumerate(review_plan["recommendations"], start=1):
            rec = reviews.recommendation_create(
                actor=None,
                review=review,
                number=number,
                text=f"Recommendation {number}.",
                agreed_on=day(rec_plan["agreed"]) if rec_plan["agreed"] is not None else None,
                original_target_date=day(rec_plan["target"])
                if rec_plan["target"] is not None
                else None,
                owner=make_officer(),
            )
            if executive is not None and rec_plan["response"] != "pending":
                reviews.executive_response_record(
                    actor=None,
                    recommendation=rec,
                    response=rec_plan["response"],
                    received_on=day(executive + 10),
                    reason="Not as proposed.",
                )
            for offset, status in rec_plan["updates"]:
                post_update(rec, status, day(offset))
            if rec_plan["achieved"] is not None:
                closures.append((rec_plan["achieved"], rec))
        closures.sort(key=lambda c: c[0])
        meetings = [
            make_meeting(
                committee, day(offset), **({"status": "cancelled"} if offset in cancelled else {})
            )
            for offset, cancelled in (
                (o, review_plan["cancelled"]) for o in review_plan["meetings"]
            )
        ]
        for meeting in meetings[: review_plan["reports"]]:
            if meeting.status == "cancelled":
                continue
            while closures and day(closures[0][0] + 14) < meeting.date:
                close(committee, *closures.pop(0))
            monitoring_report_issue(
                actor=None,
                review=review,
                meeting=meeting,
                issued_on=meeting.date - dt.timedelta(days=10),
            )
        for closure in closures:
            close(committee, *closure)
        review.refresh_from_db()
        built.append(review)
    return built


def close(committee, offset: int, rec: Recommendation) -> None:
    rec.refresh_from_db()
    achieve(rec, day(offset), make_resolution(committee, day(offset + 14)))


# What the rules say, worked out from the history ---------------------------------------


def expected_last_report(review: Review) -> MonitoringReport | None:
    reports = list(MonitoringReport.objects.filter(review=review).select_related("meeting"))
    return max(reports, key=lambda r: (r.sequence, r.version), default=None)


def expected_next_report(review: Review) -> tuple[dt.date, Meeting | None] | None:
    last = expected_last_report(review)
    if last is not None:
        if last.is_final:
            return None
        base = last.meeting.date
    else:
        finals = list(review.timeline.filter(kind="final-report"))
        if not finals:
            return None
        base = max(f.happened_on for f in finals)
    due = base + relativedelta(months=review.committee.monitoring_interval_months)
    candidates = [
        m
        for m in Meeting.objects.filter(committee=review.committee)
        if m.date >= due and m.status != "cancelled"
    ]
    return due, min(candidates, key=lambda m: (m.starts_at, m.pk), default=None)


def expected_missing(review: Review) -> set[int]:
    if review.stage not in MONITORED:
        return set()
    last = expected_last_report(review)
    missing = set()
    for rec in review.recommendations.all():
        if rec.closed_by_id is not None or rec.response == "rejected":
            continue
        since = last.issued_on if last is not None else rec.agreed_on
        dates = ProgressUpdate.objects.filter(recommendation=rec).values_list("as_of", flat=True)
        if not any(since is None or d >= since for d in dates):
            missing.add(rec.pk)
    return missing


def expected_overdue(review: Review, today: dt.date) -> set[int]:
    return {
        rec.pk
        for rec in review.recommendations.select_related("status")
        if rec.closed_by_id is None
        and not rec.status.counts_as_achieved
        and rec.current_target_date is not None
        and rec.current_target_date < today
        and (rec.agreed_on is None or rec.agreed_on < today)
    }


# The property ---------------------------------------------------------------------------


def reminded_for(review: Review, meeting: Meeting) -> set[int]:
    """The recommendations of `review` named to owners (or, for owners who cannot be
    emailed, to the scrutiny officer) on the first reminder day for `meeting`."""
    first, _ = reminder_dates(papers_deadline(meeting.date))
    kinds = {Kind.FIRST_REMINDER, Kind.SECOND_REMINDER, Kind.CANNOT_REMIND}
    return {
        rec.pk
        for reminder in reminders_due(today=first)
        if reminder.kind in kinds
        for rec in reminder.recommendations
        if rec.review_id == review.pk
    }


def check(plan: dict) -> None:
    built = build(plan)
    today = day(plan["today"])
    everything = Recommendation.objects.all()
    on_dashboard = {
        due.recommendation.pk
        for due in updates_due(recommendations=everything, today=today, limit=None)
    }
    reports_due = {
        due.review.pk: due.next_report
        for due in monitoring_reports_due(reviews=Review.objects.all(), today=today, limit=None)
    }
    states = cycle.review_cycles(built, today=today)
    reminder_states, loaded = reminder_cycles(today=today)
    chased = {s.review.pk: chase_cycle(s, loaded) for s in reminder_states}
    agreed = progress_summaries([r.pk for r in built], position="agreed")
    reported = progress_summaries([r.pk for r in built], position="reported")
    for review in built:
        missing = expected_missing(review)
        upcoming = expected_next_report(review)
        state = states[review.pk]
        # Missing updates: the rule, the dashboard and the reminders.
        assert set(state.missing_update) == missing
        assert {pk for pk in on_dashboard if everything.get(pk=pk).review_id == review.pk} == (
            missing
        )
        chase = chased.get(review.pk)
        if chase is not None:
            assert {r.pk for r in chase.missing} == missing
        # The next report: the rule, the dashboard, the reminders and the report builder.
        found = state.next_report
        assert (found and (found.due_on, found.meeting)) == (upcoming or None)
        draft = report_data_draft(review, today=today)
        last = expected_last_report(review)
        assert draft.sequence == (last.sequence + 1 if last else 1) == state.next_sequence
        meeting = upcoming[1] if upcoming else None
        assert draft.meeting_date == (meeting.date if meeting else None)
        if review.stage in MONITORED and upcoming is not None:
            assert (reports_due[review.pk].due_on, reports_due[review.pk].meeting) == upcoming
        else:
            assert review.pk not in reports_due
        has_open = review.recommendations.filter(closed_by__isnull=True).exists()
        if review.stage in MONITORED and upcoming is not None and has_open:
            assert (chase.due_on, chase.meeting) == upcoming
            if meeting is not None:
                assert reminded_for(review, meeting) == missing
        else:
            assert chase is None
        # Overdue: the one rule, row by row and set-wise.
        overdue = expected_overdue(review, today)
        assert set(state.overdue) == overdue
        recs = list(review.recommendations.select_related("status", "proposed_status"))
        assert {r.pk for r in recs if cycle.is_overdue(r, today=today)} == overdue
        # The summary: the report builder's counts are the database's.
        assert draft.total == reported[review.pk].total == len(recs)
        assert draft.achieved == reported[review.pk].achieved
        assert draft.achieved_late == reported[review.pk].achieved_late
        assert {c.label: c.count for c in draft.counts} == {
            c.status.label: c.count for c in reported[review.pk].by_status if c.count
        }
        loaded = summarise(
            recs, vocabulary=[c.status for c in agreed[review.pk].by_status], position="agreed"
        )
        assert loaded == agreed[review.pk]


def _rec(achieved=None) -> dict:
    return {
        "agreed": None,
        "target": None,
        "response": "pending",
        "updates": [],
        "achieved": achieved,
    }


# Found by the property: two recommendations signed off on one day put two meetings at the
# same time; the next report goes to the first recorded, whoever asks.
SAME_TIME = {
    "interval": 3,
    "reviews": [
        {
            "stage": "reported",
            "final_report": None,
            "executive": None,
            "recommendations": [_rec(530), _rec(), _rec(530), _rec()],
            "meetings": [60, 384],
            "cancelled": set(),
            "reports": 2,
        }
    ],
    "today": 0,
}


@PROFILE
@given(plan=HISTORIES)
@example(plan=SAME_TIME)
def test_the_dashboard_the_reminders_and_the_report_builder_agree(plan):
    with transaction.atomic():
        check(plan)
        transaction.set_rollback(True)
