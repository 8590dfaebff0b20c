"""Checking uploaded files: their type is judged from their content, never from the name
the user's computer gave them, and they are stored under a name the system makes.

One size limit, `SCRUTINY_UPLOAD_MAX_BYTES`, holds for every upload: documents, evidence
and every import (`oversize_reason` is the rule; the importers turn it into their own
refusals).

A file called "report.pdf" that is really a program is refused; a PDF someone saved as
"report.docx" is accepted and stored as a PDF."""

import codecs
import math
import secrets
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify

from scrutiny.core.errors import Refused

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    label: str  # as the council would say it, for messages and listings
    content_type: str


PDF = FileKind("pdf", "pdf", "PDF", "application/pdf")
DOCX = FileKind(
    "docx",
    "docx",
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileKind(
    "xlsx", "xlsx", "Excel spreadsheet", "application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet"
)  # fmt: skip
ODT = FileKind("odt", "odt", "OpenDocument text", "application/vnd.oasis.opendocument.text")
CSV = FileKind("csv", "csv", "CSV file", "text/csv")
PNG = FileKind("png", "png", "PNG image", "image/png")
JPEG = FileKind("jpeg", "jpg", "JPEG image", "image/jpeg")

ALL_KINDS = (PDF, DOCX, XLSX, ODT, CSV, PNG, JPEG)
DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT, CSV)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    kind: FileKind
    size: int
    original_name: str


MB = 1024 * 1024


def max_upload_bytes() -> int:
    return int(settings.SCRUTINY_UPLOAD_MAX_BYTES)


def describe_size(size: int, *, round_up: bool = False) -> str:
    """ "25 MB", "1.5 MB", "300 KB". Rounded up when it describes a file over the limit, so
    a file a byte too large never reads as the limit itself."""
    whole = math.ceil if round_up else math.floor
    if size >= MB:
        tenths = whole(size * 10 / MB) / 10
        return f"{tenths:g} MB"
    if size >= 1024:
        return f"{whole(size / 1024)} KB"
    return f"{size} bytes"


def oversize_reason(size: int, *, several: bool = False) -> str | None:
    """Why an upload of ``size`` bytes (all of its files together when ``several``) is
    too large, or None when it is within the limit."""
    limit = max_upload_bytes()
    if size <= limit:
        return None
    what = "The files come to" if several else "The file is"
    return f"{what} {describe_size(size, round_up=True)}; the limit is {describe_size(limit)}."


def validate_upload_size(value) -> None:
    """The limit as a model field validator, for forms built from the model (the admin):
    a newly uploaded file only, so a stored file is never reopened to be measured."""
    if getattr(value, "_committed", True):
        return
    reason = oversize_reason(value.size or 0)
    if reason is not None:
        raise ValidationError(reason)


def refuse_if_too_large(size: int, *, field: str = "file", several: bool = False) -> None:
    reason = oversize_reason(size, several=several)
    if reason is not None:
        raise Refused(field, reason)


