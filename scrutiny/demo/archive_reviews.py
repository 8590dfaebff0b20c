"""The archive's scrutiny reviews, played forward from the day each commenced: the final
report and its recommendations, the executive's response, owners' updates before each
monitoring report, the report as issued (its snapshot), and what the committee agreed on
it (statuses, extensions, closures) — so what the record says is what would have
happened, and old reviews are closed while recent ones are still being monitored."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from scrutiny.committees.models import Issue
from scrutiny.demo import archive_text as words
from scrutiny.demo.archive_context import Context, months_after
from scrutiny.demo.archive_meetings import PlannedMeeting
from scrutiny.demo.archive_people import People, PlannedCommittee
from scrutiny.demo.archive_reserved import ReservedItem
from scrutiny.people.models import Person
from scrutiny.reviews.cycle import is_overdue, report_due_after, report_is_final
from scrutiny.reviews.models import (
    Concern,
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)
from scrutiny.reviews.monitoring import snapshot_row
from scrutiny.reviews.selectors import summarise
from scrutiny.reviews.vocabulary import INITIAL_STATUS, install_default_statuses

SAMPLE_RECOMMENDATIONS = 50
MAX_REPORTS = 12
OWNER_SHARE = 0.08  # of recommendations given to bench.owner
EXTENSION_REASON = "The service needs more time to complete the work."


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class PlannedRec:
    """A recommendation as its history is played; it reads like a Recommendation to
    `summarise`, so the reports' figures come from the same rule the site uses."""

    number: int
    reference: str
    text: str
    owner: Person
    agreed_on: dt.date
    original_target_date: dt.date
    outcome: str
    done_on: dt.date
    extended_to: dt.date | None
    status: Status
    response: str = Recommendation.Response.PENDING
    response_reason: str = ""
    response_received_on: dt.date | None = None
    current_target_date: dt.date | None = None
    proposed_status: Status | None = None
    proposed_on: dt.date | None = None
    completed_on: dt.date | None = None
    closed_at: int | None = None  # index of the report whose resolution closed it
    closed_on: dt.date | None = None
    extended_at: int | None = None
    updates: list[tuple[dt.date, str]] = field(default_factory=list)

    @property
    def directorate(self):
        return self.owner.directorate

    @property
    def proposed_status_id(self):
        return self.proposed_status.pk if self.proposed_status else None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def closed_by_id(self):
        """What `cycle.is_overdue` reads: set once closed (the closing report's index)."""
        return self.closed_at

    def status_on(self, day: dt.date) -> str:
        if day >= self.done_on:
            return self.outcome
        if day < self.agreed_on + dt.timedelta(days=60):
            return "not-started"
        if day > self.original_target_date:
            return "extended" if self.extended_to else "slipped"
        return "on-track"


@dataclass
class PlannedReport:
    meeting: PlannedMeeting
    reserved: ReservedItem
    issued_on: dt.date
    snapshot: dict
    changed: int = 0
    is_final: bool = False


@dataclass
class PlannedReview:
    review: Review
    committee: PlannedCommittee
    commenced: dt.date
    final: PlannedMeeting | None = None
    final_item: ReservedItem | None = None
    recs: list[PlannedRec] = field(default_factory=list)
    reports: list[PlannedReport] = field(default_factory=list)
    timeline: list[tuple[str, dt.date, str]] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)


