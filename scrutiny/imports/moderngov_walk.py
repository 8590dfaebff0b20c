"""Read a council's record from ModernGov: committees, their meetings in a date range,
and each meeting in full.

Everything is read before anything is written, so a meeting the parser refuses (a
malformed date, a missing id) stops the import before it has changed the database, and
the refusal names the call and element, e.g. "GetMeeting 4567: element
meeting/meetingdate: expected a date as dd/mm/yyyy, found '31/02/2024'".
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov import parse_committees, parse_meeting, parse_meetings
from scrutiny.imports.moderngov_client import FilesSource, ModernGovSource
from scrutiny.imports.records import ImportedMeeting


@dataclass
class ModernGovRead:
    meetings: list[ImportedMeeting] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _within(meeting: ImportedMeeting, first: datetime.date | None, last: datetime.date | None):
    return (first is None or meeting.date >= first) and (last is None or meeting.date <= last)


def read_moderngov(
    *,
    source: ModernGovSource,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    committee_id: str = "",
    base_url: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ModernGovRead:
    """GetCommittees, then GetMeetings for each committee, then GetMeeting for each meeting
    in the range. Saved answers may lack a committee's GetMeetings file (only the
    committees wanted were saved): that committee is skipped with a note."""
    result = ModernGovRead()
    committees = _call("GetCommittees", lambda: parse_committees(xml=source.get_committees()))
    if committee_id:
        committees = [c for c in committees if c.source_id == committee_id]
        if not committees:
            raise ImportRefused(
                "--committee", f"GetCommittees lists no committee with id {committee_id!r}"
            )
    listed: list[tuple[str, ImportedMeeting]] = []
    for committee in committees:
        if isinstance(source, FilesSource) and not committee_id:
            saved = source.directory / f"GetMeetings_{committee.source_id}.xml"
            if not saved.exists():
                result.notes.append(f"No saved {saved.name}: {committee.title} skipped.")
                continue
        meetings = _call(
            f"GetMeetings {committee.source_id}",
            lambda c=committee: parse_meetings(
                xml=source.get_meetings(
                    committee_id=c.source_id,
                    from_date=from_date or datetime.date(1990, 1, 1),
                    to_date=to_date or datetime.date(2100, 1, 1),
                )
            ),
        )
        listed += [(committee.title, m) for m in meetings if _within(m, from_date, to_date)]
    for done, (title, listed_meeting) in enumerate(listed, start=1):
        meeting = _call(
            f"GetMeeting {listed_meeting.source_id}",
            lambda t=title, m=listed_meeting: parse_meeting(
                xml=source.get_meeting(meeting_id=m.source_id), committee=t, base_url=base_url
            ),
        )
        result.meetings.append(meeting)
        if progress is not None:
            progress(done, len(listed))
    return result


def _call(name: str, read: Callable):
    """Run one read; a refusal is prefixed with the call it came from, except one about
    the site itself ("base URL"), whose message must read the same whatever failed."""
    try:
        return read()
    except ImportRefused as error:
        if error.place.startswith(name) or error.place == "base URL":
            raise
        raise ImportRefused(f"{name}: {error.place}", error.reason) from None
