"""A small file that unpacks to a gigabyte is refused from its archive's directory, before
anything in it is unpacked, by every path an office file or a ZIP comes in by: evidence,
a clerk's document, a tracker import and ModernGov answers. Nothing is written, and the
server's memory hardly moves while it refuses."""

import datetime as dt
import functools
import io
import re
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from scrutiny.committees.models import Meeting
from scrutiny.core.errors import Refused
from scrutiny.core.uploads import UnsafeArchive, check_upload, open_zip
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov_saved import save_upload
from scrutiny.imports.pending import FOLDER
from scrutiny.imports.spreadsheets.reading import read_table
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.reviews.models import Review
from tests.factories import make_item
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import REVIEW_SLUG, date_data, rec, signed_in, summary_errors

GIB = 1024**3
MIB = 1024**2
MEMORY_GROWTH_ALLOWED = 50 * MIB
EXPANDS = re.compile(r"The file would unpack to 1024(\.1)? MB; the most allowed is 200 MB\.")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@functools.cache
def gigabyte_of_zeros() -> tuple[bytes, int]:
    """1 GiB of zeros, deflated (about 1 MB), and its CRC. Deflating a gigabyte takes
    seconds, so one megabyte is deflated after a full flush (which forgets what came
    before) and its output repeated: every copy decodes to the same megabyte."""
    megabyte = bytes(MIB)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflater.compress(megabyte) + deflater.flush(zlib.Z_FULL_FLUSH)
    again = deflater.compress(megabyte) + deflater.flush(zlib.Z_FULL_FLUSH)
    assert again == block
    stream = block * 1024 + deflater.flush()
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(megabyte, crc)
    return stream, crc


def bomb(small: dict[str, bytes], huge: str, *, declared: int = GIB) -> bytes:
    """A ZIP archive of the ``small`` parts and one part, ``huge``, of 1 GiB of zeros,
    written by hand so the deflated gigabyte can be reused; its headers say the part
    unpacks to ``declared`` bytes."""
    parts = []
    for name, data in small.items():
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts.append(
            (name, deflater.compress(data) + deflater.flush(), zlib.crc32(data), len(data))
        )
    stream, crc = gigabyte_of_zeros()
    parts.append((huge, stream, crc, declared))
    out, directory = io.BytesIO(), io.BytesIO()
    for name, packed, crc, size in parts:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(packed),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded + packed)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(packed),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(encoded)
    start = out.tell()
    out.write(directory.getvalue())
    count = len(parts)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, directory.tell(), start, 0))
    return out.getvalue()


def odt_bomb() -> bytes:
    """The ``mimetype`` part itself is the gigabyte: the type check once read it whole."""
    return bomb({}, "mimetype")


def docx_bomb() -> bytes:
    return bomb({"[Content_Types].xml": b"<Types/>"}, "word/document.xml")


def xlsx_bomb() -> bytes:
    return bomb({"[Content_Types].xml": b"<Types/>"}, "xl/sharedStrings.xml")


def peak_memory_of(action):
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Review.objects.get(slug=REVIEW_SLUG)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_the_bombs_are_what_they_claim():
    with zipfile.ZipFile(io.BytesIO(docx_bomb())) as archive:
        (info,) = [i for i in archive.infolist() if i.filename == "word/document.xml"]
        assert info.file_size == GIB
        assert info.compress_size < 2 * MIB
        with archive.open(info) as part:
            assert part.read(MIB) == bytes(MIB)


@pytest.mark.parametrize("make", [odt_bomb, docx_bomb, xlsx_bomb])
def test_the_type_check_refuses_a_bomb_without_unpacking_it(make):
    upload = SimpleUploadedFile("update.odt", make())

    def refusal():
        with pytest.raises(Refused) as refused:
            check_upload(upload)
        return refused.value.reason

    reason, peak = peak_memory_of(refusal)
    assert EXPANDS.fullmatch(reason)
    assert peak < MEMORY_GROWTH_ALLOWED


def test_a_bomb_whose_directory_lies_is_read_no_further_than_it_claims():
    """The directory says the mimetype part holds 39 bytes; it holds a gigabyte. Only
    what the directory claims is ever unpacked, so the check on the directory holds."""
    upload = SimpleUploadedFile("update.odt", bomb({}, "mimetype", declared=len(ODT_MIMETYPE)))

    def refusal():
        with pytest.raises(Refused) as refused:
            check_upload(upload)
        return refused.value.reason

    reason, peak = peak_memory_of(refusal)
    assert reason.startswith("The selected file must be a ")
    assert peak < MEMORY_GROWTH_ALLOWED


