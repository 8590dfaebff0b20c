"""ModernGov answers kept between an import's preview and its confirmation.

The staff page previews an import and then, when the officer confirms, imports exactly
what was previewed. So the answers it read, whether uploaded (a ZIP of saved XML files,
or the XML files themselves) or fetched from the council's site, are kept in the imports'
one pending-upload store (``scrutiny.imports.pending``, which also says when they
expire), laid out as ``FilesSource`` reads them.

Uploads come from outside, so they are unpacked with care: only members named as the web
service's answers are kept, each written under a name we build (never the name in the
archive), a member whose path leaves its folder refuses the whole upload, an archive whose
directory claims too much is refused before anything is unpacked (``open_zip``), and sizes
are counted as the bytes are read as well, not only taken from the archive's own claims.
"""

import datetime
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from scrutiny.core.uploads import UnsafeArchive, open_zip, oversize_reason
from scrutiny.imports import pending
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov_client import FilesSource, ModernGovSource
from scrutiny.imports.moderngov_walk import ModernGovRead, read_moderngov

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5000
CHUNK = 64 * 1024
_ANSWER = re.compile(
    r"^(?:(getcommittees)|getmeetings_([A-Za-z0-9_-]{1,40})|getmeeting_([A-Za-z0-9_-]{1,40}))\.xml$",
    re.IGNORECASE,
)


@dataclass
class SavedAnswers:
    """A folder of answers ready to preview and import; ``skipped`` lists ignored files."""

    token: str
    directory: Path
    skipped: list[str] = field(default_factory=list)


def answer_name(name: str) -> str | None:
    """The name ``FilesSource`` reads for a saved answer ("getmeeting_12.XML" →
    "GetMeeting_12.xml"), or None for a file that is not one."""
    match = _ANSWER.match(name)
    if match is None:
        return None
    committees, committee_id, meeting_id = match.groups()
    if committees:
        return "GetCommittees.xml"
    return f"GetMeetings_{committee_id}.xml" if committee_id else f"GetMeeting_{meeting_id}.xml"


def save_upload(files: Sequence[tuple[str, IO[bytes], int]]) -> SavedAnswers:
    """Keep uploaded answers, given as (name, file, size): one ZIP, or XML files."""
    if not files:
        raise ImportRefused("upload", "Select a ZIP file or the saved XML files")
    if reason := oversize_reason(sum(size for _, _, size in files), several=len(files) > 1):
        raise ImportRefused("upload", reason)
    saved = _new_folder()
    try:
        budget = _Budget()
        name, first, _ = files[0]
        is_zip = name.lower().endswith(".zip") or zipfile.is_zipfile(first)
        first.seek(0)
        if len(files) == 1 and is_zip:
            _unpack(name, first, saved, budget)
        else:
            for name, stream, _ in files:
                if not name.lower().endswith(".xml"):
                    raise ImportRefused(name, "only a ZIP file or .xml files can be uploaded")
                kept = answer_name(PurePosixPath(name.replace("\\", "/")).name)
                if kept is None:
                    saved.skipped.append(name)
                    continue
                _write(saved, kept, stream, budget, place=name)
        if not (saved.directory / "GetCommittees.xml").exists():
            raise ImportRefused(
                "upload",
                "There is no GetCommittees.xml among the files: the saved answers must include "
                "it, with GetMeetings_<committee id>.xml and GetMeeting_<meeting id>.xml",
            )
    except BaseException:
        pending_delete(saved.token)
        raise
    return saved


def _unpack(name: str, stream: IO[bytes], saved: SavedAnswers, budget: "_Budget") -> None:
    try:
        archive = open_zip(stream, max_expanded=MAX_UNPACKED_BYTES, max_members=MAX_MEMBERS)
    except UnsafeArchive as unsafe:
        raise ImportRefused(name, unsafe.reason) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(name, "this is not a ZIP file that can be opened") from None
    with archive:
        members = archive.infolist()
        for member in members:
            path = member.filename.replace("\\", "/")
            parts = PurePosixPath(path).parts
            if path.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", path):
                raise ImportRefused(
                    name,
                    f"the ZIP file holds {member.filename!r}, which points outside its folder; "
                    "it must hold only the saved XML files",
                )
            if member.is_dir():
                continue
            kept = answer_name(PurePosixPath(path).name)
            if kept is None:
                saved.skipped.append(member.filename)
                continue
            if member.flag_bits & 0x1:
                raise ImportRefused(member.filename, "this file is encrypted in the ZIP file")
            try:
                with archive.open(member) as data:
                    _write(saved, kept, data, budget, place=member.filename)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError):
                raise ImportRefused(
                    member.filename, "this file could not be unpacked from the ZIP file"
                ) from None


