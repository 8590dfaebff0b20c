"""Reading a document's text for the index, with a limit on the file's size and on the time
spent on it (`SCRUTINY_SEARCH_MAX_FILE_BYTES`, `SCRUTINY_SEARCH_READ_SECONDS`): what could
not be read in time is kept as far as it was read, and marked truncated."""

from __future__ import annotations

import io
import logging
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

# The most of one document's text the index keeps (PostgreSQL's tsvector holds 1 MB).
MAX_TEXT_CHARS = 200_000


class TooLarge(Exception):
    pass


class Unreadable(Exception):
    pass


@dataclass(frozen=True)
class ReadText:
    text: str
    truncated: bool


def max_file_bytes() -> int:
    return getattr(settings, "SCRUTINY_SEARCH_MAX_FILE_BYTES", 30 * 1024 * 1024)


def read_seconds() -> float:
    return getattr(settings, "SCRUTINY_SEARCH_READ_SECONDS", 20.0)


def kind_of(name: str, data: bytes) -> str:
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:2] == b"PK" and name.lower().endswith(".docx"):
        return "docx"
    return ""


def read_text(name: str, data: bytes, *, seconds: float | None = None) -> ReadText:
    """The text of a PDF or DOCX file. Raises TooLarge or Unreadable."""
    if len(data) > max_file_bytes():
        raise TooLarge(f"{len(data)} bytes, more than {max_file_bytes()}")
    deadline = time.monotonic() + (read_seconds() if seconds is None else seconds)
    kind = kind_of(name, data)
    try:
        if kind == "pdf":
            return _pdf_text(data, deadline)
        if kind == "docx":
            return _docx_text(data, deadline)
    except (TooLarge, Unreadable):
        raise
    except Exception as error:  # a damaged file may fail anywhere in its reader
        logger.info("Could not read %s: %r", name, error)
        raise Unreadable(type(error).__name__) from error
    raise Unreadable("Not a PDF or DOCX file")


def _joined(parts: list[str], truncated: bool) -> ReadText:
    text = "\n".join(part for part in parts if part)
    if len(text) > MAX_TEXT_CHARS:
        return ReadText(text[:MAX_TEXT_CHARS], True)
    return ReadText(text, truncated)


def _pdf_text(data: bytes, deadline: float) -> ReadText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        if time.monotonic() > deadline or size > MAX_TEXT_CHARS:
            return _joined(parts, True)
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
    return _joined(parts, False)


def _docx_text(data: bytes, deadline: float) -> ReadText:
    from docx import Document as DocxDocument

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_file_bytes() * 10:  # a zip bomb
        raise TooLarge(f"{unpacked} bytes unpacked")
    document = DocxDocument(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    for paragraph in document.paragraphs:
        if time.monotonic() > deadline or size > MAX_TEXT_CHARS:
            return _joined(parts, True)
        parts.append(paragraph.text)
        size += len(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            if time.monotonic() > deadline:
                return _joined(parts, True)
            parts.append(" ".join(cell.text for cell in row.cells))
    return _joined(parts, False)