class ReviewPlanner:
    def __init__(self, context: Context, people: People, meetings: list[PlannedMeeting]):
        self.context, self.rng, self.people = context, context.rng, people
        self.meetings = meetings
        install_default_statuses(Status)
        self.statuses = {s.code: s for s in Status.objects.all()}
        self.vocabulary = sorted(self.statuses.values(), key=lambda s: (s.order, s.label))
        self.index_of = {id(m): i for i, m in enumerate(meetings)}
        scrutiny = [c for c in people.committees if c.kind == "scrutiny"] or people.committees
        self.committees = scrutiny
        self.calendar: dict[int, list[PlannedMeeting]] = {id(c): [] for c in scrutiny}
        for planned in meetings:
            if planned.minuted and id(planned.committee) in self.calendar:
                self.calendar[id(planned.committee)].append(planned)
        self.reserved: dict[int, list[ReservedItem]] = {}
        self.reviews: list[PlannedReview] = []
        self.sample: PlannedReview | None = None

    def _meeting_on_or_after(self, committee, day: dt.date) -> PlannedMeeting | None:
        calendar = self.calendar[id(committee)]
        index = bisect.bisect_left([m.day for m in calendar], day)
        return calendar[index] if index < len(calendar) else None

    def _reserve(self, planned: PlannedMeeting, item: ReservedItem) -> None:
        self.reserved.setdefault(self.index_of[id(planned)], []).append(item)

    def plan(self) -> None:
        rng, context = self.rng, self.context
        count = context.sizes.of("reviews")
        taken_slugs = set(Review.objects.values_list("slug", flat=True))
        taken_issues = set(Issue.objects.values_list("slug", flat=True))
        titles: set[str] = set()
        span = max(1, (context.today - context.first_day).days - 30)
        issues = []
        for _ in range(count):
            committee = rng.choice(self.committees)
            commenced = context.first_day + dt.timedelta(days=int(rng.uniform(0.02, 1) * span))
            title = f"Review of {rng.choice(words.TOPICS[committee.topics])}"
            if title in titles:
                title = f"{title} ({words.municipal_year(commenced)})"
            if title in titles:
                title = f"{title} {len(titles)}"
            titles.add(title)
            issue = Issue(title=title, slug=words.slug_for(title, taken_issues, 120))
            issues.append(issue)
            review = Review(
                title=title,
                slug=words.slug_for(title, taken_slugs, 120),
                committee=committee.committee,
                issue=issue,
                scope=f"The Committee's review of {title[10:].lower()}.",
                aim=f"To make recommendations to improve {title[10:].lower()}.",
            )
            planned = PlannedReview(review, committee, commenced)
            planned.concerns = rng.sample(words.CONCERNS, rng.randint(3, 6))
            planned.final = self._meeting_on_or_after(
                committee, commenced + dt.timedelta(days=rng.randint(120, 420))
            )
            self.reviews.append(planned)
        context.write(Issue, issues)
        reported = [r for r in self.reviews if r.final is not None]
        calendar = self.calendar[id(self.reviews[0].committee)]
        if not reported and calendar:  # a tiny archive: report a review at a late meeting
            first = self.reviews[0]
            first.final = self.calendar[id(first.committee)][-1]
            first.commenced = min(first.commenced, first.final.day - dt.timedelta(days=120))
            reported = [first]
        target = context.today - dt.timedelta(days=550)  # two or three reports in
        self.sample = min(
            reported, key=lambda r: (abs((r.final.day - target).days), r.review.title)
        )
        mean = context.sizes.of("recommendations") / len(reported)
        for planned in self.reviews:
            if planned.final is None:
                since = (context.today - planned.commenced).days
                planned.review.stage = Review.Stage.SCOPING if since < 90 else Review.Stage.EVIDENCE
                planned.timeline.append(("commenced", planned.commenced, "The review commenced."))
                continue
            if planned is self.sample:
                size = SAMPLE_RECOMMENDATIONS
            else:
                size = round(rng.lognormvariate(0, 0.45) * mean * 0.91)
                size = max(5, min(120, size))
            self._play(planned, size)

    # One review's history

    def _play(self, planned: PlannedReview, size: int) -> None:
        rng, review = self.rng, planned.review
        final = planned.final
        agreed = final.day
        year = words.municipal_year(agreed)
        short_year = f"{year[2:4]}/{year[5:7]}"
        abbreviation = planned.committee.abbreviation
        for number in range(1, size + 1):
            owner = (
                self.people.owner if rng.random() < OWNER_SHARE else rng.choice(self.people.owners)
            )
            target = months_after(agreed, rng.choice([3, 6, 6, 9, 12, 12, 18, 24]))
            roll = rng.random()
            outcome = "achieved" if roll < 0.82 else "not-achieved" if roll < 0.91 else "withdrawn"
            extended_to = months_after(target, rng.choice([3, 6, 12])) if roll > 0.8 else None
            effective = extended_to or target
            if outcome == "achieved":
                done = effective + dt.timedelta(days=int(rng.gauss(-30, 60)))
            else:
                done = target + dt.timedelta(days=rng.randint(0, 365))
            done = max(done, agreed + dt.timedelta(days=30))
            stem = rng.choice(words.RECOMMENDATION_STEMS)
            planned.recs.append(
                PlannedRec(
                    number=number,
                    reference=f"{abbreviation} ({short_year}) {number:02d}",
                    text=stem.format(x=rng.choice(words.RECOMMENDATION_OBJECTS)),
                    owner=owner,
                    agreed_on=agreed,
                    original_target_date=target,
                    current_target_date=target,
                    outcome=outcome,
                    done_on=done,
                    extended_to=extended_to,
                    status=self.statuses[INITIAL_STATUS],
                )
            )
        planned.final_item = ReservedItem(
            title=f"{review.title}: Final Report",
            issue=review.issue,
            text="To consider the Committee's final report and its recommendations.",
            minutes=words.paragraphs(rng, review.title, "Scrutiny Officer", 2),
            parts=[
                f"the final report and its {size} recommendations be agreed",
                "the report be referred to the Cabinet for its response within two months",
            ],
            document_title=f"{review.title} - Final Report",
        )
        self._reserve(final, planned.final_item)
        planned.timeline.append(("commenced", planned.commenced, "The review commenced."))
        if rng.random() < 0.05:
            paused = planned.commenced + (agreed - planned.commenced) / 3
            planned.timeline.append(("paused", paused, "The review was paused."))
            planned.timeline.append(
                ("restarted", paused + dt.timedelta(days=30), "The review restarted.")
            )
        planned.timeline.append(
            (
                "final-report",
                agreed,
                f"The Committee agreed its final report with {size} recommendations.",
            )
        )
        self._executive_response(planned)
        self._monitoring(planned)
        if planned.reports and all(rec.is_closed for rec in planned.recs):
            review.stage = Review.Stage.CLOSED
        elif planned.reports:
            review.stage = Review.Stage.MONITORING
            self._updates_since_last_report(planned)
        else:
            review.stage = Review.Stage.REPORTED

    def _executive_response(self, planned: PlannedReview) -> None:
        rng, today = self.rng, self.context.today
        sent = planned.final.day + dt.timedelta(days=rng.randint(10, 40))
        if sent > today:
            return
        planned.review.reported_to_executive_on = sent
        received = sent + dt.timedelta(days=rng.randint(20, 75))
        if received > today or ((today - sent).days < 150 and rng.random() < 0.3):
            return  # awaiting the response (overdue after two months)
        for rec in planned.recs:
            roll = rng.random()
            rec.response_received_on = received
            if roll < 0.8:
                rec.response = Recommendation.Response.ACCEPTED
            elif roll < 0.95:
                rec.response = Recommendation.Response.PARTIALLY_ACCEPTED
                rec.response_reason = "Accepted in part, within the resources available."
            else:
                rec.response = Recommendation.Response.REJECTED
                rec.response_reason = "Not accepted: the service is being recommissioned."
                rec.outcome, rec.done_on = "withdrawn", received
        planned.timeline.append(
            ("executive-response", received, "The Cabinet's response was received.")
        )

    def _monitoring(self, planned: PlannedReview) -> None:
        rng, context = self.rng, self.context
        interval = planned.committee.committee.monitoring_interval_months
        due = report_due_after(planned.final.day, interval_months=interval)
        previous = planned.final.day
        for sequence in range(1, MAX_REPORTS + 1):
            meeting = self._meeting_on_or_after(planned.committee, due)
            if meeting is None or meeting.day <= previous:
                return
            as_of = max(
                previous + dt.timedelta(days=1), meeting.day - dt.timedelta(rng.randint(14, 35))
            )
            for rec in planned.recs:
                if rec.is_closed:
                    continue
                if rng.random() < 0.2 and as_of - dt.timedelta(days=60) > previous:
                    early = as_of - dt.timedelta(days=60)
                    rec.updates.append((early, rec.status_on(early)))
                code = rec.status_on(as_of)
                rec.updates.append((as_of, code))
                rec.proposed_status, rec.proposed_on = self.statuses[code], as_of
                if code == "achieved":
                    rec.completed_on = rec.done_on
            title = f"{planned.review.title}: Monitoring Report {sequence}"
            reserved = ReservedItem(
                title=title,
                issue=planned.review.issue,
                text="To consider the monitoring report on the review's recommendations.",
                minutes=words.paragraphs(rng, planned.review.title, "Scrutiny Officer", 2),
                parts=[
                    "the monitoring report be noted",
                    "the status of each recommendation be agreed as set out in the report",
                ],
                document_title=f"{title} ({words.municipal_year(meeting.day)})",
            )
            self._reserve(meeting, reserved)
            report = PlannedReport(
                meeting=meeting,
                reserved=reserved,
                issued_on=meeting.day - dt.timedelta(days=10),
                snapshot=self._snapshot(planned, meeting.day),
            )
            # As the rule issues it: final only when nothing was open when it was issued.
            report.is_final = report_is_final(
                open_recommendations=report.snapshot["summary"]["open"]
            )
            planned.reports.append(report)
            index = len(planned.reports) - 1
            for rec in planned.recs:
                if rec.is_closed or rec.proposed_status is None:
                    continue
                agreed = rec.proposed_status
                if agreed.code != rec.status.code:
                    report.changed += 1
                rec.status, rec.proposed_status, rec.proposed_on = agreed, None, None
                if agreed.code == "extended" and rec.extended_at is None:
                    rec.extended_at = index
                    rec.current_target_date = rec.extended_to
                if agreed.closes:
                    rec.closed_at, rec.closed_on = index, meeting.day
            if all(rec.is_closed for rec in planned.recs):
                return
            previous = meeting.day
            due = report_due_after(meeting.day, interval_months=interval)
            if due > context.today:
                return

    def _updates_since_last_report(self, planned: PlannedReview) -> None:
        """Owners who have already written for the next report; the rest have not yet."""
        rng, today = self.rng, self.context.today
        last = planned.reports[-1].meeting.day
        for rec in planned.recs:
            if rec.is_closed or rng.random() < 0.4:
                continue
            as_of = today - dt.timedelta(days=rng.randint(1, 20))
            if as_of <= last:
                continue
            code = rec.status_on(as_of)
            rec.updates.append((as_of, code))
            rec.proposed_status, rec.proposed_on = self.statuses[code], as_of

    def _snapshot(self, planned: PlannedReview, day: dt.date) -> dict:
        """What `scrutiny.reviews.monitoring.review_snapshot` gives, as the review stood."""
        review, committee = planned.review, planned.committee.committee
        summary = summarise(
            planned.recs, vocabulary=self.vocabulary, position="reported", today=day
        )
        rows = []
        for rec in planned.recs:
            status = (
                rec.proposed_status if rec.proposed_status and not rec.is_closed else rec.status
            )
            latest = rec.updates[-1] if rec.updates else None
            exception = not rec.is_closed and (status.is_exception or is_overdue(rec, today=day))
            narrative = words.UPDATE_NARRATIVES[latest[1]] if latest else ""
            reason = EXTENSION_REASON if rec.extended_at is not None else narrative
            rows.append(
                snapshot_row(
                    rec,
                    status=status,
                    exception_reason=reason if exception else None,
                    latest_update=narrative,
                    latest_update_on=latest[0] if latest else None,
                )
            )
        return {
            "council_name": settings.COUNCIL_NAME,
            "constitution_reference": settings.COUNCIL_CONSTITUTION_PUBLICATION_REFERENCE,
            "committee": committee.name,
            "interval_months": committee.monitoring_interval_months,
            "review_title": review.title,
            "author": committee.scrutiny_officer.display_name if committee.scrutiny_officer else "",
            "background": [
                {"date": _iso(when), "label": words.municipal_year(when), "text": text}
                for kind, when, text in planned.timeline
                if kind != "monitoring-report" and when <= day
            ],
            "concerns": list(planned.concerns),
            "summary": summary.as_dict(),
            "statuses": [
                {
                    "code": c.status.code,
                    "label": c.status.label,
                    "rag": c.status.rag,
                    "count": c.count,
                }
                for c in summary.by_status
            ],
            "recommendations": rows,
        }

    # Writing, once the agendas (and so the report items and resolutions) are written

    def write(self) -> None:
        context = self.context
        context.write(Review, [p.review for p in self.reviews])
        concerns, timeline, recs, updates, extensions, reports = [], [], [], [], [], []
        for planned in self.reviews:
            review = planned.review
            concerns += [
                Concern(review=review, position=i, text=text)
                for i, text in enumerate(planned.concerns, start=1)
            ]
            entries = list(planned.timeline)
            for sequence, report in enumerate(planned.reports, start=1):
                item = report.reserved.item
                reference = (
                    f"{planned.committee.committee.name}, {report.meeting.day:%d/%m/%Y}, "
                    f"item {item.number}"
                )
                entries.append(
                    (
                        "monitoring-report",
                        report.meeting.day,
                        f"{reference}: the Committee considered monitoring report {sequence} "
                        f"and agreed the status of {report.changed} recommendation(s).",
                    )
                )
                reports.append(
                    MonitoringReport(
                        review=review,
                        meeting=report.meeting.meeting,
                        item=item,
                        sequence=sequence,
                        is_final=report.is_final,
                        issued_on=report.issued_on,
                        snapshot=report.snapshot,
                        next_due_on=None
                        if report.is_final
                        else report_due_after(
                            report.meeting.day,
                            interval_months=planned.committee.committee.monitoring_interval_months,
                        ),
                    )
                )
            entries.sort(key=lambda e: e[1])
            timeline += [
                TimelineEntry(
                    review=review,
                    kind=kind,
                    happened_on=when,
                    period_label=words.municipal_year(when),
                    text=text,
                )
                for kind, when, text in entries
            ]
            for rec in planned.recs:
                closing = planned.reports[rec.closed_at] if rec.is_closed else None
                recommendation = Recommendation(
                    review=review,
                    number=rec.number,
                    reference=rec.reference,
                    text=rec.text,
                    illustrative=True,
                    owner=rec.owner,
                    directorate=rec.owner.directorate,
                    agreed_on=rec.agreed_on,
                    original_target_date=rec.original_target_date,
                    current_target_date=rec.current_target_date,
                    status=rec.status,
                    proposed_status=rec.proposed_status,
                    proposed_on=rec.proposed_on,
                    completed_on=rec.completed_on,
                    response=rec.response,
                    response_reason=rec.response_reason,
                    response_received_on=rec.response_received_on,
                    closed_by=closing.reserved.resolution if closing else None,
                    closed_on=rec.closed_on,
                )
                recs.append(recommendation)
                updates += [
                    ProgressUpdate(
                        recommendation=recommendation,
                        author=rec.owner,
                        as_of=as_of,
                        proposed_status=self.statuses[code],
                        narrative=words.UPDATE_NARRATIVES[code],
                    )
                    for as_of, code in rec.updates
                ]
                if rec.extended_at is not None:
                    report = planned.reports[rec.extended_at]
                    extensions.append(
                        Extension(
                            recommendation=recommendation,
                            from_date=rec.original_target_date,
                            to_date=rec.extended_to,
                            reason=EXTENSION_REASON,
                            agreed_at=report.meeting.meeting,
                            resolution=report.reserved.resolution,
                        )
                    )
        context.write(Concern, concerns)
        context.write(TimelineEntry, timeline)
        context.write(Recommendation, recs)
        context.write(ProgressUpdate, updates)
        context.write(Extension, extensions)
        context.write(MonitoringReport, reports)
