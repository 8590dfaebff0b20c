"""Who must be reminded of what, on a given day. Pure reads: every rule takes `today`, so
any day can be asked about, and running them changes nothing.

The rules, for each review under monitoring (one with recommendations still open):

- the next report goes to the meeting `review_next_report` names, and its papers are due
  on `papers_deadline(meeting date)`;
- an open recommendation is *missing* an update when its owner has posted none since the
  last monitoring report was issued (or, before the first report, since it was agreed);
- from the deadline less `SCRUTINY_FIRST_REMINDER_DAYS` each owner with missing
  recommendations gets a first reminder, and from the deadline less
  `SCRUTINY_SECOND_REMINDER_DAYS` a second one, up to and including the deadline;
- after the deadline, up to the meeting itself, the scrutiny officer is told who is still
  missing, ready to escalate;
- with no meeting scheduled, owners are not chased (there is no deadline to give them) and
  the scrutiny officer is told once;
- an executive response still pending after it was due is escalated once per review.

A recommendation the executive rejected is not chased: there is nothing to deliver.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from scrutiny.committees.models import Committee, Meeting
from scrutiny.core.working_days import papers_deadline
from scrutiny.people.models import Person
from scrutiny.reminders.models import Kind, ReminderSent
from scrutiny.reviews.models import ProgressUpdate, Recommendation, Review
from scrutiny.reviews.selectors import (
    executive_response_due,
    last_issued_report,
    review_next_report,
)


@dataclass(frozen=True)
class OwnerMissing:
    """An owner (or nobody, for recommendations with no owner) and what they must update."""

    owner: Person | None
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class DueReminder:
    """One email that is due: what kind, for which cycle, to whom, and what it lists.

    `recipient` is the owner for owner reminders and the committee's scrutiny officer for
    everything else (None when the committee names none)."""

    kind: str
    cycle_key: str
    recipient: Person | None
    committee: Committee
    owners: tuple[OwnerMissing, ...] = ()
    review: Review | None = None
    meeting: Meeting | None = None
    deadline: datetime.date | None = None
    due_on: datetime.date | None = None

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return tuple(rec for group in self.owners for rec in group.recommendations)

    @property
    def address(self) -> str:
        """Where it goes: the person's email, or the council's fallback for notices to a
        scrutiny officer it cannot reach. Empty when there is nowhere to send it."""
        if self.recipient is not None and self.recipient.email:
            return self.recipient.email.strip().lower()
        if self.kind in OWNER_KINDS:
            return ""
        return settings.SCRUTINY_REMINDERS_FALLBACK_EMAIL.strip().lower()


OWNER_KINDS = frozenset({Kind.FIRST_REMINDER, Kind.SECOND_REMINDER})


@dataclass(frozen=True)
class ReviewCycle:
    """Where one review stands in its reporting cycle on a given day."""

    review: Review
    meeting: Meeting | None
    due_on: datetime.date
    deadline: datetime.date | None
    missing: tuple[Recommendation, ...]


def reminder_dates(deadline: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and second reminder dates for a papers deadline."""
    first = deadline - datetime.timedelta(days=settings.SCRUTINY_FIRST_REMINDER_DAYS)
    second = deadline - datetime.timedelta(days=settings.SCRUTINY_SECOND_REMINDER_DAYS)
    return first, second


def has_update_since(recommendation: Recommendation, since: datetime.date | None, *, after: bool):
    """Whether the owner has posted an update dated after the report was issued (`after`)
    or on or after the day the recommendation was agreed. The update's own date (as_of) is
    used: it is the date the council reports by, whenever it was typed in."""
    for update in recommendation.updates.all():
        if since is None or update.as_of > since or (not after and update.as_of == since):
            return True
    return False


def reviews_under_monitoring():
    open_recommendations = (
        Recommendation.objects.filter(closed_by__isnull=True)
        .select_related("owner")
        .prefetch_related(Prefetch("updates", queryset=ProgressUpdate.objects.only("as_of")))
        .order_by("number")
    )
    return (
        Review.objects.filter(recommendations__closed_by__isnull=True)
        .distinct()
        .select_related("committee__scrutiny_officer")
        .prefetch_related(Prefetch("recommendations", queryset=open_recommendations))
        .order_by("title", "pk")
    )


def review_cycle(review: Review) -> ReviewCycle | None:
    """The review's next report, its deadline and the open recommendations missing an
    update. None when no further report is due (the last one was final)."""
    nxt = review_next_report(review=review)
    if nxt is None:
        return None
    report = last_issued_report(review)
    deadline = papers_deadline(nxt.meeting.date) if nxt.meeting else None
    missing = []
    for rec in review.recommendations.all():
        if rec.closed_by_id or rec.response == Recommendation.Response.REJECTED:
            continue
        since = report.issued_on if report else rec.agreed_on
        if not has_update_since(rec, since, after=report is not None):
            missing.append(rec)
    return ReviewCycle(
        review=review,
        meeting=nxt.meeting,
        due_on=nxt.due_on,
        deadline=deadline,
        missing=tuple(missing),
    )


def group_by_owner(recommendations) -> tuple[OwnerMissing, ...]:
    groups: dict[Person | None, list[Recommendation]] = defaultdict(list)
    for rec in recommendations:
        groups[rec.owner].append(rec)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] and kv[0].name))
    return tuple(OwnerMissing(owner, tuple(recs)) for owner, recs in ordered)