class _Budget:
    """Counts the bytes unpacked, so a small archive cannot fill the disk."""

    def __init__(self) -> None:
        self.left = MAX_UNPACKED_BYTES

    def take(self, number: int, place: str) -> None:
        self.left -= number
        if self.left < 0:
            raise ImportRefused(
                place, f"the files come to more than {_mb(MAX_UNPACKED_BYTES)} unpacked"
            )


def _write(saved: SavedAnswers, kept: str, data: IO[bytes], budget: _Budget, *, place: str):
    target = saved.directory / kept
    if target.exists():
        raise ImportRefused(place, f"a second copy of {kept}: give each answer once")
    with target.open("wb") as out:
        while chunk := data.read(CHUNK):
            budget.take(len(chunk), place)
            out.write(chunk)


class RecordingSource:
    """Asks the council's site and keeps each answer as ``FilesSource`` names it, so the
    import confirmed later reads what was previewed. Reading stops, refused, once it has
    taken longer than ``seconds``: a page cannot wait for a whole council's history."""

    def __init__(
        self,
        *,
        source: ModernGovSource,
        saved: SavedAnswers,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.saved = saved
        self.seconds = seconds
        self.clock = clock
        self.deadline = clock() + seconds
        self.budget = _Budget()

    def get_committees(self) -> bytes:
        return self._keep("GetCommittees.xml", self.source.get_committees)

    def get_meetings(
        self, *, committee_id: str, from_date: datetime.date, to_date: datetime.date
    ) -> bytes:
        return self._keep(
            f"GetMeetings_{committee_id}.xml",
            lambda: self.source.get_meetings(
                committee_id=committee_id, from_date=from_date, to_date=to_date
            ),
        )

    def get_meeting(self, *, meeting_id: str) -> bytes:
        return self._keep(
            f"GetMeeting_{meeting_id}.xml",
            lambda: self.source.get_meeting(meeting_id=meeting_id),
        )

    def _keep(self, name: str, ask: Callable[[], bytes]) -> bytes:
        if self.clock() > self.deadline:
            raise ImportRefused(
                "base URL",
                f"reading the council's site took longer than {self.seconds:g} seconds; "
                "choose one committee or fewer dates, or run the import as a command",
            )
        kept = answer_name(name)
        if kept is None:
            raise ImportRefused(name, "this is not a ModernGov id")
        body = ask()
        self.budget.take(len(body), name)
        (self.saved.directory / kept).write_bytes(body)
        return body


def new_saved_answers() -> SavedAnswers:
    """An empty folder to record fetched answers into."""
    return _new_folder()


def read_saved(
    *,
    token: str,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    committee_id: str = "",
    base_url: str = "",
) -> ModernGovRead:
    """Read kept answers as the import command reads ``--files``. Refusals name the file,
    never the folder it waits in on the server."""
    directory = pending_directory(token)
    try:
        return read_moderngov(
            source=FilesSource(directory=directory),
            from_date=from_date,
            to_date=to_date,
            committee_id=committee_id,
            base_url=base_url,
        )
    except ImportRefused as error:
        place = error.place.replace(f"{directory}/", "")
        raise ImportRefused(place, error.reason) from None


def pending_directory(token: str) -> Path:
    try:
        return pending.pending_open(pending.MODERNGOV, token).directory
    except pending.PendingGone:
        raise ImportRefused("token", "the answers for this import are no longer kept") from None


def pending_delete(token: str) -> None:
    pending.pending_delete(pending.MODERNGOV, token)


def _new_folder() -> SavedAnswers:
    kept = pending.pending_new(pending.MODERNGOV)
    return SavedAnswers(token=kept.token, directory=kept.directory)


def _mb(number: int) -> str:
    return f"{number // (1024 * 1024)} MB"
