"""A saved council page as lines of text: decoding, chrome, dates and document lines.

Officers save ModernGov pages however their browser or editor does it: UTF-8 with or
without a byte order mark, UTF-16 (Notepad's "Unicode", little- or big-endian, with its
mark), Windows-1252 (Notepad's "ANSI" and older browsers), as the page's text or as the
full HTML. ``page_lines`` turns any of them into numbered lines with the site's chrome
(navigation, skip links, breadcrumbs, page footers) blanked out, so every reader counts
lines as the officer's editor does, and a refusal can name the line.
"""

import codecs
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from scrutiny.core.uploads import oversize_reason
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.html import page_base_url, page_to_text
from scrutiny.imports.month_names import MONTHS
from scrutiny.imports.records import ImportedDocument

HTML_NOTE = " (lines counted in the text of the HTML page)"
_HTML_HINT = re.compile(
    r"^\s*(?:<!--[^>]*-->\s*)*(?:<!doctype|<html|<head|<body|<div|<p[\s>]|<h\d|<table|<span|<meta)",
    re.I,
)
_BINARY_MAGIC = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a Word, Excel or zip file",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel file",
}

# Lines that are the site's furniture, not the record, wherever they stand.
_CHROME_LINE = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?content|skip\s+to\s+navigation|back\s+to\s+top|"
    r"print\s+this\s+page|share\s+this\s+page|contact\s+us|accessibility(?:\s+statement)?|"
    r"privacy(?:\s+notice)?|view\s+directions|bookmark\s+this\s+page|"
    r"page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}|"
    r"(?:home|you\s+are\s+here:?)\s*(?:>|\u203a|\u00bb|/).*|"
    r"(?:\u00a9|copyright\b).{0,120}|cookies?\s+on\s+.{0,80}|accept\s+(?:all\s+)?cookies|"
    r"(?:rss|subscribe\s+to\s+(?:updates|this\s+page))|"
    r"(?:this\s+site\s+is\s+)?powered\s+by\s+moderngov.*|moderngov\s+(?:app|is\s+available).*)$",
    re.IGNORECASE,
)
_SKIP_TAIL = re.compile(r"\s*\bskip\s+to\s+(?:main\s+)?content\b\s*$", re.IGNORECASE)

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"|(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?(?P<ld>\d{1,2})(?:st|nd|rd|th)?"
    rf"(?:\s+of)?[\s-]+(?P<lm>{_MONTH_NAMES})\b\.?,?[\s-]+(?P<ly>\d{{4}})",
    re.IGNORECASE,
)

FORMATS = {
    "pdf": "pdf",
    "word": "docx",
    "doc": "docx",
    "docx": "docx",
    "excel": "xlsx",
    "xls": "xlsx",
    "xlsx": "xlsx",
    "powerpoint": "pptx",
    "ppt": "pptx",
    "pptx": "pptx",
    "rtf": "rtf",
    "html": "html",
    "htm": "html",
    "text": "txt",
    "txt": "txt",
}
UNIT_KB = {"bytes": 1 / 1024, "byte": 1 / 1024, "kb": 1, "mb": 1024, "gb": 1024 * 1024}
_FORMAT_WORDS = "|".join(FORMATS)
_DOCUMENT = re.compile(
    r"(?:\b(?:pdf|word|doc|excel|xls|ppt|powerpoint|rtf|html?)\s+icon\s+)?"
    rf"(?:\b(?P<format>{_FORMAT_WORDS})\s+(?P<size>\d{{1,7}}(?:\.\d{{1,3}})?) ?"
    r"(?P<unit>bytes?|KB|MB|GB)"
    rf"|\(\s*(?P<pformat>{_FORMAT_WORDS})\s*,?\s*(?P<psize>\d{{1,7}}(?:\.\d{{1,3}})?) ?"
    r"(?P<punit>bytes?|KB|MB|GB)\s*\))\.?$",
    re.IGNORECASE,
)
_ICON_NOISE = re.compile(r"\b(?:pdf|word|doc|excel|xls|ppt|powerpoint|rtf|html?)\s+icon\b", re.I)
_ITEM_SUFFIX_IN_TITLE = re.compile(r",\s*item\s+\S{1,12}$", re.IGNORECASE)
_DOCUMENT_LINK = re.compile(
    r"(?:^|/)(?:documents?/|mgConvert2PDF\.aspx|ieListDocuments?\.aspx|mgIssueHistory|"
    r"Data/)|\.(?:pdf|docx?|xlsx?|pptx?|rtf)(?:$|[?#])",
    re.IGNORECASE,
)


@dataclass
class PageText:
    """A page's lines (chrome blanked, so line numbers stay the editor's), the link
    targets each line holds, the address the page came from, and how lines count."""

    lines: list[str]
    links: dict[int, list[str]] = field(default_factory=dict)
    base_url: str = ""
    note: str = ""

    def place(self, index: int) -> str:
        return f"line {index + 1}"

    def document_url(self, index: int) -> str:
        """The address of the document on line ``index``: the link that names a file,
        made absolute against the page's own address (a relative one is dropped when the
        page does not say where it came from)."""
        for target in self.links.get(index, []):
            target = target.strip()
            if not _DOCUMENT_LINK.search(target):
                continue
            if not re.match(r"https?://", target, re.IGNORECASE):
                if not self.base_url:
                    continue
                target = urljoin(self.base_url, target)
            return target if len(target) <= 200 else ""
        return ""