def _meeting_notices(cycle: ReviewCycle, today: datetime.date) -> list[DueReminder]:
    """The scrutiny officer's notices for one review's cycle: no meeting, owners who cannot
    be emailed, and the escalation after the deadline."""
    review = cycle.review
    officer = review.committee.scrutiny_officer
    common = {"recipient": officer, "committee": review.committee, "review": review}
    if cycle.meeting is None:
        first, _ = reminder_dates(papers_deadline(cycle.due_on))
        if today < first:
            return []
        key = f"review:{review.pk}/due:{cycle.due_on.isoformat()}"
        return [DueReminder(kind=Kind.NO_MEETING, cycle_key=key, due_on=cycle.due_on, **common)]
    if not cycle.missing:
        return []
    first, _ = reminder_dates(cycle.deadline)
    key = f"review:{review.pk}/meeting:{cycle.meeting.pk}"
    common.update(meeting=cycle.meeting, deadline=cycle.deadline, due_on=cycle.due_on)
    if first <= today <= cycle.deadline:
        unreachable = [r for r in cycle.missing if r.owner is None or not r.owner.email]
        if unreachable:
            owners = group_by_owner(unreachable)
            return [DueReminder(kind=Kind.CANNOT_REMIND, cycle_key=key, owners=owners, **common)]
    if cycle.deadline < today <= cycle.meeting.date:
        owners = group_by_owner(cycle.missing)
        return [DueReminder(kind=Kind.ESCALATION, cycle_key=key, owners=owners, **common)]
    return []


def _owner_reminders(cycles: list[ReviewCycle], today: datetime.date) -> list[DueReminder]:
    """One email per owner per meeting and stage, listing all their missing recommendations
    across reviews."""
    wanted: dict[tuple, list[Recommendation]] = defaultdict(list)
    context: dict[tuple, ReviewCycle] = {}
    for cycle in cycles:
        if cycle.meeting is None:
            continue
        first, second = reminder_dates(cycle.deadline)
        if not first <= today <= cycle.deadline:
            continue
        kind = Kind.SECOND_REMINDER if today >= second else Kind.FIRST_REMINDER
        for rec in cycle.missing:
            if rec.owner is None or not rec.owner.email:
                continue  # the scrutiny officer is told instead
            key = (rec.owner.pk, cycle.meeting.pk, kind)
            wanted[key].append(rec)
            context.setdefault(key, cycle)
    due = []
    for (owner_pk, meeting_pk, kind), recs in wanted.items():
        cycle = context[(owner_pk, meeting_pk, kind)]
        owner = recs[0].owner
        due.append(
            DueReminder(
                kind=kind,
                cycle_key=f"owner:{owner_pk}/meeting:{meeting_pk}",
                recipient=owner,
                committee=cycle.review.committee,
                owners=(OwnerMissing(owner, tuple(recs)),),
                meeting=cycle.meeting,
                deadline=cycle.deadline,
                due_on=cycle.due_on,
            )
        )
    return due


def _executive_response_escalation(review: Review, today: datetime.date) -> DueReminder | None:
    due = executive_response_due(review=review)
    if due is None or today <= due:
        return None
    pending = [
        rec
        for rec in review.recommendations.all()
        if not rec.closed_by_id and rec.response == Recommendation.Response.PENDING
    ]
    if not pending:
        return None
    return DueReminder(
        kind=Kind.EXECUTIVE_RESPONSE,
        cycle_key=f"review:{review.pk}",
        recipient=review.committee.scrutiny_officer,
        committee=review.committee,
        owners=group_by_owner(pending),
        review=review,
        due_on=due,
    )


def reminders_due(*, today: datetime.date) -> list[DueReminder]:
    """Every email the rules say is due on `today`, whether or not it has been sent: the
    sender's record (`ReminderSent`) decides that."""
    cycles = []
    due: list[DueReminder] = []
    for review in reviews_under_monitoring():
        escalation = _executive_response_escalation(review, today)
        if escalation is not None:
            due.append(escalation)
        cycle = review_cycle(review)
        if cycle is None:
            continue
        cycles.append(cycle)
        due.extend(_meeting_notices(cycle, today))
    return _owner_reminders(cycles, today) + due


def reminder_already_claimed(reminder: DueReminder) -> bool:
    """Whether this email has been sent, or claimed by a sender that has not said how it
    went. A failed send does not count: it will be tried again."""
    return (
        ReminderSent.objects.filter(
            kind=reminder.kind, cycle_key=reminder.cycle_key, recipient=reminder.address
        )
        .exclude(state=ReminderSent.State.FAILED)
        .exists()
    )


def reminders_unconfirmed(*, older_than: datetime.timedelta = datetime.timedelta(hours=1)):
    """Claims whose sender stopped between claiming and recording the outcome: the email
    may or may not have gone. They are never retried automatically (see
    `reminders_send_due`); a person checks with the recipient and, if it never arrived,
    marks the claim failed so the next run sends it."""
    return ReminderSent.objects.filter(
        state=ReminderSent.State.SENDING, claimed_at__lt=timezone.now() - older_than
    )