@pytest.mark.django_db
def test_bomb_as_evidence_is_refused_and_nothing_written(demo):
    owner_client = signed_in("owner")
    r = rec(demo, 12)
    data = {
        "version": r.version,
        "proposed_status": "achieved",
        "narrative": "The new microphones are installed and working.",
        **date_data("as_of", dt.date(2025, 2, 7)),
        "evidence_files": [SimpleUploadedFile("photos.odt", odt_bomb())],
    }
    url = reverse("staff:progress-update", args=[r.pk])
    today = dt.datetime(2025, 2, 10, 12, tzinfo=dt.UTC)
    with time_machine.travel(today, tick=False), assert_database_unchanged():
        response, peak = peak_memory_of(lambda: owner_client.post(url, data))
    assert response.status_code == 200
    assert [m for m in summary_errors(response) if EXPANDS.fullmatch(m)]
    assert peak < MEMORY_GROWTH_ALLOWED
    assert stored_files() == []


@pytest.mark.django_db
def test_bomb_as_a_clerks_document_is_refused_and_nothing_written(demo):
    clerk_client = signed_in("clerk")
    item = make_item(Meeting.objects.get(starts_at__date=dt.date(2025, 1, 20)), "2")
    data = {"title": "Cabinet report", "kind": "report", "file": SimpleUploadedFile(
        "report.docx", docx_bomb())}  # fmt: skip
    url = reverse("staff:document-add", args=[item.pk])
    with assert_database_unchanged():
        response, peak = peak_memory_of(lambda: clerk_client.post(url, data))
    assert response.status_code == 200
    assert [m for m in summary_errors(response) if EXPANDS.fullmatch(m)]
    assert peak < MEMORY_GROWTH_ALLOWED
    assert stored_files() == []


@pytest.mark.django_db
def test_bomb_as_a_tracker_is_refused_and_nothing_kept(demo):
    officer_client = signed_in("scrutiny.officer")
    data = {"review": demo.pk, "tracker": SimpleUploadedFile("tracker.xlsx", xlsx_bomb())}
    with assert_database_unchanged():
        response, peak = peak_memory_of(
            lambda: officer_client.post(reverse("imports:upload"), data)
        )
    assert [m for m in summary_errors(response) if EXPANDS.search(m)]
    assert peak < MEMORY_GROWTH_ALLOWED
    assert "tracker_import" not in officer_client.session
    assert not (Path(django_settings.MEDIA_ROOT) / FOLDER).exists() or not any(
        (Path(django_settings.MEDIA_ROOT) / FOLDER).iterdir()
    )


def test_the_tracker_reader_behind_the_command_refuses_a_bomb():
    with pytest.raises(SpreadsheetRefused) as refused:
        read_table(xlsx_bomb(), is_known_heading=lambda heading: True)
    assert EXPANDS.fullmatch(refused.value.reason)


@pytest.mark.django_db
def test_moderngov_answers_that_would_unpack_too_far_are_refused_before_unpacking():
    content = bomb({"GetCommittees.xml": b"<x/>"}, "GetMeeting_1.xml")
    with pytest.raises(ImportRefused) as refused:
        save_upload([("answers.zip", io.BytesIO(content), len(content))])
    assert refused.value.reason == "The file would unpack to 1024.1 MB; the most allowed is 100 MB."
    assert stored_files() == []


def zip_of(parts: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def test_a_large_part_packed_too_tightly_is_refused(settings):
    """2 MB of zeros packs about a thousand times over: far within the size allowed, but
    no real document is packed like that."""
    archive = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(2 * MIB)})
    with pytest.raises(UnsafeArchive) as refused:
        open_zip(archive)
    assert refused.value.reason.startswith(
        "The file is packed too tightly: word/document.xml would unpack to "
    )
    assert refused.value.reason.endswith("times its size; the most allowed is 100 times.")
    settings.SCRUTINY_UPLOAD_MAX_COMPRESSION_RATIO = 5000
    open_zip(archive).close()


def test_a_small_part_is_not_judged_by_how_tightly_it_packs():
    open_zip(zip_of({"mimetype": ODT_MIMETYPE, "styles.xml": bytes(512 * 1024)})).close()


def test_too_many_parts_are_refused_before_the_directory_is_read():
    archive = zip_of({f"part{n}.xml": b"<x/>" for n in range(4)})
    with pytest.raises(UnsafeArchive) as refused:
        open_zip(archive, max_members=3)
    assert refused.value.reason == "The file holds more than 3 files packed inside it."


def test_the_limit_on_unpacked_size_is_a_setting(settings):
    settings.SCRUTINY_UPLOAD_MAX_EXPANDED_BYTES = 1000
    with pytest.raises(UnsafeArchive) as refused:
        open_zip(zip_of({"word/document.xml": b"<w>" + b"x" * 2000 + b"</w>"}))
    assert refused.value.reason == "The file would unpack to 2 KB; the most allowed is 1000 bytes."