def page_lines(content: bytes | str) -> PageText:
    """Decode ``content``, flatten HTML, and blank the chrome lines."""
    text = _decoded(content)
    if reason := oversize_reason(len(text.encode("utf-8", errors="replace"))):
        raise ImportRefused("text", reason)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportRefused(f"line {line}", "the file is binary, not a text or HTML page")
    if not text.strip():
        raise ImportRefused("line 1", "the file is empty")
    page = PageText(lines=[])
    if _HTML_HINT.match(text):
        flat, page.links = page_to_text(html=text)
        page.base_url = page_base_url(html=text)
        page.note = HTML_NOTE
        text = flat
    page.lines = [_unchromed(line) for line in text.splitlines()]
    if not any(page.lines):
        raise ImportRefused("line 1", "the page has no text besides its site's navigation")
    return page


def _decoded(content: bytes | str) -> str:
    """The text of ``content`` in whichever encoding a browser or Notepad saved it."""
    if isinstance(content, str):
        return content[1:] if content.startswith("\ufeff") else content
    if reason := oversize_reason(len(content)):
        raise ImportRefused("file", reason)
    for magic, what in _BINARY_MAGIC.items():
        if content.startswith(magic):
            raise ImportRefused(
                "line 1", f"the file is {what}, not a saved page (save the page as text or HTML)"
            )
    if content.startswith(codecs.BOM_UTF8):
        return _decode(content[3:], "utf-8", "UTF-8")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(content, "utf-16", "UTF-16")
    if len(content) >= 4 and len(content) % 2 == 0:
        # UTF-16 saved without its mark: every other byte of plain text is zero.
        odd, even = content[1::2], content[0::2]
        if odd.count(0) > len(odd) * 0.9 and even.count(0) == 0:
            return _decode(content, "utf-16-le", "UTF-16")
        if even.count(0) > len(even) * 0.9 and odd.count(0) == 0:
            return _decode(content, "utf-16-be", "UTF-16")
    if b"\x00" in content:
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        raise ImportRefused(f"line {line}", "the file is binary, not a text or HTML page")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252, the "ANSI" of Notepad and of older council sites.
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRefused(
            f"line {line}",
            "the file is not text in UTF-8, UTF-16 or Windows-1252 (save the page as UTF-8 "
            "and retry)",
        ) from None


def _decode(content: bytes, codec: str, name: str) -> str:
    try:
        text = content.decode(codec)
    except UnicodeDecodeError as error:
        newline = "\n".encode(codec.replace("-sig", "")) if codec != "utf-16" else b"\n\x00"
        line = content[: error.start].count(newline) + 1
        raise ImportRefused(
            f"line {line}", f"the file starts as {name} text but is not {name} here"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _unchromed(line: str) -> str:
    line = " ".join(line.split())
    if not line or _CHROME_LINE.match(line) or _is_breadcrumb(line):
        return ""
    return _SKIP_TAIL.sub("", line)


def _is_breadcrumb(line: str) -> bool:
    """A trail such as "Home > Committees > Issue": short, and cut by two or more arrows."""
    if len(line) > 200:
        return False
    return sum(line.count(f" {arrow} ") for arrow in (">", "\u203a", "\u00bb")) >= 2


def find_date(text: str) -> tuple[datetime.date, re.Match[str]] | None:
    """The first date in ``text`` ("16/09/2024", "Monday, 16th September, 2024"), or None;
    an impossible one ("31/02/2024") raises ValueError naming it."""
    match = _DATE.search(text)
    if match is None:
        return None
    if match.group("d"):
        day, month, year = (int(match.group(name)) for name in ("d", "m", "y"))
    else:
        day, year = int(match.group("ld")), int(match.group("ly"))
        month = MONTHS[match.group("lm").lower()]
    try:
        return datetime.date(year, month, day), match
    except ValueError:
        raise ValueError(f"the meeting date {match.group(0).strip()} is not a real date") from None


def parse_document_line(*, line: str) -> ImportedDocument | None:
    """ "<title> pdf icon PDF 556 KB" (or "<title> (PDF, 556KB)") as a document, or None."""
    line = " ".join(line.split())
    match = _DOCUMENT.search(line)
    if match is None:
        return None
    prefix = "" if match.group("format") else "p"
    size = float(match.group(prefix + "size")) * UNIT_KB[match.group(prefix + "unit").lower()]
    title = _ICON_NOISE.sub("", line[: match.start()]).strip(" -\u2013\u2014:")
    title = _ITEM_SUFFIX_IN_TITLE.sub("", title).strip()
    return ImportedDocument(
        title=title,
        format=FORMATS[match.group(prefix + "format").lower()],
        size_kb=max(1, round(size)) if size else 0,
    )


def icon_free(text: str) -> str:
    return " ".join(_ICON_NOISE.sub("", text).split())
