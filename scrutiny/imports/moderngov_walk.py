"""Read a council's record from ModernGov: committees, their meetings in a date range,
and each meeting in full.

Everything is read before anything is written, so a meeting the parser refuses (a
malformed date, a missing id) stops the import before it has changed the database, and
the refusal names the call and element, e.g. "GetMeeting 4567: element
meeting/meetingdate: expected a date as dd/mm/yyyy, found '31/02/2024'".
"""

import contextlib
import dataclasses
import datetime
import gc

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]
import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov import parse_committees, parse_meeting, parse_meetings
from scrutiny.imports.moderngov_client import FilesSource, ModernGovSource
from scrutiny.imports.records import ImportedMeeting

# Fewer meetings than this are parsed in this process: starting another costs more.
PARALLEL_FROM = 50
PARSE_BATCH = 10
PIPE_BYTES = 1 << 20  # several batches of ten meetings (some 20 KB each pickled)


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
    listed = _list_meetings(
        source=source,
        from_date=from_date,
        to_date=to_date,
        committee_id=committee_id,
        notes=result.notes,
    )
    for done, (title, listed_meeting) in enumerate(listed, start=1):
        answer = _call(
            f"GetMeeting {listed_meeting.source_id}",
            lambda m=listed_meeting: source.get_meeting(meeting_id=m.source_id),
        )
        result.meetings.append(
            _parse_answer(
                (listed_meeting.source_id, title, base_url, answer, listed_meeting.webcast_url)
            )
        )
        if progress is not None:
            progress(done, len(listed))
    return result


class ModernGovStream:
    """The meetings of a read, parsed as they are wanted: the import writes the first
    while the rest are still being parsed, in a process of their own when there are
    enough of them to be worth it (``PARALLEL_FROM``). Every answer is fetched before the
    first meeting is given. A refusal while parsing is raised from the iteration, which
    the importer runs inside its transaction, so it still writes nothing.
    ``meetings`` holds what has been given so far; ``notes`` what was skipped.

    The parsing process is forked, so it starts with the answers already in its memory:
    only the parsed meetings travel, in batches through one pipe (``_parsed_elsewhere``)."""

    def __init__(self, *, answers: list[tuple[str, str, str, bytes, str]], notes: list[str]):
        self.answers = answers
        self.notes = notes
        self.meetings: list[ImportedMeeting] = []

    def __len__(self) -> int:
        return len(self.answers)

    def __iter__(self) -> Iterator[ImportedMeeting]:
        context = _fork_context()
        if context is None or len(self.answers) < PARALLEL_FROM:
            parsed: Iterable[ImportedMeeting] = map(_parse_answer, self.answers)
            yield from self._kept(parsed)
            return
        yield from self._kept(_parsed_elsewhere(context, self.answers))

    def _kept(self, parsed: Iterable[ImportedMeeting]) -> Iterator[ImportedMeeting]:
        for meeting in parsed:
            self.meetings.append(meeting)
            yield meeting


def _parsed_elsewhere(context, answers: list) -> Iterator[ImportedMeeting]:
    """The answers parsed in a forked process, in order; what it raised is raised here.

    A thread here takes each batch off the pipe as soon as it is sent, so the parser never
    waits for the import to want it (a pipe holds far less than a batch); the batches are
    unpickled here as the import reads them."""
    receiving, sending = context.Pipe(duplex=False)
    _widen(receiving)
    parser = context.Process(target=_parse_into, args=(answers, sending), daemon=True)
    parser.start()
    sending.close()
    batches: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    drain = threading.Thread(target=_drain, args=(receiving, batches), daemon=True)
    drain.start()
    try:
        while (batch := batches.get()) is not None:
            kind, value = pickle.loads(batch)  # noqa: S301 - from our own forked parser
            if kind == "raised":
                raise value
            if kind == "done":
                return
            yield from value
        parser.join(5)
        raise RuntimeError(f"the process parsing the answers stopped (exit code {parser.exitcode})")
    finally:
        if parser.is_alive():
            parser.terminate()
        parser.join()
        drain.join()
        receiving.close()


