"""Issuing a monitoring report: the recommendations as they stand, frozen (docs/rules.md)."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import AgendaItem, Meeting, Resolution
from scrutiny.core.audit import audit_record
from scrutiny.core.errors import Refused
from scrutiny.reviews.cycle import next_sequence, report_due_after, report_is_final
from scrutiny.reviews.lateness import achieved_late
from scrutiny.reviews.models import (
    MonitoringReport,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)
from scrutiny.reviews.selectors import (
    RecommendationState,
    recommendation_states,
    reported_status,
    review_exceptions,
    summarise,
)
from scrutiny.reviews.services import recommendation_set_status, review_update, timeline_entry_add


def _long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def snapshot_row(
    rec,
    *,
    status: Status,
    exception_reason: str | None,
    latest_update: str,
    latest_update_on: datetime.date | None,
) -> dict:
    """One recommendation as a report freezes it, at the `status` the report gives it;
    `exception_reason` is None unless it is reported as an exception."""
    return {
        "number": rec.number,
        "reference": rec.reference,
        "text": rec.text,
        "owner": rec.owner.display_name if rec.owner else "",
        "directorate": rec.directorate.name if rec.directorate else "",
        "original_target_date": _iso(rec.original_target_date),
        "current_target_date": _iso(rec.current_target_date),
        "agreed_status": rec.status.code,
        "status": status.code,
        "status_label": status.label,
        "rag": status.rag,
        "completed_on": _iso(rec.completed_on),
        "achieved_late": achieved_late(
            counts_as_achieved=status.counts_as_achieved,
            completed_on=rec.completed_on,
            original_target_date=rec.original_target_date,
        ),
        "closed": rec.is_closed,
        "is_exception": exception_reason is not None,
        "exception_reason": exception_reason or "",
        "latest_update": latest_update,
        "latest_update_on": _iso(latest_update_on),
    }


def _snapshot_row(state: RecommendationState, reasons: dict[int, str]) -> dict:
    rec, update = state.recommendation, state.latest_update
    return snapshot_row(
        rec,
        status=reported_status(rec),
        exception_reason=reasons.get(rec.pk),
        latest_update=update.narrative if update else "",
        latest_update_on=update.as_of if update else None,
    )


def review_snapshot(review: Review, *, as_of: datetime.date | None = None) -> dict:
    """Everything a monitoring report says, as plain data that never changes again. What is
    overdue is counted on the report's own date, `as_of` (default today)."""
    states = recommendation_states(review)
    recs = [s.recommendation for s in states]
    summary = summarise(
        recs, vocabulary=list(Status.objects.all()), position="reported", today=as_of
    )
    reasons = {
        e.recommendation.pk: e.reason
        for e in review_exceptions(review=review, position="reported", states=states, today=as_of)
    }
    return {
        "council_name": settings.COUNCIL_NAME,
        "constitution_reference": settings.COUNCIL_CONSTITUTION_PUBLICATION_REFERENCE,
        "committee": review.committee.name,
        "interval_months": review.committee.monitoring_interval_months,
        "review_title": review.title,
        "author": review.committee.scrutiny_officer.display_name
        if review.committee.scrutiny_officer
        else "",
        "background": [
            {"date": _iso(t.happened_on), "label": t.period_label, "text": t.text}
            for t in review.timeline.exclude(kind=TimelineEntry.Kind.MONITORING_REPORT)
        ],
        "concerns": [c.text for c in review.concerns.all()],
        "summary": summary.as_dict(),
        "statuses": [
            {"code": c.status.code, "label": c.status.label, "rag": c.status.rag, "count": c.count}
            for c in summary.by_status
        ],
        "recommendations": [_snapshot_row(state, reasons) for state in states],
    }


