"""Read a published "Issue - meetings" page, or one agenda item's minutes page.

Many councils can give us nothing better than the pages their ModernGov site publishes,
saved as text or HTML. The layout those pages share is what we rely on:

    <issue title>
    Meeting: 16/09/2024 - Customer Services Scrutiny Committee (Item 27)
    27 <item title> pdf icon PDF 556 KB
    Additional documents:
    <document title> pdf icon PDF 120 KB
    <minutes paragraphs, motions, resolutions>

with one "Meeting:" section per time the issue was considered, newest first. Each
section becomes a meeting with one item. Anything we cannot read with confidence
(empty or binary input, a "Meeting:" line we cannot parse, an impossible date, no
meeting at all) is refused with its line number rather than guessed at.
"""

import datetime
import re

from scrutiny.core.uploads import oversize_reason
from scrutiny.imports.actions import parse_actions
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.html import html_to_text, text_to_html
from scrutiny.imports.records import (
    ImportedDocument,
    ImportedIssue,
    ImportedItem,
    ImportedMeeting,
    StatedFigures,
)
from scrutiny.imports.resolutions import parse_motions, parse_resolutions, parse_stated_figures

PAGE_HEADINGS = frozenset({"issue - meetings", "agenda item", "minutes"})
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

_MEETING_START = re.compile(r"^\s*Meeting\s*:", re.IGNORECASE)
_MEETING = re.compile(
    r"^\s*Meeting\s*:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*[-\u2013\u2014](?P<committee>.*)$",
    re.IGNORECASE,
)
_ITEM_SUFFIX = re.compile(r"\(\s*Item\s+(?P<item>[^\s()]+?(?:\([^\s()]+\))?)\.?\s*\)$", re.I)
_DOCUMENT = re.compile(
    r"(?:\b(?:pdf|word|doc|excel|xls|ppt|powerpoint|rtf|html?)\s+icon\s+)?"
    rf"\b(?P<format>{'|'.join(FORMATS)})\s+(?P<size>\d{{1,7}}(?:\.\d{{1,3}})?) ?"
    r"(?P<unit>bytes?|KB|MB|GB)$",
    re.IGNORECASE,
)
_ICON_NOISE = re.compile(r"\b(?:pdf|word|doc|excel|xls|ppt|powerpoint|rtf|html?)\s+icon\b", re.I)
_ADDITIONAL = re.compile(r"^\s*(?:additional|supplementary|background)\s+documents?\s*:?\s*$", re.I)
_HTML_HINT = re.compile(r"^\s*(?:<!doctype|<html|<body|<div|<p[\s>]|<h\d|<table|<span)", re.I)


def parse_minutes_page(*, content: bytes | str) -> ImportedIssue:
    """The issue, its meetings in page order, and the figures stated at the newest one."""
    text, line_note = _as_text(content)
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines) if _MEETING_START.match(line)]
    if not starts:
        raise ImportRefused(
            "line 1",
            "no 'Meeting: dd/mm/yyyy - Committee (Item N)' line was found, so there is no "
            "meeting to import" + line_note,
        )
    title = _title(lines[: starts[0]])
    meetings: list[ImportedMeeting] = []
    figures: StatedFigures | None = None
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        meeting, section_figures = _meeting(
            lines=lines, start=start, end=end, issue_title=title, line_note=line_note
        )
        meetings.append(meeting)
        figures = figures or section_figures
    return ImportedIssue(
        title=title,
        committee=meetings[0].committee,
        meetings=tuple(meetings),
        stated_figures=figures,
    )


def parse_document_line(*, line: str) -> ImportedDocument | None:
    """ "<title> pdf icon PDF 556 KB" as a document, or None when the line is not one."""
    line = " ".join(line.split())
    match = _DOCUMENT.search(line)
    if match is None:
        return None
    size = float(match.group("size")) * UNIT_KB[match.group("unit").lower()]
    title = _ICON_NOISE.sub("", line[: match.start()]).strip(" -\u2013\u2014:")
    return ImportedDocument(
        title=title,
        format=FORMATS[match.group("format").lower()],
        size_kb=max(1, round(size)) if size else 0,
    )


