"""What the database already holds of the record an import touches, read in bulk.

An import of a thousand meetings cannot afford a query per item, document and motion, so
the importer reads each chunk's committees, meetings and everything under them in a
handful of queries and keeps them here. Records the import adds are added to the same
structures (unsaved until the importer writes them), so a later meeting in the same
import finds the committee, person or meeting an earlier one added instead of adding it
twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Model, Prefetch, Q
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Document,
    Issue,
    Meeting,
    Motion,
    Resolution,
    ResolutionPart,
)
from scrutiny.imports.matching import PeopleDirectory, plain
from scrutiny.imports.records import ImportedMeeting

# Meetings that will not take place: never "the next meeting".
OFF = (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def key(record: Model) -> tuple[str, int]:
    """An identity for saved and unsaved records alike (unsaved models are unhashable)."""
    return ("pk", record.pk) if record.pk is not None else ("new", id(record))


@dataclass
class ItemState:
    item: AgendaItem
    documents: list[Document] = field(default_factory=list)
    motions: list[Motion] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    parts: dict[int, list[str]] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)


@dataclass
class MeetingState:
    meeting: Meeting
    items: list[ItemState] = field(default_factory=list)
    attendance: dict[tuple[str, int], Attendance] = field(default_factory=dict)
    loaded: bool = False


@dataclass
class RecordState:
    """The committees, issues, people and meetings of one import, saved and pending."""

    committees: dict[str, Committee] = field(default_factory=dict)
    committee_slugs: set[str] = field(default_factory=set)
    issues: dict[str, Issue] = field(default_factory=dict)
    issue_slugs: set[str] = field(default_factory=set)
    people: PeopleDirectory = field(default_factory=PeopleDirectory)
    by_source_id: dict[str, MeetingState] = field(default_factory=dict)
    by_date: dict[tuple, list[MeetingState]] = field(default_factory=lambda: defaultdict(list))
    # Records waiting to be written, by id(); holding them keeps their ids from being
    # reused by new objects. Emptied once a chunk is written (saved records have a pk).
    scheduled: dict[int, Model] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "RecordState":
        state = cls(people=PeopleDirectory.load())
        for committee in Committee.objects.all():
            state.committees.setdefault(plain(committee.name), committee)
            state.committee_slugs.add(committee.slug)
        state.issue_slugs = set(Issue.objects.values_list("slug", flat=True))
        return state

    def issue(self, title: str) -> Issue | None:
        """The issue of that title, read once; None when we hold none."""
        wanted = plain(title)
        if wanted not in self.issues:
            found = next(
                (
                    i
                    for i in Issue.objects.filter(title__iexact=title.strip())
                    if plain(i.title) == wanted
                ),
                None,
            )
            if found is None:
                return None
            self.issues[wanted] = found
        return self.issues[wanted]

    def meeting_for(
        self, *, imported: ImportedMeeting, committee: Committee
    ) -> MeetingState | None:
        """The meeting an imported one is: same source id, else same committee and day
        (at the same time when several met that day)."""
        if imported.source_id and imported.source_id in self.by_source_id:
            return self.by_source_id[imported.source_id]
        candidates = [
            state
            for state in self.by_date.get((id(committee), imported.date), [])
            if not (imported.source_id and state.meeting.source_id)
        ]
        if len(candidates) > 1 and imported.time is not None:
            timed = [
                s
                for s in candidates
                if timezone.localtime(s.meeting.starts_at).time() == imported.time
            ]
            candidates = timed or candidates
        return candidates[0] if candidates else None

    def next_meeting_day(
        self, committee: Committee, *, after: datetime.date
    ) -> datetime.date | None:
        """The day of the committee's first meeting after ``after`` that the tracker or
        this import knows of (not cancelled or postponed), or None."""
        days = [
            day
            for (committee_id, day), states in self.by_date.items()
            if committee_id == id(committee)
            and day > after
            and any(s.meeting.status not in OFF for s in states)
        ]
        if committee.pk is not None:
            saved = (
                Meeting.objects.filter(committee=committee, starts_at__gte=_midnight(after))
                .exclude(status__in=OFF)
                .order_by("starts_at")
                .values_list("starts_at", flat=True)
            )
            days += [day for day in (timezone.localdate(at) for at in saved[:5]) if day > after][:1]
        return min(days, default=None)

    def remember(self, state: MeetingState) -> None:
        meeting = state.meeting
        if meeting.source_id:
            self.by_source_id[meeting.source_id] = state
        day = timezone.localdate(meeting.starts_at)
        self.by_date[(id(meeting.committee), day)].append(state)

    def load_meetings(self, meetings: list[ImportedMeeting]) -> None:
        """Read the meetings this chunk may match, with everything under them."""
        saved = {c.pk: c for c in self.committees.values() if c.pk is not None}
        wanted = [saved_pk for m in meetings if (saved_pk := self._committee_pk(m)) is not None]
        source_ids = [
            m.source_id for m in meetings if m.source_id and m.source_id not in self.by_source_id
        ]
        if not wanted and not source_ids:
            return
        first = _midnight(min(m.date for m in meetings) - datetime.timedelta(days=1))
        last = _midnight(max(m.date for m in meetings) + datetime.timedelta(days=2))
        query = Q(source_id__in=source_ids) if source_ids else Q(pk__in=[])
        if wanted:
            query |= Q(committee_id__in=set(wanted), starts_at__gte=first, starts_at__lt=last)
        known = {key(s.meeting) for states in self.by_date.values() for s in states}
        found = [m for m in Meeting.objects.filter(query) if ("pk", m.pk) not in known]
        for meeting in found:
            if meeting.committee_id not in saved:
                committee = Committee.objects.get(pk=meeting.committee_id)
                saved[committee.pk] = committee
                self.committees.setdefault(plain(committee.name), committee)
            meeting.committee = saved[meeting.committee_id]
        self._load_subtrees(found)

    def _committee_pk(self, imported: ImportedMeeting) -> int | None:
        committee = self.committees.get(plain(imported.committee))
        return committee.pk if committee is not None else None

    def _load_subtrees(self, meetings: list[Meeting]) -> None:
        states = {m.pk: MeetingState(meeting=m, loaded=True) for m in meetings}
        items: dict[int, ItemState] = {}
        for item in AgendaItem.objects.filter(meeting__in=meetings).order_by("position", "id"):
            item.meeting = states[item.meeting_id].meeting
            items[item.pk] = ItemState(item=item)
            states[item.meeting_id].items.append(items[item.pk])
        for model, attribute in ((Document, "documents"), (Motion, "motions"), (Action, "actions")):
            for record in model.objects.filter(item__in=list(items)).order_by("id"):
                getattr(items[record.item_id], attribute).append(record)
        parts = Prefetch("parts", queryset=ResolutionPart.objects.order_by("number"))
        for resolution in (
            Resolution.objects.filter(item__in=list(items)).prefetch_related(parts).order_by("id")
        ):
            holder = items[resolution.item_id]
            holder.resolutions.append(resolution)
            holder.parts[id(resolution)] = [part.text for part in resolution.parts.all()]
        for record in Attendance.objects.filter(meeting__in=meetings):
            states[record.meeting_id].attendance[("pk", record.person_id)] = record
        for state in states.values():
            self.remember(state)

    def schedule(self, records: list[Model], creates: list[Model]) -> list[Model]:
        """Add records to ``creates`` unless an earlier meeting already scheduled them;
        returns the ones added."""
        added = []
        for record in records:
            if record.pk is None and id(record) not in self.scheduled:
                self.scheduled[id(record)] = record
                creates.append(record)
                added.append(record)
        return added