def _widen(receiving) -> None:
    """Let the pipe hold several batches (Linux: up to ``/proc/sys/fs/pipe-max-size``,
    1 MiB by default), so the parser can send one whole while the thread that drains it
    waits for its turn at the interpreter: the import holds it for up to the switch
    interval (5 ms) at a time, and a batch through the usual 64 KiB pipe took many turns
    with the parser stopped at each. Where the pipe cannot be widened it stays as it is."""
    setting = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setting is None:
        return
    # Over the system's limit for this user the usual size still works.
    with contextlib.suppress(OSError):
        fcntl.fcntl(receiving.fileno(), setting, PIPE_BYTES)


def _drain(receiving, batches: "queue.SimpleQueue[bytes | None]") -> None:
    """Move every batch off the pipe as it comes; None once the pipe is closed."""
    try:
        while True:
            batches.put(receiving.recv_bytes())
    except (EOFError, OSError):
        batches.put(None)


def _parse_into(answers: list, sending) -> None:
    """In the forked process: parse every answer, sending them in batches, then "done";
    or what was raised, and stop."""
    # Nothing it makes outlives a batch, and the process ends when it is done: cycle
    # collection would only walk the heap it was forked with, again and again.
    gc.disable()
    try:
        for start in range(0, len(answers), PARSE_BATCH):
            batch = [_parse_answer(answer) for answer in answers[start : start + PARSE_BATCH]]
            sending.send(("parsed", batch))
        sending.send(("done", None))
    except BrokenPipeError:
        pass  # the import stopped reading
    except Exception as error:
        try:
            sending.send(("raised", error))
        except Exception:  # it cannot travel: say what it was
            sending.send(("raised", RuntimeError(f"parsing the answers failed: {error!r}")))
    finally:
        sending.close()


def stream_moderngov(
    *,
    source: ModernGovSource,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    committee_id: str = "",
    base_url: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ModernGovStream:
    """As ``read_moderngov``, but the GetMeeting answers are only fetched here; they are
    parsed as the stream is read (see ``ModernGovStream``)."""
    notes: list[str] = []
    listed = _list_meetings(
        source=source,
        from_date=from_date,
        to_date=to_date,
        committee_id=committee_id,
        notes=notes,
    )
    answers = []
    for done, (title, listed_meeting) in enumerate(listed, start=1):
        answer = _call(
            f"GetMeeting {listed_meeting.source_id}",
            lambda m=listed_meeting: source.get_meeting(meeting_id=m.source_id),
        )
        answers.append(
            (listed_meeting.source_id, title, base_url, answer, listed_meeting.webcast_url)
        )
        if progress is not None:
            progress(done, len(listed))
    return ModernGovStream(answers=answers, notes=notes)


def _parse_answer(answer: tuple[str, str, str, bytes, str]) -> ImportedMeeting:
    """One GetMeeting answer, as (meeting id, committee title, base URL, XML, the webcast
    address GetMeetings listed). The meeting's own answer names the webcast first; the
    listing's address is kept when it names none."""
    meeting_id, title, base_url, xml, listed_webcast = answer
    meeting = _call(
        f"GetMeeting {meeting_id}",
        lambda: parse_meeting(xml=xml, committee=title, base_url=base_url),
    )
    if listed_webcast and not meeting.webcast_url:
        meeting = dataclasses.replace(meeting, webcast_url=listed_webcast)
    return meeting


def _fork_context():
    """Forked parsers start at once with the parser already loaded; where a process
    cannot fork, meetings are parsed in this one."""
    if os.cpu_count() in (None, 1) or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _list_meetings(
    *,
    source: ModernGovSource,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    committee_id: str,
    notes: list[str],
) -> list[tuple[str, ImportedMeeting]]:
    """(committee title, listed meeting) for each meeting in the range."""
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
                notes.append(f"No saved {saved.name}: {committee.title} skipped.")
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
    return listed


def _call(name: str, read: Callable):
    """Run one read; a refusal is prefixed with the call it came from, except one about
    the site itself ("base URL"), whose message must read the same whatever failed."""
    try:
        return read()
    except ImportRefused as error:
        if error.place.startswith(name) or error.place == "base URL":
            raise
        raise ImportRefused(f"{name}: {error.place}", error.reason) from None