@dataclass(frozen=True)
class ReportPlan:
    """What issuing (or reissuing) would freeze, worked out by the issuing rules and
    written by nothing: the check page shows it, the service then writes it."""

    review: Review
    meeting: Meeting
    item: AgendaItem | None
    issued_on: datetime.date
    sequence: int
    version: int
    is_final: bool
    snapshot: dict
    next_due_on: datetime.date | None
    reissue_reason: str = ""

    @property
    def fingerprint(self) -> str:
        """A digest of everything the report would say and where it would go: equal
        digests mean the officer confirms exactly what they checked."""
        said = {
            "review": self.review.pk,
            "meeting": [self.meeting.pk, self.meeting.starts_at.isoformat()],
            "item": self.item.pk if self.item else None,
            "issued_on": _iso(self.issued_on),
            "sequence": self.sequence,
            "version": self.version,
            "is_final": self.is_final,
            "next_due_on": _iso(self.next_due_on),
            "reissue_reason": self.reissue_reason,
            "snapshot": self.snapshot,
        }
        blob = json.dumps(said, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def monitoring_report_plan(
    *,
    review: Review,
    meeting: Meeting,
    issued_on: datetime.date,
    item: AgendaItem | None = None,
) -> ReportPlan:
    """The next report in sequence, to `meeting`, as it would be issued now; refused by
    the issuing rules exactly as issuing it would be. Final when every recommendation is
    closed."""
    if meeting.committee_id != review.committee_id:
        raise Refused("meeting", f"{meeting} is not a meeting of {review.committee}.")
    if meeting.status in CALLED_OFF:
        raise Refused(
            "meeting", f"{meeting} is {meeting.get_status_display().lower()}: choose another."
        )
    if meeting.date < issued_on:
        raise Refused(
            "meeting",
            f"A report goes to a meeting still to come on its date: {meeting} was on "
            f"{_long_date(meeting.date)}, before {_long_date(issued_on)}.",
        )
    if not review.recommendations.exists():
        raise Refused("review", "The review has no recommendations to report on.")
    last = review.monitoring_reports.select_related("meeting").order_by("-sequence").first()
    if last is not None and meeting.starts_at <= last.meeting.starts_at:
        raise Refused(
            "meeting",
            f"Report {last.sequence} went to the meeting of {_long_date(last.meeting.date)}: "
            "the next report goes to a later meeting.",
        )
    snapshot = review_snapshot(review, as_of=issued_on)
    is_final = report_is_final(open_recommendations=snapshot["summary"]["open"])
    return ReportPlan(
        review=review,
        meeting=meeting,
        item=item,
        issued_on=issued_on,
        sequence=next_sequence(last),
        version=1,
        is_final=is_final,
        snapshot=snapshot,
        next_due_on=None
        if is_final
        else report_due_after(
            meeting.date, interval_months=review.committee.monitoring_interval_months
        ),
    )


def refuse_unless_as_checked(*, found: str, checked: str | None) -> None:
    """What is issued is what the officer checked: if anything it would say has changed
    since (an update posted, another report issued), nothing is issued."""
    if checked is not None and checked != found:
        raise Refused(
            "checked",
            "The report has changed since you checked it: someone changed the review or "
            "the meeting meanwhile. Nothing was issued. Check the report as it is now "
            "before issuing it.",
        )


def _create(*, actor, plan: ReportPlan, action: str) -> MonitoringReport:
    report = MonitoringReport.objects.create(
        review=plan.review,
        meeting=plan.meeting,
        item=plan.item,
        sequence=plan.sequence,
        version=plan.version,
        reissue_reason=plan.reissue_reason,
        is_final=plan.is_final,
        issued_on=plan.issued_on,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
        snapshot=plan.snapshot,
        next_due_on=plan.next_due_on,
    )
    audit_record(actor=actor, action=action, instance=report)
    return report


@transaction.atomic
def monitoring_report_issue(
    *,
    actor,
    review: Review,
    meeting: Meeting,
    issued_on: datetime.date,
    item: AgendaItem | None = None,
) -> MonitoringReport:
    """The next report in sequence, to `meeting` (see `monitoring_report_plan`)."""
    plan = monitoring_report_plan(review=review, meeting=meeting, issued_on=issued_on, item=item)
    return _create(actor=actor, plan=plan, action="monitoring_report.issue")


def refuse_unless_latest(report: MonitoringReport) -> None:
    """Only the latest report can be reissued: once the next is out, an earlier one stands."""
    newest = report.review.monitoring_reports.order_by("-sequence").values_list(
        "sequence", flat=True
    )[0]
    if report.sequence != newest:
        raise Refused(
            "report",
            f"Only the latest report can be reissued: report {newest} has been issued since "
            f"report {report.sequence}.",
        )


def monitoring_report_reissue_plan(
    *, report: MonitoringReport, reason: str, issued_on: datetime.date
) -> ReportPlan:
    """The corrected report as it would be reissued now, refused as reissuing would be."""
    if not reason.strip():
        raise Refused("reason", "Say why the report is reissued.")
    refuse_unless_latest(report)
    latest = (
        MonitoringReport.objects.filter(review=report.review, sequence=report.sequence)
        .order_by("-version")
        .first()
    )
    snapshot = review_snapshot(report.review, as_of=issued_on)
    return ReportPlan(
        review=report.review,
        meeting=report.meeting,
        item=report.item,
        issued_on=issued_on,
        sequence=report.sequence,
        version=latest.version + 1,
        is_final=report_is_final(open_recommendations=snapshot["summary"]["open"]),
        snapshot=snapshot,
        next_due_on=report.next_due_on,
        reissue_reason=reason.strip(),
    )


@transaction.atomic
def monitoring_report_reissue(
    *, actor, report: MonitoringReport, reason: str, issued_on: datetime.date
) -> MonitoringReport:
    """A corrected report is a new version with its reason; the issued one stays as it was."""
    plan = monitoring_report_reissue_plan(report=report, reason=reason, issued_on=issued_on)
    return _create(actor=actor, plan=plan, action="monitoring_report.reissue")


@transaction.atomic
def monitoring_decisions_apply(
    *,
    actor,
    report: MonitoringReport,
    resolution: Resolution,
    agreed: dict[int, str] | None = None,
) -> list[Recommendation]:
    """Apply what the committee resolved on a monitoring report.

    `agreed` maps recommendation numbers to the status members agree. Left out, members
    agree every position the services gave by the day of the meeting, as "note the
    progress" does in practice; one given after it waits for the next report.
    Closing statuses close with this resolution as their reference; the next report then
    falls due one interval on (see `cycle.next_reports`)."""
    if resolution.item.meeting_id != report.meeting_id:
        raise Refused("resolution", f"That resolution is not of {report.meeting}.")
    recs = {
        r.number: r
        for r in report.review.recommendations.select_related("status", "proposed_status")
    }
    meeting_day = report.meeting.date

    def before_members(rec: Recommendation) -> bool:
        """Whether the service's position, if any, was given by the meeting's day."""
        return rec.proposed_status_id is not None and (
            rec.proposed_on is None or rec.proposed_on <= meeting_day
        )

    if agreed is None:
        agreed = {n: r.proposed_status.code for n, r in recs.items() if before_members(r)}
    unknown = sorted(set(agreed) - set(recs))
    if unknown:
        raise Refused("agreed", f"The review has no recommendation {unknown[0]}.")
    changed = []
    for number in sorted(agreed):
        rec = recs[number]
        if rec.is_closed or (rec.status.code == agreed[number] and not before_members(rec)):
            continue  # nothing to agree: the status stands and no position was before members
        changed.append(
            recommendation_set_status(
                actor=actor,
                recommendation=rec,
                status=agreed[number],
                resolution=resolution,
            )
        )
    review = report.review
    if not review.recommendations.filter(closed_by__isnull=True).exists():
        review_update(actor=actor, review=review, expected_version=None, stage=Review.Stage.CLOSED)
    timeline_entry_add(
        actor=actor,
        review=review,
        kind=TimelineEntry.Kind.MONITORING_REPORT,
        happened_on=report.meeting.date,
        text=f"{resolution.reference}: the Committee considered monitoring report "
        f"{report.sequence} and agreed the status of {len(changed)} recommendation(s).",
    )
    return changed
