"""Who must be reminded of what, on a given day. Pure reads: every rule takes `today`, so
any day can be asked about, and running them changes nothing.

The cycle's rules are `scrutiny.reviews.cycle`'s, the same the dashboard reads. For each
review under monitoring (stage reported or monitoring) with recommendations still open:

- the next report goes to the meeting `cycle.next_reports` names, and its papers are due
  on that meeting's papers deadline;
- a recommendation is *missing* an update as `cycle.lacking_update` says: open, not
  rejected, and no update dated on or after the day the last report was issued (before the
  first report, on or after the day it was agreed);
- from the deadline less `SCRUTINY_FIRST_REMINDER_DAYS` each owner with missing
  recommendations gets a first reminder, and from the deadline less
  `SCRUTINY_SECOND_REMINDER_DAYS` a second one, up to and including the deadline;
- after the deadline, up to the meeting itself, the scrutiny officer is told who is still
  missing, ready to escalate;
- with no meeting scheduled, owners are not chased (there is no deadline to give them) and
  the scrutiny officer is told once;
- an executive response still pending after it was due (`cycle.responses_overdue`) is
  escalated once per review, whatever the review's stage (as the dashboard lists it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from scrutiny.committees.models import Committee, Meeting
from scrutiny.core.working_days import papers_deadline
from scrutiny.people.models import Person
from scrutiny.reminders.models import Kind, ReminderRun, ReminderSent
from scrutiny.reviews import cycle as reviews_cycle
from scrutiny.reviews.models import Recommendation, Review


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
    """One review's cycle (`scrutiny.reviews.cycle`) as the reminders use it: with its
    missing recommendations loaded, to name them and their owners."""

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


def reviews_with_open_recommendations():
    """Reviews whose owners may be chased (if under monitoring) or whose executive response
    may be overdue (at any stage, as the dashboard lists it)."""
    return (
        Review.objects.filter(recommendations__closed_by__isnull=True)
        .distinct()
        .select_related("committee__scrutiny_officer")
        .order_by("title", "pk")
    )


def review_cycles(
    *, today: datetime.date
) -> tuple[list[reviews_cycle.ReviewCycle], dict[int, Recommendation]]:
    """The cycle on `today` of every review with open recommendations, in title order, and the
    recommendations they name (missing an update, or a response), loaded once with their
    owners; in a fixed number of queries however many reviews there are."""
    reviews = list(reviews_with_open_recommendations())
    cycles = reviews_cycle.review_cycles(reviews, today=today)
    named = {pk for c in cycles.values() for pk in c.missing_update + c.responses_overdue}
    loaded = Recommendation.objects.select_related("owner").in_bulk(named)
    for c in cycles.values():
        for pk in c.missing_update + c.responses_overdue:
            loaded[pk].review = c.review  # the one already loaded, with its committee
    return [cycles[review.pk] for review in reviews], loaded


def chase_cycle(cycle: reviews_cycle.ReviewCycle, loaded) -> ReviewCycle | None:
    """The review's next report, its deadline and the recommendations missing an update.
    None when no further report is due or the review is not under monitoring."""
    nxt = cycle.next_report
    if nxt is None or cycle.review.stage not in reviews_cycle.MONITORED_STAGES:
        return None
    return ReviewCycle(
        review=cycle.review,
        meeting=nxt.meeting,
        due_on=nxt.due_on,
        deadline=nxt.papers_deadline,
        missing=tuple(loaded[pk] for pk in cycle.missing_update),
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


def _executive_response_escalation(cycle: reviews_cycle.ReviewCycle, loaded) -> DueReminder | None:
    if not cycle.responses_overdue:
        return None
    review = cycle.review
    return DueReminder(
        kind=Kind.EXECUTIVE_RESPONSE,
        cycle_key=f"review:{review.pk}",
        recipient=review.committee.scrutiny_officer,
        committee=review.committee,
        owners=group_by_owner(loaded[pk] for pk in cycle.responses_overdue),
        review=review,
        due_on=cycle.response_due_on,
    )


def reminders_due(*, today: datetime.date) -> list[DueReminder]:
    """Every email the rules say is due on `today`, whether or not it has been sent: the
    sender's record (`ReminderSent`) decides that."""
    cycles = []
    due: list[DueReminder] = []
    states, loaded = review_cycles(today=today)
    for state in states:
        escalation = _executive_response_escalation(state, loaded)
        if escalation is not None:
            due.append(escalation)
        chase = chase_cycle(state, loaded)
        if chase is None:
            continue
        cycles.append(chase)
        due.extend(_meeting_notices(chase, today))
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


def reminders_unconfirmed():
    """Emails whose sender stopped, or lost the mail server, while handing them over: they
    may or may not have arrived. They are never sent again automatically (see
    `reminders_send_due`); a person asks the recipient and marks each failed (the next run
    sends it) or sent."""
    return ReminderSent.objects.filter(state=ReminderSent.State.UNCONFIRMED).order_by(
        "claimed_at", "pk"
    )


def failed_runs_in_a_row() -> int:
    """How many of the latest finished runs failed, since the last that succeeded."""
    count = 0
    finished = ReminderRun.objects.exclude(outcome=ReminderRun.Outcome.RUNNING)
    for outcome in finished.values_list("outcome", flat=True)[:50]:
        if outcome == ReminderRun.Outcome.SUCCEEDED:
            break
        count += outcome == ReminderRun.Outcome.FAILED
    return count