class UnsafeArchive(Exception):
    """A ZIP archive refused from its own directory, before anything in it is unpacked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MAX_ZIP_MEMBERS = 10_000
RATIO_CHECKED_FROM = MB  # a smaller part cannot unpack to anything that matters


def open_zip(
    source: IO[bytes], *, max_expanded: int | None = None, max_members: int = MAX_ZIP_MEMBERS
) -> zipfile.ZipFile:
    """Open an uploaded ZIP archive (Word, Excel, OpenDocument, ModernGov answers) only
    once its directory shows it is safe to read: not too many files, not too large in
    all when unpacked (``SCRUTINY_UPLOAD_MAX_EXPANDED_BYTES`` unless ``max_expanded``),
    and no large part packed more tightly than ``SCRUTINY_UPLOAD_MAX_COMPRESSION_RATIO``.

    The count is read from the archive's last record before the directory is parsed, so a
    directory of a million entries is never built. Python's zipfile never unpacks more of
    a part than the directory says it holds, so checking the directory bounds every later
    read, by us or by openpyxl. Raises UnsafeArchive, or zipfile.BadZipFile when this is
    not a ZIP archive."""
    limit = int(settings.SCRUTINY_UPLOAD_MAX_EXPANDED_BYTES)
    if max_expanded is not None:
        limit = min(limit, max_expanded)
    ratio = int(settings.SCRUTINY_UPLOAD_MAX_COMPRESSION_RATIO)
    source.seek(0)
    end = zipfile._EndRecData(source)  # the last record only: it says how many entries
    if end is None:
        raise zipfile.BadZipFile("no end of central directory")
    if end[zipfile._ECD_ENTRIES_TOTAL] > max_members:
        raise UnsafeArchive(f"The file holds more than {max_members:,} files packed inside it.")
    source.seek(0)
    archive = zipfile.ZipFile(source)
    try:
        members = archive.infolist()
        if len(members) > max_members:
            raise UnsafeArchive(f"The file holds more than {max_members:,} files packed inside it.")
        expanded = sum(member.file_size for member in members)
        if expanded > limit:
            raise UnsafeArchive(
                f"The file would unpack to {describe_size(expanded, round_up=True)}; "
                f"the most allowed is {describe_size(limit)}."
            )
        for member in members:
            packed = max(member.compress_size, 1)
            if member.file_size > RATIO_CHECKED_FROM and member.file_size > ratio * packed:
                raise UnsafeArchive(
                    f"The file is packed too tightly: {member.filename[:80]} would unpack to "
                    f"{member.file_size // packed:,} times its size; the most allowed is "
                    f"{ratio:,} times."
                )
    except BaseException:
        archive.close()
        raise
    return archive


def _zip_kind(upload) -> FileKind | None:
    """The office file a ZIP archive is, from its directory's names and, for OpenDocument,
    the first bytes of its ``mimetype`` part; never a whole part."""
    try:
        with open_zip(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    if part.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE:
                        return ODT
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, KeyError):
        return None
    except (ValueError, RuntimeError):  # a damaged directory; an encrypted part
        return None
    finally:
        upload.seek(0)
    return None


def _is_text(upload) -> bool:
    """UTF-8 text without NUL bytes (a BOM is allowed), read in chunks."""
    upload.seek(0)
    incremental = codecs.getincrementaldecoder("utf-8-sig")()
    for chunk in upload.chunks():
        if b"\x00" in chunk:
            return False
        try:
            incremental.decode(chunk)
        except UnicodeDecodeError:
            return False
    try:
        incremental.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff(upload) -> FileKind | None:
    """The kind of file this is, from its first bytes (and, for ZIP-based office files,
    the directory of the files inside it), or None when it is none we accept. Raises
    UnsafeArchive for a ZIP-based file that would unpack to too much (``open_zip``)."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if _is_text(upload):
        return CSV
    return None


def _list_of(kinds) -> str:
    labels = [k.label for k in kinds]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def check_upload(upload, *, field: str = "file", kinds=ALL_KINDS) -> CheckedUpload:
    """Accept the upload, renamed safely, or refuse it saying why."""
    size = upload.size or 0
    if size == 0:
        raise Refused(field, "The selected file is empty")
    refuse_if_too_large(size, field=field)
    try:
        kind = sniff(upload)
    except UnsafeArchive as unsafe:
        raise Refused(field, unsafe.reason) from None
    if kind is None or kind not in kinds:
        raise Refused(field, f"The selected file must be a {_list_of(kinds)}")
    original = PurePath(str(upload.name or "").replace("\\", "/")).name
    upload.name = safe_name(original, kind)
    upload.content_type = kind.content_type
    return CheckedUpload(file=upload, kind=kind, size=size, original_name=original)


def safe_name(original: str, kind: FileKind) -> str:
    """A random token and a slug of the user's file name, with the extension the content
    deserves: never the user's path, never their extension."""
    stem = PurePath(original.replace("\\", "/")).stem
    slug = slugify(stem)[:60] or "file"
    return f"{secrets.token_urlsafe(9)}-{slug}.{kind.extension}"


def title_from_name(original: str) -> str:
    """A readable title from a file name: "Q3 update.pdf" becomes "Q3 update"."""
    stem = PurePath(original.replace("\\", "/")).stem.strip()
    return stem[:300] or "Evidence"
