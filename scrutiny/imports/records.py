"""What a source says, before anything is written to the database.

Every importer (ModernGov web service, published issue pages, spreadsheet trackers)
reads its source into these frozen dataclasses, and one writer turns them into model
rows. Keeping the two apart lets a dry run show exactly what would be imported, lets the
parsers be tested without a database, and keeps a half-read source from ever touching
the record. Fields hold the source's own words; deciding what they mean for our model
(matching committee names, mapping statuses) is the writer's job.

Text fields named ``text`` and ``minutes`` hold HTML already passed through
``scrutiny.imports.html.sanitise_html``; every other string is plain text.
"""

import datetime
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

from scrutiny.imports.html import html_to_text

ResolutionKind = Literal["resolved", "recommended"]


def _pickled_by_fields(cls):
    """Pickle instances of ``cls`` as the class and its field values, made again by its
    constructor. A ModernGov import sends a hundred of these a meeting from the parsing
    process (``moderngov_walk``), and a frozen dataclass's own state functions list its
    fields again for every instance, both ways: three times slower to read back."""
    names = [f.name for f in fields(cls)]  # every field is an argument of the constructor
    values = attrgetter(*names) if len(names) > 1 else lambda self: (getattr(self, names[0]),)
    cls.__reduce__ = lambda self: (type(self), values(self))
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """A paper attached to an agenda item; ``format`` is a file extension ("pdf", "docx")."""

    title: str
    format: str = ""
    size_kb: int | None = None
    url: str = ""
    restricted: bool = False
    source_id: str = ""
    published: datetime.date | None = None
    owner: str = ""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedMotion:
    """A motion as minuted; ``outcome`` is "carried", "lost", "withdrawn" or "" if unstated.

    ``unanimous`` and the vote counts are what the minutes state ("carried unanimously",
    "For 7, Against 2, Abstentions 1"); a count not stated is None.
    """

    mover: str
    seconder: str = ""
    text: str = ""
    outcome: str = ""
    unanimous: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedResolution:
    """A decision ("resolved") or a recommendation to another body ("recommended").

    ``preamble`` is any wording between the heading and the first numbered part; each
    part is stored without the list number and the joining words around it ("that",
    "; and", the closing full stop), so parts read the same whichever style was used.
    """

    kind: ResolutionKind
    preamble: str = ""
    parts: tuple[str, ...] = ()
    unanimous: bool = False


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedAction:
    """Something an officer or member undertook to do; ``owner`` is a job title or name.

    ``deadline`` is the deadline as the minutes state it ("within a fortnight", "by 1
    March", "by the next meeting"), or "" when none is stated; ``due_on`` is its date when
    the reader could work it out (``actions.deadline_due_on``), else None and the writer
    works it out from the meeting's date."""

    text: str
    owner: str = ""
    deadline: str = ""
    due_on: datetime.date | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedItem:
    """An agenda item as printed: ``number`` keeps the council's form ("27", "5(a)").

    ``declarations`` is how many declarations of interest the source counts at the item;
    ``comments`` holds any labelled notes the source attaches, as (label, HTML) pairs.
    """

    number: str
    title: str
    text: str = ""
    minutes: str = ""
    restricted: bool = False
    documents: tuple[ImportedDocument, ...] = ()
    motions: tuple[ImportedMotion, ...] = ()
    resolutions: tuple[ImportedResolution, ...] = ()
    actions: tuple[ImportedAction, ...] = ()
    declarations: int = 0
    is_decision: bool = False
    source_id: str = ""
    comments: tuple[tuple[str, str], ...] = ()
    # The reader's own flattening of the minutes and of the agenda text, as (HTML, text),
    # so the writer need not flatten them again; each is used only while ``minutes`` or
    # ``text`` is still that HTML.
    minutes_flattened: tuple[str, str] | None = field(default=None, compare=False, repr=False)
    text_flattened: tuple[str, str] | None = field(default=None, compare=False, repr=False)

    def minutes_text(self) -> str:
        """The minutes as plain text (``html.html_to_text``)."""
        return _flat(self.minutes, self.minutes_flattened)

    def agenda_text(self) -> str:
        """The agenda text as plain text (``html.html_to_text``)."""
        return _flat(self.text, self.text_flattened)


