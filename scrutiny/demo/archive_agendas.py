"""Each meeting's agenda and minutes record: items numbered as printed and grouped into
issues, documents, attendance, declarations, motions and votes, resolutions and actions.

Written a slice of the calendar at a time, so memory stays flat however long the record."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, deque
from dataclasses import dataclass, field

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    Issue,
    Meeting,
    Membership,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
    Visibility,
)
from scrutiny.demo import archive_text as words
from scrutiny.demo.archive_context import Context
from scrutiny.demo.archive_meetings import PlannedMeeting
from scrutiny.demo.archive_people import People, PlannedCommittee
from scrutiny.demo.archive_reserved import ReservedItem

SLICE = 250  # meetings written per batch
SAMPLE_ITEMS = 12
EXEMPT_SHARE = 0.05
CONFIDENTIAL_SHARE = 0.01
ACTIONS_PER_SUBSTANTIVE_ITEM = 0.33
APPENDICES = [
    "Action Plan", "Performance Data", "Consultation Responses", "Equality Impact Assessment",
    "Risk Register", "Financial Summary", "Background Papers",
]  # fmt: skip
EXEMPT_PARAGRAPHS = [([3], 70), ([1], 10), ([2], 5), ([3, 4], 10), ([5], 5)]


@dataclass
class AgendaResult:
    sample_meeting: Meeting
    sample_document: Document | None
    busiest_issue: Issue
    issues_written: int


@dataclass
class _Slice:
    """Everything one batch of meetings writes, in the order it must be inserted."""

    issues: list[Issue] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    motions: list[Motion] = field(default_factory=list)
    votes: list[RecordedVote] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    parts: list[ResolutionPart] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def write(self, context: Context) -> None:
        for model, records in (
            (Issue, self.issues),
            (AgendaItem, self.items),
            (Document, self.documents),
            (Attendance, self.attendance),
            (Declaration, self.declarations),
            (Motion, self.motions),
            (RecordedVote, self.votes),
            (Resolution, self.resolutions),
            (ResolutionPart, self.parts),
            (Action, self.actions),
        ):
            context.write(model, records)


def _poisson(rng, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class AgendaWriter:
    def __init__(
        self,
        context: Context,
        people: People,
        meetings: list[PlannedMeeting],
        reserved: dict[int, list[ReservedItem]],
        sample: PlannedMeeting,
    ):
        self.context, self.rng = context, context.rng
        self.people, self.meetings, self.reserved, self.sample = people, meetings, reserved, sample
        sizes = context.sizes
        self.items_per_meeting = sizes.of("items") / len(meetings)
        substantive = max(1.0, self.items_per_meeting - len(words.STANDARD_ITEMS))
        docs_per_meeting = sizes.of("documents") / len(meetings)
        # The previous minutes are one document; a report goes with 90% of the other items
        # but the exclusion and the work programme (about one of them a meeting); the
        # appendices make up the difference.
        reported = max(1.0, substantive - 1)
        self.appendices = max(0.0, (docs_per_meeting - 1) / reported - 0.9)
        self.exempt_share = EXEMPT_SHARE * self.items_per_meeting / substantive
        self.confidential_share = CONFIDENTIAL_SHARE * self.items_per_meeting / substantive
        natural = sum(len(m.committee.term_on(m.day).members) + 1 for m in meetings if m.minuted)
        self.attendance_share = min(1.0, sizes.of("attendance") / max(1, natural))
        self.taken_slugs = set(Issue.objects.values_list("slug", flat=True))
        self.recurring: dict[tuple[int, str], Issue] = {}
        self.recent: dict[int, deque] = {}
        self.numbering: dict[int, tuple[str, int]] = {}
        self.last_day: dict[int, dt.date] = {}
        self.issue_items: Counter = Counter()
        self.issue_by_slug: dict[str, Issue] = {}
        self.document_serial = 10_000
        self.application_serial = 0
        self.sample_document: Document | None = None
        self.sample_has_motion = False
        self.issues_written = 0

    # Issues

    def _new_issue(self, batch: _Slice, title: str) -> Issue:
        issue = Issue(title=title[:300], slug=words.slug_for(title, self.taken_slugs, 120))
        batch.issues.append(issue)
        self.issues_written += 1
        return issue

    def _recurring_issue(self, batch: _Slice, committee: PlannedCommittee, title: str) -> Issue:
        key = (id(committee), title)
        if key not in self.recurring:
            self.recurring[key] = self._new_issue(batch, f"{title} - {committee.committee.name}")
        return self.recurring[key]

    def _substantive_issue(self, batch: _Slice, committee: PlannedCommittee, title: str):
        recent = self.recent.setdefault(id(committee), deque(maxlen=40))
        if committee.topics != "planning" and recent and self.rng.random() < 0.35:
            issue = self.rng.choice(recent)
        else:
            issue = self._new_issue(batch, title)
            recent.append(issue)
        return issue

    # Numbering as printed: a running number through each municipal year.

    def _number(self, committee: PlannedCommittee, day: dt.date) -> int:
        year = words.municipal_year(day)
        current, counter = self.numbering.get(id(committee), (year, 0))
        counter = counter + 1 if current == year else 1
        self.numbering[id(committee)] = (year, counter)
        return counter

    # One meeting

    def _item_count(self, planned: PlannedMeeting) -> int:
        if planned is self.sample:
            return SAMPLE_ITEMS
        if planned.meeting.status == Meeting.Status.CANCELLED:
            return self.rng.randint(3, 6)
        mean = self.items_per_meeting
        return max(3, min(30, round(self.rng.gauss(mean, mean * 0.35))))

    def _attendance(self, batch: _Slice, planned: PlannedMeeting) -> list:
        """Who the minutes record, and the members present (movers, seconders)."""
        if not planned.minuted:
            return []
        rng = self.rng
        members = planned.committee.term_on(planned.day).members
        count = min(len(members), max(3, round(len(members) * self.attendance_share)))
        present = []
        for person, role in rng.sample(members, count):
            roll = rng.random()
            status = "present" if roll < 0.85 else "apologies" if roll < 0.97 else "absent"
            if status == "present":
                present.append(person)
                if role == Membership.Role.SUBSTITUTE:
                    # A substitute votes only sitting for a member (`committees.lifecycle`).
                    status = Attendance.Status.SUBSTITUTE
            batch.attendance.append(
                Attendance(
                    meeting=planned.meeting,
                    person=person,
                    status=status,
                    role="" if role == "member" else role.replace("-", " ").title(),
                )
            )
        officer = planned.committee.committee.scrutiny_officer
        batch.attendance.append(
            Attendance(
                meeting=planned.meeting,
                person=officer,
                status="in-attendance",
                role=officer.job_title,
            )
        )
        return present

    def meeting(self, batch: _Slice, planned: PlannedMeeting, index: int) -> None:
        rng, committee = self.rng, planned.committee
        present = self._attendance(batch, planned)
        reserved = self.reserved.get(index, [])
        count = max(self._item_count(planned), len(reserved) + len(words.STANDARD_ITEMS) + 1)
        standard = words.STANDARD_ITEMS[: min(3, max(1, count - 2))]
        slots = count - len(standard)
        kinds = ["reserved"] * len(reserved)
        while len(kinds) < slots:
            roll = rng.random()
            if roll < self.confidential_share and planned is not self.sample:
                kinds.append(Visibility.CONFIDENTIAL)
            elif roll < self.confidential_share + self.exempt_share:
                kinds.append(Visibility.EXEMPT)
            else:
                kinds.append(Visibility.PUBLIC)
        public = [k for k in kinds if k in ("reserved", Visibility.PUBLIC)]
        private = [k for k in kinds if k not in public]
        if private:  # the resolution to exclude the public comes before the private items
            if len(public) > len(reserved):
                public.pop()
            else:
                private.pop()
            private = private and ["exclusion", *private]
        order = [s[1] for s in standard] + public + list(private)
        spare = len(public) - len(reserved)
        if committee.kind == "scrutiny" and spare >= 2 and rng.random() < 0.8:
            order[len(standard) + len(public) - 1] = "work-programme"

        previous = self.last_day.get(id(committee))
        self.last_day[id(committee)] = planned.day
        reserved_queue = list(reserved)
        split_next = None
        for position, kind in enumerate(order, start=1):
            if split_next:
                number, split_next = split_next, None
            else:
                counter = self._number(committee, planned.day)
                number = str(counter)
                if kind == Visibility.PUBLIC and rng.random() < 0.03 and position < len(order):
                    number, split_next = f"{counter}(a)", f"{counter}(b)"
            self._item(batch, planned, position, number, kind, previous, present, reserved_queue)

    def _item(self, batch, planned, position, number, kind, previous, present, reserved_queue):
        rng, meeting, committee = self.rng, planned.meeting, planned.committee
        minuted = planned.minuted
        item = AgendaItem(meeting=meeting, number=number, position=position)
        officer = rng.choice(self.people.owners)
        substantive = kind in ("reserved", "work-programme", *Visibility.values)
        reserved = reserved_queue.pop(0) if kind == "reserved" else None
        if reserved is not None:
            item.title, item.issue, item.text = reserved.title, reserved.issue, reserved.text
            item.minutes = reserved.minutes if minuted else ""
            reserved.item = item
        elif kind in ("apologies", "declarations", "minutes"):
            title = next(t for t, k in words.STANDARD_ITEMS if k == kind)
            item.title, item.issue = title, self._recurring_issue(batch, committee, title)
            item.text, item.minutes = self._standard_text(kind, previous, present)
        elif kind == "exclusion":
            item.title = words.EXCLUSION
            item.issue = self._recurring_issue(batch, committee, words.EXCLUSION)
            item.text = "To consider excluding the press and public for the following items."
            item.minutes = (
                "RESOLVED that the press and public be excluded from the meeting for the "
                "following items on the grounds that they involve the likely disclosure of "
                "exempt information as defined in Schedule 12A to the Local Government Act 1972."
            )
        elif kind == "work-programme":
            item.title = words.WORK_PROGRAMME
            item.issue = self._recurring_issue(batch, committee, words.WORK_PROGRAMME)
            item.text = "To consider the Committee's work programme."
            item.minutes = "The Committee considered its work programme for the year."
        else:
            self.application_serial += 1
            item.title = words.item_title(
                rng, committee.topics, planned.day, self.application_serial
            )
            item.issue = self._substantive_issue(batch, committee, item.title)
            item.text = f"To consider the report of the {officer.job_title}."
            if minuted:
                item.minutes = words.paragraphs(
                    rng, item.title, officer.job_title, rng.choice([1, 2, 2, 3, 3, 4, 5])
                )
        if kind in (Visibility.EXEMPT, Visibility.CONFIDENTIAL):
            item.visibility = kind
            if kind == Visibility.EXEMPT:
                choices = [p for p, _ in EXEMPT_PARAGRAPHS]
                weights = [w for _, w in EXEMPT_PARAGRAPHS]
                item.exempt_paragraphs = list(rng.choices(choices, weights)[0])
                item.public_interest_reason = rng.choice(words.PUBLIC_INTEREST_REASONS)
        if not minuted:  # the agenda only: nothing is minuted before the meeting is held
            item.minutes = ""
        batch.items.append(item)
        self.issue_items[item.issue.slug] += 1
        self.issue_by_slug.setdefault(item.issue.slug, item.issue)
        self._documents(batch, planned, item, kind, reserved)
        if not minuted:
            return
        if substantive and kind != "work-programme":
            self._decisions(batch, planned, item, present, reserved)
            if present and rng.random() < 0.03:
                kind_code, text = rng.choice(words.DECLARATIONS)
                person = rng.choice(present)
                batch.declarations.append(
                    Declaration(
                        item=item,
                        person=person,
                        kind=kind_code,
                        text=f"Councillor {person.name} {text}.",
                    )
                )
            if reserved is None and rng.random() < ACTIONS_PER_SUBSTANTIVE_ITEM:
                self._action(batch, planned, item, officer)
        elif kind == "exclusion":
            self._resolution(batch, item, None, [words.EXCLUSION.lower() + " be agreed"])

    def _standard_text(self, kind, previous, present) -> tuple[str, str]:
        if kind == "apologies":
            return "To receive apologies for absence.", "Apologies for absence were noted."
        if kind == "declarations":
            return (
                "Members are asked to declare any interests in items on this agenda.",
                "There were no declarations of interest other than those recorded below.",
            )
        when = f"{previous:%d %B %Y}" if previous else "the previous meeting"
        return (
            f"To approve the minutes of the meeting held on {when}.",
            f"RESOLVED that the minutes of the meeting held on {when} be approved as a "
            "correct record and signed by the Chair.",
        )

    def _documents(self, batch, planned, item, kind, reserved) -> None:
        rng, meeting = self.rng, planned.meeting
        if kind in ("apologies", "declarations", "exclusion"):
            return
        specs = []
        if kind == "minutes":
            specs.append(("Minutes of the previous meeting", Document.Kind.MINUTES))
        elif reserved is not None:
            specs.append((reserved.document_title, Document.Kind.REPORT))
        else:
            if rng.random() < 0.9:
                specs.append((f"{item.title[:250]} - report", Document.Kind.REPORT))
            for letter in "ABCDEFGHIJ"[: _poisson(rng, self.appendices)]:
                appendix = rng.choice(APPENDICES)
                specs.append((f"Appendix {letter} - {appendix}", Document.Kind.APPENDIX))
        published = meeting.agenda_published_at
        for title, doc_kind in specs:
            self.document_serial += 1
            file_format = (
                "PDF"
                if doc_kind != Document.Kind.APPENDIX
                else rng.choice(["PDF"] * 6 + ["DOCX"] * 2 + ["XLSX"])
            )
            size = int(rng.lognormvariate(11.8, 1.0))
            document = Document(
                item=item,
                title=title,
                kind=doc_kind,
                file_format=file_format,
                size_bytes=size,
                pages=max(1, size // 45_000) if file_format != "XLSX" else None,
                visibility=item.visibility,
                source_url=f"https://democracy.council.example/documents/s{self.document_serial}/"
                f"{doc_kind}.{file_format.lower()}",
            )
            if (
                item.visibility == Visibility.PUBLIC
                and doc_kind == Document.Kind.APPENDIX
                and rng.random() < 0.03
            ):
                document.visibility = Visibility.EXEMPT
                document.title += " (exempt)"
            if published is not None and (planned is self.sample or rng.random() > 0.01):
                late = rng.random() < 0.03 and planned.day > published.date()
                document.published_at = (
                    self.context.at(planned.day - dt.timedelta(days=1), 12) if late else published
                )
                if document.published_at > self.context.now:
                    document.published_at = published
            batch.documents.append(document)
            if (
                planned is self.sample
                and self.sample_document is None
                and doc_kind == Document.Kind.REPORT
                and document.visibility == Visibility.PUBLIC
                and item.visibility == Visibility.PUBLIC
                and document.published_at is not None
            ):
                self.sample_document = document

    def _decisions(self, batch, planned, item, present, reserved) -> None:
        rng, committee = self.rng, planned.committee
        if reserved is not None:
            self._resolution(batch, item, None, reserved.parts, reserved)
            return
        motion = None
        chance = {"council": 0.5, "cabinet": 0.4, "regulatory": 0.8}.get(committee.kind, 0.2)
        # The sample meeting (the one the benchmarks and query tests load) always records a
        # motion, so that what its page shows does not change with the archive's size.
        wanted = planned is self.sample and not self.sample_has_motion
        if len(present) >= 2 and (rng.random() < chance or wanted):
            self.sample_has_motion = self.sample_has_motion or planned is self.sample
            if rng.random() < 0.05:
                self._motion(batch, planned, item, present, Motion.Kind.AMENDMENT)
            motion = self._motion(batch, planned, item, present, Motion.Kind.MOTION)
        if motion is not None or rng.random() < 0.6:
            carried = motion is None or motion.outcome == Motion.Outcome.CARRIED
            if carried:
                count = rng.choice([1, 1, 2, 2, 3, 4, 5])
                self._resolution(batch, item, motion, rng.sample(words.RESOLUTION_PARTS, count))

    def _motion(self, batch, planned, item, present, kind) -> Motion:
        rng = self.rng
        mover, seconder = rng.sample(present, 2)
        roll = rng.random()
        outcome = "carried" if roll < 0.9 else "lost" if roll < 0.98 else "withdrawn"
        motion = Motion(
            item=item,
            kind=kind,
            text="That the recommendations in the report be approved."
            if kind == Motion.Kind.MOTION
            else "That a further recommendation be added, as circulated.",
            mover=mover,
            seconder=seconder,
            outcome=outcome,
        )
        if outcome != "withdrawn":
            if rng.random() < 0.5 and outcome == "carried":
                motion.unanimous = True
            else:
                total = len(present)
                against = rng.randint(0, total // 2) if outcome == "carried" else total // 2 + 1
                abstain = rng.randint(0, max(0, total - against) // 4)
                motion.votes_against, motion.abstentions = against, abstain
                motion.votes_for = max(0, total - against - abstain)
        batch.motions.append(motion)
        if planned.committee.kind == "council" and rng.random() < 0.1 and not motion.unanimous:
            votes = ["for"] * (motion.votes_for or 0) + ["against"] * (motion.votes_against or 0)
            votes += ["abstain"] * (len(present) - len(votes))
            for person, vote in zip(present, votes, strict=False):
                batch.votes.append(RecordedVote(motion=motion, person=person, vote=vote))
        return motion

    def _resolution(self, batch, item, motion, parts, reserved=None) -> None:
        kind = Resolution.Kind.RECOMMENDED if self.rng.random() < 0.1 else Resolution.Kind.RESOLVED
        resolution = Resolution(item=item, motion=motion, kind=kind, preamble="RESOLVED that:")
        if kind == Resolution.Kind.RECOMMENDED:
            resolution.preamble = "RECOMMENDED to Cabinet that:"
        batch.resolutions.append(resolution)
        for number, text in enumerate(parts, start=1):
            batch.parts.append(ResolutionPart(resolution=resolution, number=number, text=text))
        if reserved is not None:
            reserved.resolution = resolution

    def _action(self, batch, planned, item, officer) -> None:
        """Old actions mostly closed, recent ones mostly open; as imported, all historic
        (state not recorded). The draws are the same either way, so the two archives
        differ only in their actions."""
        rng, today = self.rng, self.context.today
        due = planned.day + dt.timedelta(days=rng.randint(30, 120))
        text = rng.choice(words.ACTION_TEXTS)
        action = Action.on_item(item, text=text, owner=officer, due_on=due)
        overdue_by, roll = (today - due).days, rng.random()
        if overdue_by > 90:
            status = "done" if roll < 0.85 else "dropped" if roll < 0.97 else "open"
        elif overdue_by > 0:
            status = "done" if roll < 0.5 else "dropped" if roll < 0.55 else "open"
        else:
            status = "done" if roll < 0.1 else "open"
        if status != "open":
            latest = min(today - dt.timedelta(days=1), due + dt.timedelta(days=60))
            closed_on = planned.day + dt.timedelta(
                days=rng.randint(1, max(1, (latest - planned.day).days))
            )
            response = rng.choice(words.ACTION_RESPONSES)
            action.status, action.closed_on, action.response = status, closed_on, response
        if self.context.actions_as_imported:
            action.status, action.closed_on, action.response = Action.Status.HISTORIC, None, ""
        batch.actions.append(action)

    # All of it

    def write(self) -> AgendaResult:
        total = len(self.meetings)
        step = max(1, total // 5)
        for start in range(0, total, SLICE):
            batch = _Slice()
            for index in range(start, min(total, start + SLICE)):
                self.meeting(batch, self.meetings[index], index)
            batch.write(self.context)
            done = min(total, start + SLICE)
            if done // step != start // step or done == total:
                self.context.say(f"    agendas written for {done:,} of {total:,} meetings")
        busiest = max(self.issue_items, key=lambda slug: (self.issue_items[slug], slug))
        return AgendaResult(
            sample_meeting=self.sample.meeting,
            sample_document=self.sample_document,
            busiest_issue=self.issue_by_slug[busiest],
            issues_written=self.issues_written,
        )
