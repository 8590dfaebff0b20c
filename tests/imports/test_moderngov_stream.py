"""An import of many meetings parses them in a forked process while it writes
(``moderngov_walk.ModernGovStream``): the meetings arrive as the plain reading gives them,
in order, and a refusal in any of them is raised from the stream, so nothing is written."""

import datetime
import multiprocessing
from pathlib import Path

import pytest

from scrutiny.committees.models import Meeting
from scrutiny.imports import moderngov_walk
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov_client import FilesSource
from scrutiny.imports.moderngov_walk import read_moderngov, stream_moderngov
from scrutiny.imports.writers import RecordImporter
from tests.helpers import assert_database_unchanged
from tests.imports.test_moderngov_fuzz import GOOD

MEETINGS = moderngov_walk.PARALLEL_FROM + 12
FIRST = datetime.date(2020, 1, 6)

pytestmark = pytest.mark.skipif(
    moderngov_walk._fork_context() is None, reason="this machine parses in one process"
)


def saved(directory: Path, *, broken: int | None = None) -> Path:
    """Saved answers for MEETINGS meetings of one committee; meeting ``broken`` (its
    position) has a date that is no date."""
    (directory / "GetCommittees.xml").write_text(
        "<committees><committee><committeeid>5</committeeid>"
        "<committeetitle>Scrutiny Committee</committeetitle></committee></committees>"
    )
    listed = []
    for n in range(MEETINGS):
        day = FIRST + datetime.timedelta(days=7 * n)
        listed.append(
            f"<meeting><meetingid>{900 + n}</meetingid>"
            f"<meetingdate>{day:%d/%m/%Y}</meetingdate></meeting>"
        )
        answer = GOOD.format(id=900 + n, day="01").replace("01/01/2024", f"{day:%d/%m/%Y}")
        if n == broken:
            answer = answer.replace(f"{day:%d/%m/%Y}", "31/02/2024")
        (directory / f"GetMeeting_{900 + n}.xml").write_text(answer)
    (directory / "GetMeetings_5.xml").write_text(
        f"<getmeetings><committeemeetings>{''.join(listed)}</committeemeetings></getmeetings>"
    )
    return directory


def test_the_forked_parser_gives_what_the_plain_reading_gives_in_order(tmp_path):
    source = FilesSource(directory=saved(tmp_path))
    plainly = read_moderngov(source=source, from_date=None, to_date=None).meetings
    stream = stream_moderngov(source=source, from_date=None, to_date=None)
    assert len(stream) == MEETINGS > moderngov_walk.PARALLEL_FROM
    assert list(stream) == plainly
    assert stream.meetings == plainly
    assert not multiprocessing.active_children()


def test_a_refusal_from_the_forked_parser_is_the_plain_reading_s(tmp_path):
    source = FilesSource(directory=saved(tmp_path, broken=MEETINGS - 3))
    with pytest.raises(ImportRefused) as plainly:
        read_moderngov(source=source, from_date=None, to_date=None)
    stream = stream_moderngov(source=source, from_date=None, to_date=None)
    with pytest.raises(ImportRefused) as streamed:
        list(stream)
    assert (streamed.value.place, streamed.value.reason) == (
        plainly.value.place,
        plainly.value.reason,
    )
    assert streamed.value.place.startswith(f"GetMeeting {900 + MEETINGS - 3}: ")
    assert not multiprocessing.active_children()


@pytest.mark.django_db
def test_an_import_refused_late_in_the_stream_writes_nothing(tmp_path, monkeypatch):
    # Chunks of ten: several are written before the refusal arrives, and rolled back.
    monkeypatch.setattr(RecordImporter, "chunk_size", 10)
    stream = stream_moderngov(
        source=FilesSource(directory=saved(tmp_path, broken=MEETINGS - 1)),
        from_date=None,
        to_date=None,
    )
    with assert_database_unchanged(), pytest.raises(ImportRefused, match="not a real date"):
        RecordImporter(source="ModernGov").import_meetings(stream)
    assert len(stream.meetings) >= 5 * RecordImporter.chunk_size


@pytest.mark.django_db
def test_the_stream_imports_every_meeting(tmp_path):
    stream = stream_moderngov(
        source=FilesSource(directory=saved(tmp_path)), from_date=None, to_date=None
    )
    report = RecordImporter(source="ModernGov").import_meetings(stream)
    assert report.counts["meeting"]["created"] == MEETINGS == Meeting.objects.count()


def test_a_stream_left_part_read_stops_its_parser(tmp_path):
    stream = stream_moderngov(
        source=FilesSource(directory=saved(tmp_path)), from_date=None, to_date=None
    )
    meetings = iter(stream)
    first = next(meetings)
    assert first.source_id == "900"
    meetings.close()
    assert not multiprocessing.active_children()


@pytest.mark.skipif(
    not hasattr(moderngov_walk.fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux's"
)
def test_the_pipe_from_the_parser_holds_several_batches():
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    try:
        moderngov_walk._widen(receiving)
        size = moderngov_walk.fcntl.fcntl(receiving.fileno(), moderngov_walk.fcntl.F_GETPIPE_SZ)
        assert size >= moderngov_walk.PIPE_BYTES
    finally:
        receiving.close()
        sending.close()