def _flat(html: str, flattened: tuple[str, str] | None) -> str:
    if flattened is not None and flattened[0] == html:
        return flattened[1]
    return html_to_text(html=html)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedAttendee:
    """Someone listed against a meeting; ``attendance`` is the source's word ("Present")."""

    name: str
    role: str = ""
    attendance: str = ""
    party: str = ""
    ward: str = ""
    member_id: str = ""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedMeeting:
    """A meeting; ``source_id`` is the source's own id, or "" when the source has none."""

    source_id: str
    committee: str
    date: datetime.date
    time: datetime.time | None = None
    venue: str = ""
    status: str = ""
    items: tuple[ImportedItem, ...] = ()
    attendees: tuple[ImportedAttendee, ...] = ()
    committee_source_id: str = ""
    webcast: bool = False
    # The address of its webcast or recording, when the source gives one.
    webcast_url: str = ""
    agenda_published: bool = False
    minutes_published: bool = False
    # The minutes' stage as the source states it ("draft", "approved", "signed"), or ""
    # when it does not; and the day it says they were published, if it says.
    minutes_status: str = ""
    minutes_published_on: datetime.date | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedCommittee:
    """A committee listed by ModernGov; deleted and expired ones are kept so old meetings match."""

    source_id: str
    title: str
    deleted: bool = False
    expired: bool = False
    category: str = ""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class StatedFigures:
    """The monitoring summary as the minutes state it, to check against our computed one.

    We never store these as the truth (the summary is computed from recommendations);
    the importer compares them and warns when the record it built disagrees.
    """

    total: int | None = None
    achieved: int | None = None
    achieved_late: int | None = None
    extended: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedIssue:
    """What a saved page records: for an issue page ("Issue - meetings"), a subject
    considered across meetings, newest meeting first as the page lists them.

    ``kind`` says which ModernGov page it was read from ("issue", "agenda_item",
    "decision", "agenda", "minutes" or "item" for an item's body saved on its own); only
    an issue page's ``title`` names an issue the items belong to, otherwise it is the
    page's own heading (for an agenda or printed minutes, the meeting's committee and
    date: "Cabinet, 12/03/2025"). ``warnings`` are what the reader filled in or doubted,
    for the preview to show ("Untitled item 4").
    """

    title: str
    committee: str
    meetings: tuple[ImportedMeeting, ...] = ()
    stated_figures: StatedFigures | None = None
    kind: str = "issue"
    warnings: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """The dry-run shape: one entry per item considered, in the page's order."""
        figures = self.stated_figures or StatedFigures()
        return {
            "kind": self.kind,
            "title": self.title,
            "committee": self.committee,
            "warnings": list(self.warnings),
            "meetings": [
                item_json_dict(meeting=meeting, item=item)
                for meeting in self.meetings
                for item in meeting.items
            ],
            "stated_figures": {
                "total": figures.total,
                "achieved": figures.achieved,
                "achieved_late": figures.achieved_late,
                "extended": figures.extended,
            },
        }


def item_json_dict(*, meeting: ImportedMeeting, item: ImportedItem) -> dict[str, Any]:
    """One item of the dry-run JSON, shared by every importer's dry run."""
    return {
        "date": meeting.date.isoformat(),
        "committee": meeting.committee,
        "item_number": item.number,
        "title": item.title,
        "documents": [
            {
                "title": document.title,
                "format": document.format,
                "size_kb": document.size_kb,
                "url": document.url,
            }
            for document in item.documents
        ],
        "motions": [
            {
                "mover": motion.mover,
                "seconder": motion.seconder,
                "outcome": motion.outcome,
                "unanimous": motion.unanimous,
                "votes_for": motion.votes_for,
                "votes_against": motion.votes_against,
                "abstentions": motion.abstentions,
            }
            for motion in item.motions
        ],
        "resolutions": [
            {
                "kind": resolution.kind,
                "preamble": resolution.preamble,
                "parts": list(resolution.parts),
                "unanimous": resolution.unanimous,
            }
            for resolution in item.resolutions
        ],
        "actions": [
            {
                "text": action.text,
                "owner": action.owner,
                "deadline": action.deadline,
                "due_on": action.due_on.isoformat() if action.due_on else None,
            }
            for action in item.actions
        ],
    }
