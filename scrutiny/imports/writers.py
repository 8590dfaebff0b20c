"""Write imported records into the committee record: ``RecordImporter``.

Every importer (issue pages, the ModernGov web service) parses its source into the
frozen records of ``scrutiny.imports.records`` and hands them to ``RecordImporter``,
which decides what they mean for our model. The rules it keeps:

- One transaction per import: a refusal anywhere (a value we cannot store, a rule a
  service enforces) rolls the whole import back, so a failed import changes nothing
  (docs/rules.md), and the refusal says where, e.g. "meeting 4567 of 16/09/2024
  (Customer Services Scrutiny Committee), item '27': the item has no title".
- Re-running an import updates what changed and duplicates nothing (see ``plan_items``
  for how records are matched).
- Signed minutes are locked (docs/rules.md): a meeting whose minutes are signed is left
  alone when the import would change it, and reported as refused with the reason; the
  rest of the import goes ahead. Unchanged signed meetings count as unchanged.
- A dry run plans exactly the same way and writes nothing.

New records are created in bulk, level by level, with one audit event each in the shape
the services record; changes to existing records go through the services (which lock,
version and audit them).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence, Sized
from itertools import islice

from django.db import transaction
from django.db.models import Model
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
from scrutiny.committees.services import resolution_audit_values
from scrutiny.core import record_versions
from scrutiny.core.audit import EVENT_COLUMNS, event_values
from scrutiny.core.collector import cycle_collector_paused
from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from scrutiny.imports.bulk import insert_records, insert_rows
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.plan import plan_meeting
from scrutiny.imports.planning import Context, Plan
from scrutiny.imports.records import ImportedIssue, ImportedMeeting
from scrutiny.imports.report import ImportReport
from scrutiny.imports.state import RecordState
from scrutiny.people.models import Person

CREATE_ORDER = (
    Person,
    Committee,
    Issue,
    Meeting,
    AgendaItem,
    Document,
    Motion,
    Action,
    Attendance,
    Resolution,
)
AUDIT_ACTIONS = {
    Person: "person.create",
    Committee: "committee.create",
    Issue: "issue.create",
    Meeting: "meeting.create",
    AgendaItem: "agenda_item.create",
    Document: "document.add",
    Motion: "motion.record",
    Action: "action.record",
    Attendance: "attendance.record",
    Resolution: "resolution.record",
}
COUNTED_ON_SCHEDULE = {Person: "person", Committee: "committee", Issue: "issue"}
Progress = Callable[[int, int], None]


class RecordImporter:
    """Imports parsed meetings; ``source`` names the source in notes ("ModernGov")."""

    chunk_size = 100

    def __init__(self, *, actor=None, source: str = "the imported record") -> None:
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.source = source

    def import_issue(
        self, issue: ImportedIssue, *, dry_run: bool = False, progress: Progress | None = None
    ) -> ImportReport:
        """A saved ModernGov page: the council's published record, so its papers and
        minutes are public; an issue page's items are linked to its issue (other pages
        name no issue)."""
        title = issue.title if issue.kind == "issue" else ""
        return self._run(
            list(issue.meetings),
            dry_run=dry_run,
            progress=progress,
            context={"published_record": True, "issue_title": title},
        )

    def import_meetings(
        self,
        meetings: Sequence[ImportedMeeting] | Iterable[ImportedMeeting],
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Meetings from the ModernGov web service; what it says is published is public.
        ``meetings`` may be a stream that parses as it is read (``moderngov_walk``): a
        refusal from it is raised inside the transaction, so nothing is written."""
        return self._run(meetings, dry_run=dry_run, progress=progress, context={})

    def _run(self, meetings, *, dry_run: bool, progress: Progress | None, context: dict):
        report = ImportReport(dry_run=dry_run)
        total = len(meetings) if isinstance(meetings, Sized) else 0
        stream = iter(meetings)
        # Everything planned is kept until the commit: collecting cycles meanwhile only
        # walks it again and again (core.collector). It is all let go (``_chunks``
        # returns) before the collector is back, which then has little left to walk.
        with cycle_collector_paused(), transaction.atomic():
            self._chunks(
                stream, context, report=report, dry_run=dry_run, progress=progress, total=total
            )
        return report

    def _chunks(self, stream, context: dict, *, report, dry_run, progress, total) -> None:
        ctx = Context(state=RecordState.load(), actor=self.actor, source=self.source, **context)
        done = 0
        while chunk := list(islice(stream, self.chunk_size)):
            self._chunk(ctx, chunk, report=report, dry_run=dry_run)
            done += len(chunk)
            if progress is not None:
                progress(done, max(total, done))

    def _chunk(self, ctx: Context, chunk, *, report: ImportReport, dry_run: bool) -> None:
        state = ctx.state
        state.load_meetings(chunk)
        creates: list[Model] = []
        parts: dict[int, list[str]] = {}
        updates: list[tuple[str, Callable[[], object]]] = []
        committed: list[Plan] = []
        noted: list[tuple[Plan, dict]] = []
        for imported in chunk:
            plan = plan_meeting(ctx, imported)
            meeting = plan.state.meeting
            # A meeting new to the tracker has no signed minutes here to protect, even
            # when the source says its minutes are signed.
            if meeting.minutes_locked and not plan.is_new_meeting and plan.changes_minutes:
                state.people.roll_back(plan.people_checkpoint)
                self._forget(plan)
                report.add("meeting", "refused")
                reason = (
                    f"{plan.where}: the minutes of {meeting} are signed and locked, and this "
                    f"import would change them ({plan.change_summary()}). Nothing was imported "
                    "for this meeting; record any correction at a later meeting."
                )
                report.refusals.append(reason)
                report.meeting(imported, outcome="refused", reason=reason, pk=meeting.pk)
                continue
            for record in state.schedule(plan.creates, creates):
                kind = COUNTED_ON_SCHEDULE.get(type(record))
                if kind:
                    report.add(kind, "created")
            report.merge(plan.counts)
            report.attendance_states.update(plan.attendance_states)
            parts.update(plan.new_parts)
            updates += [(plan.where, update) for update in plan.updates]
            self._remember(state, plan)
            committed.append(plan)
            noted.append(
                (plan, report.meeting(imported, outcome="imported", change=plan.meeting_change))
            )
        if dry_run:
            for plan, entry in noted:
                entry["id"] = plan.state.meeting.pk  # None for a meeting yet to be created
            return
        self._create(creates, parts)
        if creates:
            # Inserted past save(), so no signal bumps their scopes.
            record_versions.bump(record_versions.RECORD, record_versions.PEOPLE)
        state.scheduled.clear()
        for plan in committed:
            plan.state.attendance = {
                ("pk", a.person_id) if a.person_id else ("new", id(a.person)): a
                for a in plan.state.attendance.values()
            }
        for where, update in updates:
            try:
                update()
            except Refused as error:
                raise ImportRefused(where, error.reason) from None
        for plan, entry in noted:
            entry["id"] = plan.state.meeting.pk

    @staticmethod
    def _forget(plan: Plan) -> None:
        """Take a refused plan's unsaved additions back out of the signed meeting's state
        (everything else under a signed meeting was read from the database)."""
        for holder in plan.state.items:
            for records in (holder.documents, holder.motions, holder.resolutions, holder.actions):
                records[:] = [record for record in records if record.pk is not None]

    @staticmethod
    def _remember(state: RecordState, plan: Plan) -> None:
        plan.state.items += plan.new_items
        plan.state.attendance.update(plan.new_attendance)
        if plan.is_new_meeting:
            state.remember(plan.state)

    def _create(self, creates: list[Model], parts: dict[int, list[str]]) -> None:
        """Insert new records level by level, then one audit event for each (a new
        resolution's event lists its parts, ``parts`` by id() of the resolution)."""
        by_model: dict[type, list[Model]] = defaultdict(list)
        for record in creates:
            by_model[type(record)].append(record)
        for model in CREATE_ORDER:
            records = by_model.get(model, [])
            if not records:
                continue
            insert_records(model, records)
        insert_rows(
            ResolutionPart,
            ("resolution", "number", "text"),
            (
                (resolution.pk, number, text)
                for resolution in by_model.get(Resolution, [])
                for number, text in enumerate(parts[id(resolution)], start=1)
            ),
        )
        now = timezone.now()
        insert_rows(
            AuditEvent,
            ("at", *EVENT_COLUMNS),
            (
                (
                    now,
                    *event_values(
                        actor=self.actor,
                        action=AUDIT_ACTIONS[type(record)],
                        instance=record,
                        after=resolution_audit_values(record, parts[id(record)])
                        if type(record) is Resolution
                        else None,
                    ),
                )
                for record in creates
                if type(record) in AUDIT_ACTIONS
            ),
        )
