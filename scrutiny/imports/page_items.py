"""One agenda item as a saved page prints it: heading, papers, agenda text, decision and
minutes, read into an ``ImportedItem``.

Every ModernGov page kind prints an item's body the same few ways, so every reader in
``minutes_page`` hands its item's lines here:

    27 <item title> pdf icon PDF 556 KB          (the heading, with the report)
    Additional documents:                        (more papers, one a line)
    <paper title> pdf icon PDF 120 KB
    Purpose: / <agenda text>
    Decision:                                    (what was decided, on agenda pages)
    Minutes:                                     (the label is not kept)
    <minutes paragraphs, motions, resolutions>
    Supporting documents:                        (an agenda item page's footer of papers)
    <paper title>, item 27 PDF 556 KB

A paper listed without a title of its own (an HTML page prints the report's size under
the heading) takes the item's title.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from scrutiny.imports.actions import parse_actions
from scrutiny.imports.html import text_to_html
from scrutiny.imports.page_text import PageText, icon_free, parse_document_line
from scrutiny.imports.records import ImportedDocument, ImportedItem
from scrutiny.imports.resolutions import (
    parse_motions,
    parse_resolutions,
    wording_as_resolution,
)

_MINUTES_LABEL = re.compile(r"^minutes\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_DECISION_LABEL = re.compile(r"^decisions?\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_TEXT_LABEL = re.compile(
    r"^(?:purpose(?:\s+of\s+(?:the\s+)?(?:item|report))?|summary|report\s+summary|content|"
    r"details)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DOCUMENTS_LABEL = re.compile(
    r"^(?P<which>additional|supplementary|background|supporting|accompanying)\s+"
    r"(?:documents?|papers?)\s*:?\s*$",
    re.IGNORECASE,
)
# Lines of an item's record that are neither agenda text nor minutes.
_ITEM_CHROME = re.compile(
    r"^(?:view\s+the\s+(?:background\s+to\s+item|reasons?\s+why\s+item|declarations\s+of\s+"
    r"interest\s+for\s+item|decision\s+for\s+item).*|webcast\s+for\s+.*|view\s+the\s+webcast.*|"
    r"(?:item\s+)?(?:issue\s+)?history\s+of\s+this\s+item.*|link\s+to\s+.{0,60}|"
    r"to\s+view\s+the\s+.{0,60}\s+click\s+here.*|"
    r"(?:additional\s+)?(?:meeting\s+)?papers\s*:?|"
    r"wards?\s+affected\s*:.*|contact\s*:.*|report\s+author\s*:.*|lead\s+officer\s*:.*)$",
    re.IGNORECASE,
)
HEADING_NUMBER = re.compile(
    r"^(?P<number>\d{1,3}[A-Za-z]?(?:\.\d{1,2})?(?:\s?\([a-zA-Z0-9]{1,4}\))?)\.?(?:\s+(?P<rest>.*))?$"
)


@dataclass
class ItemParts:
    """An item's lines sorted by what they are."""

    documents: list[ImportedDocument] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    decision: list[str] = field(default_factory=list)
    minutes: list[str] = field(default_factory=list)
    labelled_minutes: bool = False


