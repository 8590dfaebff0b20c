"""What every part of an import's plan shares: the import's context, the plan of one
meeting (see ``scrutiny.imports.plan``), and the helpers each planner uses to fit a value,
date a meeting and plan a change. The meeting, item and decision planners all build on
this module, so none of them needs another's internals."""

import datetime
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from scrutiny.committees.lifecycle import refuse_before_meeting
from scrutiny.committees.models import Attendance, Meeting
from scrutiny.core.audit import audit_record, field_values
from scrutiny.core.errors import Refused
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.report import KINDS
from scrutiny.imports.state import ItemState, MeetingState, RecordState

# A source that gives no time (an issue page) gets midnight, and a later import that does
# give the time corrects it; an import without a time never moves a meeting's time.
TIME_NOT_STATED = datetime.time(0, 0)

# What a plan counts that is a meeting's papers, not its minutes.
PAPERS = frozenset({"document"})


def aware(day: datetime.date, time: datetime.time | None = None) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time or TIME_NOT_STATED))


def fit(value: str, *, limit: int, place: str, what: str) -> str:
    """The value stripped, or a refusal when it cannot be stored as it is."""
    value = " ".join(value.split()) if limit <= 400 else value.strip()
    if "\x00" in value:
        raise ImportRefused(place, f"the {what} contains a NUL character")
    if len(value) > limit:
        raise ImportRefused(
            place, f"the {what} is {len(value):,} characters long; at most {limit} can be kept"
        )
    return value


@contextmanager
def refused_at(where: str):
    """A service's refusal, as the import reports it: where, and why."""
    try:
        yield
    except Refused as error:
        raise ImportRefused(where, error.reason) from None


@dataclass
class Context:
    """What every part of one import's plan needs to know, and what it works out once
    for the whole import rather than for each record: today's date, the moments its
    days and times stand for, and which meetings have passed each before-the-meeting
    check."""

    state: RecordState
    actor: object
    source: str
    published_record: bool = False
    issue_title: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)
    _moments: dict = field(default_factory=dict, repr=False)
    _checked: dict = field(default_factory=dict, repr=False)

    def aware(self, day: datetime.date, time: datetime.time | None = None) -> datetime.datetime:
        """``aware(day, time)``, the same moment (the same object) each time it is asked."""
        moment = self._moments.get((day, time))
        if moment is None:
            moment = self._moments[(day, time)] = aware(day, time)
        return moment

    def refuse_before_meeting(self, meeting: Meeting, *, field: str, what: str, place: str):
        """``lifecycle.refuse_before_meeting`` for a record planned at ``meeting``, as the
        import reports a refusal. A meeting is not changed while an import plans, so the
        answer for one meeting and kind of record is worked out once."""
        key = (id(meeting), field, what)
        if self._checked.get(key) is meeting:
            return
        with refused_at(place):
            refuse_before_meeting(meeting, field=field, what=what, today=self.today)
        self._checked[key] = meeting  # held, so its id() is not another's while it counts


@dataclass
class Plan:
    """What importing one meeting creates and changes; see the module docstring."""

    where: str
    people_checkpoint: int
    state: MeetingState | None = None
    creates: list[Model] = field(default_factory=list)
    updates: list[Callable[[], object]] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)
    new_items: list[ItemState] = field(default_factory=list)
    new_attendance: dict[tuple, Attendance] = field(default_factory=dict)
    # The parts of each new resolution, by id() of the resolution: written as plain rows
    # once the resolution has its id, because nothing reads them back as records.
    new_parts: dict[int, list[str]] = field(default_factory=dict)
    is_new_meeting: bool = False
    # How many attendees the source gave each (word, our status or None) pair.
    attendance_states: Counter = field(default_factory=Counter)
    papers_published_at: datetime.datetime | None = None

    def count(self, kind: str, outcome: str) -> None:
        counter = self.counts.get(kind)
        if counter is None:
            counter = self.counts[kind] = Counter()
        counter[outcome] += 1

    @property
    def changes_minutes(self) -> bool:
        """Whether it adds to or changes what signed minutes lock: everything but the
        meeting's papers (committees.services says why papers are not minutes)."""
        return any(
            c["created"] or c["updated"] for kind, c in self.counts.items() if kind not in PAPERS
        )

    @property
    def meeting_change(self) -> str:
        """What importing does to the meeting as a whole: "created" when it is new to the
        record, "updated" when anything of it (papers included) is created or changed,
        else "unchanged"."""
        if self.is_new_meeting:
            return "created"
        if any(c["created"] or c["updated"] for c in self.counts.values()):
            return "updated"
        return "unchanged"

    def change_summary(self) -> str:
        parts = [
            f"{counter[outcome]} {KINDS[kind][counter[outcome] != 1]} {outcome}"
            for kind, counter in self.counts.items()
            if kind not in PAPERS
            for outcome in ("created", "updated")
            if counter[outcome]
        ]
        return ", ".join(parts)


def plan_change(ctx, plan: Plan, kind: str, instance, changes: dict, *, action: str) -> None:
    """Count, and when there is a change, save it with an audit entry of the difference."""
    plan.count(kind, "updated" if changes else "unchanged")
    if not changes or instance.pk is None:
        return

    @transaction.atomic
    def apply():
        fresh = type(instance).objects.select_for_update().get(pk=instance.pk)
        before = field_values(fresh)
        for name, value in changes.items():
            setattr(fresh, name, value)
        fresh.save()
        audit_record(actor=ctx.actor, action=action, instance=fresh, before=before)

    plan.updates.append(apply)