def _as_text(content: bytes | str) -> tuple[str, str]:
    """Decode, refuse binary, and flatten HTML; the note tells readers how lines count."""
    if isinstance(content, bytes):
        if reason := oversize_reason(len(content)):
            raise ImportRefused("file", reason)
        if b"\x00" in content:
            line = content[: content.index(b"\x00")].count(b"\n") + 1
            raise ImportRefused(f"line {line}", "the file is binary, not a text or HTML page")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            raise ImportRefused(
                f"line {line}", "the file is not UTF-8 text (save the page as UTF-8 and retry)"
            ) from None
    if reason := oversize_reason(len(content.encode())):
        raise ImportRefused("text", reason)
    if "\x00" in content:
        line = content[: content.index("\x00")].count("\n") + 1
        raise ImportRefused(f"line {line}", "the file is binary, not a text or HTML page")
    if not content.strip():
        raise ImportRefused("line 1", "the file is empty")
    if _HTML_HINT.match(content):
        return html_to_text(html=content), " (lines counted in the text of the HTML page)"
    return content, ""


def _title(lines: list[str]) -> str:
    """The first line before any meeting that is not the page's own heading."""
    for line in lines:
        cleaned = line.strip()
        if cleaned and cleaned.lower() not in PAGE_HEADINGS:
            return re.sub(r"\s+", " ", cleaned)
    return ""


def _meeting(
    *, lines: list[str], start: int, end: int, issue_title: str, line_note: str
) -> tuple[ImportedMeeting, StatedFigures | None]:
    """One "Meeting:" section: its meeting line, item heading, documents and minutes."""
    place = f"line {start + 1}"
    match = _MEETING.match(" ".join(lines[start].split()))
    if match is None or not match.group("committee").strip():
        raise ImportRefused(
            place,
            "a meeting line must read 'Meeting: dd/mm/yyyy - Committee name (Item N)'" + line_note,
        )
    day, month, year = (int(part) for part in match.group("date").split("/"))
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise ImportRefused(
            place, f"the meeting date {match.group('date')} is not a real date" + line_note
        ) from None
    committee = match.group("committee").strip()
    item_suffix = _ITEM_SUFFIX.search(committee)
    if item_suffix:
        committee = committee[: item_suffix.start()].strip()
    body = [line.strip() for line in lines[start + 1 : end]]
    number, title, documents, minutes_lines = _item_parts(
        body=body, number=item_suffix.group("item") if item_suffix else "", issue_title=issue_title
    )
    minutes = "\n".join(minutes_lines)
    item = ImportedItem(
        number=number,
        title=title,
        minutes=text_to_html(text=minutes),
        documents=tuple(documents),
        motions=tuple(parse_motions(text=minutes)),
        resolutions=tuple(parse_resolutions(text=minutes)),
        actions=tuple(parse_actions(text=minutes)),
    )
    meeting = ImportedMeeting(source_id="", committee=committee, date=date, items=(item,))
    return meeting, parse_stated_figures(text=minutes)


def _item_parts(
    *, body: list[str], number: str, issue_title: str
) -> tuple[str, str, list[ImportedDocument], list[str]]:
    """Split a section into item number, title, documents and the minutes that follow."""
    documents: list[ImportedDocument] = []
    title = ""
    index = 0
    while index < len(body) and not body[index]:
        index += 1
    if index < len(body):
        heading = body[index]
        heading_number = re.match(
            r"^(\d+[A-Za-z]?(?:\.\d+)?(?:\([a-z0-9]+\))?)\.?\s+(.*)$", heading
        )
        if heading_number and (not number or heading_number.group(1) == number):
            number = number or heading_number.group(1)
            rest = heading_number.group(2)
            document = parse_document_line(line=rest)
            title = document.title if document else _ICON_NOISE.sub("", rest).strip()
            if document:
                documents.append(document)
            index += 1
    in_additional = False
    minutes: list[str] = []
    for line in body[index:]:
        if not minutes and _ADDITIONAL.match(line):
            in_additional = True
            continue
        document = parse_document_line(line=line) if not minutes else None
        if document and (in_additional or not minutes):
            documents.append(document)
            continue
        if line or minutes:
            minutes.append(line)
    return number, title or issue_title, documents, minutes