def read_item(
    *,
    page: PageText,
    number: str,
    title: str,
    heading_documents: list[ImportedDocument],
    body: Iterable[int],
    unlabelled: str,
    warnings: list[str],
    is_decision: bool = False,
    decision_kind: str = "resolved",
) -> ImportedItem:
    """The item numbered ``number`` from the page's lines ``body`` (after its heading).

    ``unlabelled`` says what text before any label is: "minutes" (issue pages, printed
    minutes) or "text" (an agenda's item text). A missing title becomes "Untitled item N",
    with a warning."""
    parts = sort_lines(page=page, body=body, unlabelled=unlabelled)
    if not title:
        title = f"Untitled item {number}"
        warnings.append(
            f"The page gives item {number} no title; it is imported as \u201c{title}\u201d "
            "(correct it on the item after importing)."
        )
    documents = [
        document if document.title else _titled(document, title)
        for document in [*heading_documents, *parts.documents]
    ]
    minutes = "\n".join(_trimmed(parts.minutes))
    decision = "\n".join(_trimmed(parts.decision))
    resolutions = parse_resolutions(text=minutes)
    if not resolutions and decision:
        resolutions = parse_resolutions(text=decision)
        if not resolutions and (single := wording_as_resolution(text=decision, kind=decision_kind)):
            resolutions = [single]
    return ImportedItem(
        number=number,
        title=title,
        text=text_to_html(text="\n".join(_trimmed(parts.text))),
        minutes=text_to_html(text=minutes),
        documents=tuple(_unique(documents)),
        motions=tuple(parse_motions(text=minutes)),
        resolutions=tuple(resolutions),
        actions=tuple(parse_actions(text=minutes)),
        is_decision=is_decision or bool(decision),
    )


def sort_lines(*, page: PageText, body: Iterable[int], unlabelled: str) -> ItemParts:
    """Put each line of ``body`` with the documents, agenda text, decision or minutes."""
    parts = ItemParts()
    mode = unlabelled
    in_documents = False
    seen_text = False
    for index in body:
        line = page.lines[index]
        if not line:
            if seen_text and not in_documents:
                _buffer(parts, mode).append("")
            continue
        if label := _DOCUMENTS_LABEL.match(line):
            in_documents = True
            continue
        if in_documents or not seen_text:
            document = parse_document_line(line=line)
            if document is not None:
                parts.documents.append(with_url(document, page, index))
                continue
            in_documents = False
        if _ITEM_CHROME.match(line):
            continue
        if label := _MINUTES_LABEL.match(line):
            mode, parts.labelled_minutes = "minutes", True
            line = label.group("rest").strip()
        elif label := _DECISION_LABEL.match(line):
            mode = "decision"
            line = label.group("rest").strip()
        elif label := _TEXT_LABEL.match(line):
            mode = "text"
            line = label.group("rest").strip()
        if line:
            seen_text = True
            _buffer(parts, mode).append(line)
    return parts


def split_heading(line: str) -> tuple[str, str, ImportedDocument | None] | None:
    """ "27 Title pdf icon PDF 556 KB" as (number, title, document), or None."""
    match = HEADING_NUMBER.match(line)
    if match is None:
        return None
    rest = match.group("rest") or ""
    document = parse_document_line(line=rest) if rest else None
    title = document.title if document else icon_free(rest)
    return match.group("number").replace(" ", ""), title.strip(" -\u2013\u2014:"), document


def _buffer(parts: ItemParts, mode: str) -> list[str]:
    return {"text": parts.text, "decision": parts.decision}.get(mode, parts.minutes)


def with_url(document: ImportedDocument, page: PageText, index: int) -> ImportedDocument:
    """The document with the address its line links to, when it links to one."""
    url = page.document_url(index)
    if not url:
        return document
    return ImportedDocument(
        title=document.title, format=document.format, size_kb=document.size_kb, url=url
    )


def _titled(document: ImportedDocument, title: str) -> ImportedDocument:
    return ImportedDocument(
        title=title, format=document.format, size_kb=document.size_kb, url=document.url
    )


def _unique(documents: list[ImportedDocument]) -> list[ImportedDocument]:
    """Each paper once: an agenda item page lists the report under its heading and again
    among its supporting documents."""
    seen: dict[tuple[str, str], int] = {}
    kept: list[ImportedDocument] = []
    for document in documents:
        key = (" ".join(document.title.lower().split()), document.format)
        if key in seen:
            earlier = kept[seen[key]]
            if document.url and not earlier.url:
                kept[seen[key]] = document
            continue
        seen[key] = len(kept)
        kept.append(document)
    return kept


def _trimmed(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]
