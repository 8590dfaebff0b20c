"""Read any page a ModernGov site publishes about a meeting, as an officer saves it.

Many councils can give us nothing better than their ModernGov site's pages, saved as
text or HTML in whatever encoding the browser or editor chose (``page_text``). Each kind
of page prints the record differently; the reader first says which kind it has, then
reads it:

- **issue** (``ieIssueDetails``, "Issue - meetings", "Issue - items at meetings"): the
  issue's title, then one section per meeting it came to, newest first, each opening
  with "Meeting: 16/09/2024 - Customer Services Scrutiny Committee (Item 27)";
- **agenda item** (``mgAi``, "Agenda item"): the same, one section, with "Minutes:" and
  "Supporting documents:" blocks;
- **decision** (``mgDecisionDetails``/``ieDecisionDetails``, "Decision details"):
  "Decision maker:", "Decision:" and the meeting in "Decided at meeting:", "Meeting:" or
  "Meeting of <committee>, <date>" lines;
- **agenda** (``ieListDocuments``/``mgAgenda``, "Agenda and minutes", …): the committee
  and date under the heading, then every item by its number, each with its papers,
  "Decision:" and "Minutes:";
- **minutes** (the printed minutes): "Minutes of a meeting of <committee> held on
  <date>", then each minute by its number;
- **item**: an item's body saved on its own, which names no meeting: the officer names
  it (``NamedMeeting``).

Each item is read by ``page_items.read_item``. The officer's named meeting fills in what
a page does not say; what a page says wins. Anything we cannot read with confidence (an
impossible date, a "Meeting:" line we cannot parse, a page with no meeting and none
named) is refused with its line number rather than guessed at; a missing title is not:
it becomes "Untitled item N", with a warning.
"""

import datetime
import re
from dataclasses import dataclass

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.page_items import HEADING_NUMBER, read_item, split_heading, with_url
from scrutiny.imports.page_text import (
    PageText,
    find_date,
    icon_free,
    page_lines,
    parse_document_line,
)
from scrutiny.imports.records import ImportedDocument, ImportedIssue, ImportedMeeting
from scrutiny.imports.resolutions import is_heading, parse_stated_figures

__all__ = ["NamedMeeting", "page_kind", "parse_document_line", "parse_minutes_page"]

ISSUE_HEADINGS = ("issue - meetings", "issue - items at meetings", "issue history", "issue details")
AGENDA_HEADINGS = frozenset(
    {
        "agenda",
        "agenda and minutes",
        "agenda and draft minutes",
        "agenda, decisions and minutes",
        "agenda, decisions and draft minutes",
        "agenda and decisions",
        "agenda and decision notice",
        "agenda and draft decisions",
        "agenda, reports and minutes",
        "meeting details",
        "minutes",
        "draft minutes",
    }
)
DECISION_HEADINGS = ("decision details", "decision record", "record of decision", "decision notice")
PAGE_HEADINGS = frozenset({*ISSUE_HEADINGS, *AGENDA_HEADINGS, *DECISION_HEADINGS, "agenda item"})

_MEETING_START = re.compile(r"^\s*Meeting\s*:", re.IGNORECASE)
_ITEM_SUFFIX = re.compile(r"\(\s*Item\s+(?P<item>[^\s()]+?(?:\([^\s()]+\))?)\.?\s*\)\.?$", re.I)
_TIME = re.compile(r"^\s*,?\s*(?:at\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?", re.I)
_DASH = re.compile(r"^\s*[-\u2013\u2014,]\s*")
_DECISION_MAKER = re.compile(r"^decision\s+(?:maker|taker|taken\s+by)\s*:\s*(?P<who>.*)$", re.I)
_DECIDED_AT = re.compile(r"^(?:decided\s+at\s+meeting|meeting)\s*:\s*(?P<rest>.+)$", re.I)
_DECISION_DATE = re.compile(r"^date\s+of\s+decision\s*:\s*(?P<rest>.+)$", re.I)
_MEETING_OF = re.compile(
    r"^(?:(?:draft\s+)?minutes\s+of\s+(?:a|the)\s+|decided\s+at\s+(?:a|the)\s+)?"
    r"(?:(?:ordinary|special|extraordinary|reconvened|virtual|remote)\s+)?meeting\s+of\s+(?:the\s+)?"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"[,\s]+(?:held|which\s+took\s+place|on\b|at\s+\d|at\s+the\b|at\s+[A-Z]|in\s+the\b)|,\s*"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|,\s*\d",
    re.IGNORECASE,
)
_MINUTES_OF = re.compile(r"^(?:draft\s+)?minutes\s+of\s+(?:a|the)\s+.*meeting\s+of\b", re.I)
_CLOSE = re.compile(
    r"^(?:the\s+meeting\s+(?:closed|ended|finished|terminated|concluded|rose)\b|"
    r"(?:meeting\s+)?(?:closed|ended)\s+at\s+\d|signed\b.*|chair(?:man|person)?\s*:?\s*$|"
    r"date\s*:?\s*$|\(?the\s+meeting\s+started\s+at.*)",
    re.IGNORECASE,
)
_DECISION_FIELD = re.compile(
    r"^(?:decision\s+status|is\s+key\s+decision\??|is\s+subject\s+to\s+call[\s-]+in\??|"
    r"reasons?\s+for\s+(?:the\s+)?(?:decision|key\s+decision|urgency)|alternative\s+options"
    r"(?:\s+considered)?|interests?\s+and\s+nature\s+of\s+interests?\s+declared|"
    r"reason\s+key|report\s+author|publication\s+date|date\s+of\s+decision|decided\s+at\s+"
    r"meeting|effective\s+from|call[\s-]+in\s+deadline\s+date|wards?\s+affected|"
    r"(?:other\s+)?(?:reasons?|organisations?)\s+consulted|consultees|dispensations?|"
    r"contact|lead\s+member|portfolio\s+holder|background\s+papers|decision\s+maker)\b[^:]{0,20}:",
    re.IGNORECASE,
)
_COMMITTEE_WORD = re.compile(
    r"\b(?:committee|cabinet|council|board|panel|forum|group|commission|executive|"
    r"sub-committee|partnership|assembly|authority)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamedMeeting:
    """The meeting an officer names for a page that does not say (``--meeting-date``,
    ``--committee``, ``--item``, or the import page's choices); empty parts are unnamed."""

    date: datetime.date | None = None
    committee: str = ""
    item: str = ""

    def __bool__(self) -> bool:
        return bool(self.date or self.committee or self.item)


def parse_minutes_page(*, content: bytes | str, named: NamedMeeting | None = None) -> ImportedIssue:
    """Every meeting and item the page records, of whichever kind it is."""
    page = page_lines(content)
    named = named or NamedMeeting()
    kind = page_kind(page.lines)
    warnings: list[str] = []
    reader = {
        "issue": _issue,
        "agenda_item": _issue,
        "decision": _decision,
        "agenda": _meeting_page,
        "minutes": _meeting_page,
        "item": _fragment,
    }[kind]
    title, meetings = reader(page=page, named=named, warnings=warnings, kind=kind)
    figures = next(
        (
            stated
            for meeting in meetings
            for item in meeting.items
            if (stated := parse_stated_figures(text=item.minutes_text()))
        ),
        None,
    )
    return ImportedIssue(
        title=title,
        committee=meetings[0].committee,
        meetings=tuple(meetings),
        stated_figures=figures,
        kind=kind,
        warnings=tuple(warnings),
    )


def page_kind(lines: list[str]) -> str:
    """Which ModernGov page this is: by its heading, else by the lines only one kind has."""
    for line in [line for line in lines if line][:40]:
        heading = _heading_of(line)
        if heading.startswith(ISSUE_HEADINGS):
            return "issue"
        if heading == "agenda item" or heading.startswith("agenda item - "):
            return "agenda_item"
        if heading.startswith(DECISION_HEADINGS):
            return "decision"
        if heading in AGENDA_HEADINGS:
            if heading.endswith("minutes") and any(_MINUTES_OF.match(x) for x in lines):
                return "minutes"
            return "agenda"
    meeting_lines = decision_maker = minutes_of = False
    for line in lines:
        meeting_lines = meeting_lines or bool(_MEETING_START.match(line))
        decision_maker = decision_maker or bool(_DECISION_MAKER.match(line))
        minutes_of = minutes_of or bool(_MINUTES_OF.match(line))
    if decision_maker:
        return "decision"
    if meeting_lines:
        return "issue"
    if minutes_of:
        return "minutes"
    return "item"


def _heading_of(line: str) -> str:
    return " ".join(line.lower().replace("\u2013", "-").replace("\u2014", "-").split()).rstrip(" :")


# Issue and agenda item pages ------------------------------------------------------------


def _issue(*, page: PageText, named: NamedMeeting, warnings: list[str], kind: str):
    lines = page.lines
    starts = [index for index, line in enumerate(lines) if _MEETING_START.match(line)]
    if not starts:
        return _fragment(page=page, named=named, warnings=warnings, kind=kind)
    title = _title_before(lines, starts[0])
    meetings: list[ImportedMeeting] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        date, committee, number = _meeting_line(page, start, named)
        body_start = _next_text(lines, start + 1, end)
        heading_documents: list[ImportedDocument] = []
        item_title = ""
        if body_start < end and (heading := _heading_at(lines, body_start, end)):
            heading_number, heading_title, document, after = heading
            if not number or _same_number(heading_number, number):
                number = number or heading_number
                item_title = heading_title
                if document:
                    heading_documents.append(with_url(document, page, after - 1))
                body_start = after
        elif body_start < end and _same_title(lines[body_start], title):
            # An agenda item page prints the item's title again above its papers.
            body_start += 1
        number = number or named.item
        if not number:
            raise ImportRefused(
                page.place(start),
                "the meeting line names no item ('(Item N)'), and none was given: name it "
                "(--item, or the item on the import page)" + page.note,
            )
        item = read_item(
            page=page,
            number=number,
            title=item_title or title,
            heading_documents=heading_documents,
            body=range(body_start, end),
            unlabelled="minutes",
            warnings=warnings,
        )
        meetings.append(
            ImportedMeeting(source_id="", committee=committee, date=date, items=(item,))
        )
    return title, meetings


def _meeting_line(page: PageText, index: int, named: NamedMeeting):
    """(date, committee, item number) of "Meeting: 16/09/2024 - Committee (Item 27)"."""
    place = page.place(index)
    rest = re.sub(r"^\s*Meeting\s*:\s*", "", page.lines[index], flags=re.IGNORECASE)
    item = _ITEM_SUFFIX.search(rest)
    number = item.group("item") if item else ""
    if item:
        rest = rest[: item.start()].strip()
    try:
        found = find_date(rest)
    except ValueError as error:
        raise ImportRefused(place, f"{error}{page.note}") from None
    committee = ""
    if found is not None and found[1].start() < 12:
        after = _TIME.sub("", rest[found[1].end() :], count=1)
        committee = _DASH.sub("", after, count=1).strip()
    if found is None or not committee:
        if found is not None and named.committee:
            return found[0], named.committee, number
        raise ImportRefused(
            place,
            "a meeting line must read 'Meeting: dd/mm/yyyy - Committee name (Item N)'" + page.note,
        )
    return found[0], committee, number


def _title_before(lines: list[str], end: int) -> str:
    """The page's title: the last line with text before ``end`` that is not the page's
    heading (with ModernGov's heading and a skip link taken off when they share its line)."""
    for index in range(end - 1, -1, -1):
        line = lines[index]
        if not line:
            continue
        heading = _heading_of(line)
        if heading in PAGE_HEADINGS:
            return ""
        for prefix in (*ISSUE_HEADINGS, "agenda item", *DECISION_HEADINGS):
            if heading.startswith(prefix + " - "):
                return line[len(prefix) + 3 :].strip()
        return line
    return ""


def _next_text(lines: list[str], start: int, end: int) -> int:
    while start < end and not lines[start]:
        start += 1
    return start


def _same_number(a: str, b: str) -> bool:
    return a.lower().rstrip(".") == b.lower().rstrip(".")


# Decision pages -------------------------------------------------------------------------


def _decision(*, page: PageText, named: NamedMeeting, warnings: list[str], kind: str):
    lines = page.lines
    maker = decided_at = decision_date = None
    for index, line in enumerate(lines):
        if maker is None and (match := _DECISION_MAKER.match(line)):
            maker = (index, match.group("who").strip())
        elif decided_at is None and (
            _DECIDED_AT.match(line) or (_MEETING_OF.match(line) and _has_date(line))
        ):
            decided_at = index
        elif decision_date is None and _DECISION_DATE.match(line):
            decision_date = index
    first_field = min(
        (
            i
            for i, line in enumerate(lines)
            if _DECISION_FIELD.match(line) or _is_decision_label(line)
        ),
        default=len(lines),
    )
    title = _title_before(lines, first_field)
    date, committee, number = None, "", ""
    if decided_at is not None:
        date, committee, number = _meeting_of(page, decided_at)
    if date is None and decision_date is not None:
        date = _date_at(page, decision_date)
    committee = committee or (maker[1] if maker else "") or named.committee
    date = date or named.date
    number = number or named.item
    _require(page, date=date, committee=committee, number=number, at=first_field)
    item = read_item(
        page=page,
        number=number,
        title=title,
        heading_documents=[],
        body=_decision_body(lines),
        unlabelled="text",
        warnings=warnings,
        is_decision=True,
    )
    return title, [ImportedMeeting(source_id="", committee=committee, date=date, items=(item,))]


def _is_decision_label(line: str) -> bool:
    return bool(re.match(r"^(?:decisions?|purpose|content|minutes)\s*:", line, re.IGNORECASE))


def _decision_body(lines: list[str]) -> "_FieldFilter":
    """The lines from the first "Purpose:"/"Decision:" label to the record's footer."""
    start = next((i for i, line in enumerate(lines) if _is_decision_label(line)), len(lines))
    return _FieldFilter(lines, start)


class _FieldFilter:
    """The body lines of a decision page without its labelled fields ("Decision status:",
    "Report author:"), which are not the decision's wording; "Accompanying documents:" and
    what follows it are kept, as the item's papers."""

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines, self.start = lines, start

    def __iter__(self):
        skipping = False
        for index in range(self.start, len(self.lines)):
            line = self.lines[index]
            if _DECISION_FIELD.match(line) or _DECIDED_AT.match(line):
                skipping = True
                continue
            if _MEETING_OF.match(line) and _has_date(line):
                continue
            if _is_decision_label(line) or re.match(
                r"^(?:accompanying|supporting|background)\s+(?:documents?|papers?)", line, re.I
            ):
                skipping = False
            if not skipping:
                yield index


def _meeting_of(page: PageText, index: int):
    """(date, committee, item) of "Decided at meeting: 12/03/2025 - Cabinet (Item 9)" or
    "Meeting of Cabinet, Wednesday, 12th March, 2025 (Item 9)"."""
    line = page.lines[index]
    at = _DECIDED_AT.match(line)
    if at:
        rest = at.group("rest")
        item = _ITEM_SUFFIX.search(rest)
        number = item.group("item") if item else ""
        rest = rest[: item.start()] if item else rest
        try:
            found = find_date(rest)
        except ValueError as error:
            raise ImportRefused(page.place(index), f"{error}{page.note}") from None
        if found is None:
            return None, "", number
        before = rest[: found[1].start()].strip(" -\u2013\u2014,")
        after = _DASH.sub("", _TIME.sub("", rest[found[1].end() :], count=1), count=1).strip()
        return found[0], after or before, number
    return _meeting_of_sentence(page, index)


def _meeting_of_sentence(page: PageText, index: int):
    line = page.lines[index]
    match = _MEETING_OF.match(line)
    rest = match.group("rest") if match else line
    item = _ITEM_SUFFIX.search(rest)
    number = item.group("item") if item else ""
    rest = rest[: item.start()] if item else rest
    date = _date_at(page, index)
    held = _HELD.search(rest)
    committee = rest[: held.start()] if held else rest
    committee = committee.strip(" ,.-\u2013\u2014")
    if _has_date(committee):
        committee = ""
    return date, committee, number


def _date_at(page: PageText, index: int) -> datetime.date | None:
    try:
        found = find_date(page.lines[index])
    except ValueError as error:
        raise ImportRefused(page.place(index), f"{error}{page.note}") from None
    return found[0] if found else None


def _has_date(line: str) -> bool:
    try:
        return find_date(line) is not None
    except ValueError:
        return True


def _require(page: PageText, *, date, committee, number, at: int) -> None:
    missing = [
        what
        for what, value, option in (
            ("its date", date, "--meeting-date"),
            ("its committee", committee, "--committee"),
            ("the item's number", number, "--item"),
        )
        if not value
    ]
    if missing:
        options = ", ".join(
            option
            for option, value in (
                ("--meeting-date", date),
                ("--committee", committee),
                ("--item", number),
            )
            if not value
        )
        place = page.place(min(at, len(page.lines) - 1)) if at < len(page.lines) else "line 1"
        raise ImportRefused(
            place,
            "no 'Meeting: dd/mm/yyyy - Committee (Item N)' line says which meeting the page "
            f"records, and it does not give {_joined(missing)}: name the meeting ({options}, "
            "or the choices on the import page)" + page.note,
        )


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# Agenda and printed minutes ---------------------------------------------------------------


def _meeting_page(*, page: PageText, named: NamedMeeting, warnings: list[str], kind: str):
    lines = page.lines
    headings = _item_headings(lines)
    header_end = headings[0][0] if headings else len(lines)
    date, committee = _meeting_header(page, header_end)
    date = date or named.date
    committee = committee or named.committee
    if not headings:
        if named.item:
            return _fragment(page=page, named=named, warnings=warnings, kind=kind)
        raise ImportRefused(
            page.place(header_end - 1 if header_end else 0),
            "the page lists no numbered item ('27 Title' or '27. Title')" + page.note,
        )
    _require(page, date=date, committee=committee, number="-", at=header_end)
    labelled = any(re.match(r"^minutes\s*:", line, re.IGNORECASE) for line in lines)
    unlabelled = "minutes" if kind == "minutes" or not labelled else "text"
    if kind == "agenda" and not labelled:
        unlabelled = "minutes" if _minutes_like(lines) else "text"
    end = _close(lines, headings[-1][1])
    items = []
    for position, (start, body_start, number, title, document) in enumerate(headings):
        stop = headings[position + 1][0] if position + 1 < len(headings) else end
        items.append(
            read_item(
                page=page,
                number=number,
                title=title,
                heading_documents=[with_url(document, page, start)] if document else [],
                body=range(body_start, stop),
                unlabelled=unlabelled,
                warnings=warnings,
            )
        )
    meeting = ImportedMeeting(source_id="", committee=committee, date=date, items=tuple(items))
    return f"{committee}, {date:%d/%m/%Y}", [meeting]


def _minutes_like(lines: list[str]) -> bool:
    return any(is_heading(line=line) for line in lines)


def _meeting_header(page: PageText, end: int) -> tuple[datetime.date | None, str]:
    """The meeting's date and committee from the lines above the first item."""
    lines = page.lines
    date, committee = None, ""
    previous = ""
    for index in range(min(end, len(lines))):
        line = lines[index]
        if not line:
            continue
        heading = _heading_of(line)
        if heading in PAGE_HEADINGS:
            continue
        if _MEETING_OF.match(line) and _has_date(line):
            found_date, found_committee, _ = _meeting_of_sentence(page, index)
            return found_date, found_committee or committee or _committee_like(previous)
        if (
            date is None
            and _has_date(line)
            and not re.match(
                r"^(?:venue|contact|published|date\s+of\s+publication|issue\s+date)\b", line, re.I
            )
        ):
            date = _date_at(page, index)
            found = find_date(line)
            before = line[: found[1].start()].strip(" -\u2013\u2014,") if found else ""
            before = re.sub(r"\s+(?:on|held\s+on)$", "", before, flags=re.IGNORECASE)
            committee = committee or (before if before and _COMMITTEE_WORD.search(before) else "")
            committee = committee or _committee_like(previous)
        elif not committee and _COMMITTEE_WORD.search(line) and len(line) < 120 and ":" not in line:
            committee = line if date is None else committee
        previous = line
    return date, committee


def _committee_like(line: str) -> str:
    return line if line and len(line) < 120 and _COMMITTEE_WORD.search(line) else ""


def _item_headings(lines: list[str]):
    """(heading line, first body line, number, title, document) of each numbered item:
    numbers that rise, titles in capitals or title case, never a resolution's part."""
    found = []
    last = -1.0
    in_resolution = False
    previous = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        heading = _heading_at(lines, index, len(lines))
        if heading and _is_item(
            heading[:3], last=last, in_resolution=in_resolution, previous=previous
        ):
            body_start = heading[3]
            found.append((index, body_start, heading[0], heading[1], heading[2]))
            last = _numeric(heading[0])
            in_resolution = False
            previous = ""
            index = body_start
            continue
        if is_heading(line=line):
            in_resolution = True
        elif in_resolution and not re.match(r"^\s*(?:\(\w{1,5}\)|\w{1,5}[.)])\s", line):
            in_resolution = False
        previous = line
        index += 1
    return found


def _heading_at(lines: list[str], index: int, end: int):
    """(number, title, document, first body line) of the item heading at ``index``: "27
    Title pdf icon PDF 556 KB" on one line, or the number on a line of its own (an HTML
    table's first cell) and the title on the next."""
    heading = split_heading(lines[index])
    if heading is None:
        return None
    number, title, document = heading
    if title or document is not None:
        return number, title, document, index + 1
    following = _next_text(lines, index + 1, min(index + 3, end))
    if following >= end or not lines[following] or HEADING_NUMBER.match(lines[following]):
        return None
    document = parse_document_line(line=lines[following])
    title = document.title if document else icon_free(lines[following])
    return number, title, document, following + 1


def _same_title(line: str, title: str) -> bool:
    return bool(title) and " ".join(line.lower().split()) == " ".join(title.lower().split())


def _is_item(heading, *, last: float, in_resolution: bool, previous: str) -> bool:
    number, title, document = heading
    value = _numeric(number)
    if value < last or (value == last and not re.search(r"[a-z(]", number, re.IGNORECASE)):
        return False
    if not title or len(title) > 200:
        return False
    first = title[0]
    if not (first.isupper() or first.isdigit() or first in "\"'\u201c\u2018("):
        return False
    if re.match(r"^(?:that|the\s+committee|members|officers)\b", title, re.IGNORECASE):
        return False
    if title.endswith((";", ",", "; and", "; or")) or title.lower().endswith((" and", " or")):
        return False
    if re.search(r"\b(?:be|is|are|was|were|has|had|have|would|will)\b", title) and not document:
        # Wording of a sentence (a resolution's part, a numbered paragraph), not a title.
        return bool(title.isupper())
    return not (in_resolution and previous.rstrip().endswith((";", ":", ",", "and")))


def _numeric(number: str) -> float:
    digits = re.match(r"\d+(?:\.\d+)?", number)
    return float(digits.group(0)) if digits else -1.0


def _close(lines: list[str], start: int) -> int:
    """Where the printed minutes end: "The meeting closed at 7.45 pm", the Chair's line."""
    for index in range(start, len(lines)):
        if lines[index] and _CLOSE.match(lines[index]):
            return index
    return len(lines)


# An item's body on its own --------------------------------------------------------------


def _fragment(*, page: PageText, named: NamedMeeting, warnings: list[str], kind: str):
    lines = page.lines
    first = _next_text(lines, 0, len(lines))
    number, title, documents = named.item, "", []
    body_start = first
    if first < len(lines) and (heading := split_heading(lines[first])) and heading[1]:
        number = number or heading[0]
        title = heading[1]
        documents = [with_url(heading[2], page, first)] if heading[2] else []
        body_start = first + 1
    elif first < len(lines) and _looks_like_title(lines[first]):
        title = lines[first]
        body_start = first + 1
    _require(page, date=named.date, committee=named.committee, number=number, at=0)
    item = read_item(
        page=page,
        number=number,
        title=title,
        heading_documents=documents,
        body=range(body_start, len(lines)),
        unlabelled="minutes",
        warnings=warnings,
    )
    meeting = ImportedMeeting(
        source_id="", committee=named.committee, date=named.date, items=(item,)
    )
    return title, [meeting]


def _looks_like_title(line: str) -> bool:
    """A short first line that is not a sentence, a label or a decision."""
    return (
        len(line) <= 150
        and not re.search(r"[.:;]$", line)
        and not is_heading(line=line)
        and not re.match(r"^(?:minutes|decision|moved|proposed)\b", line, re.IGNORECASE)
        and parse_document_line(line=line) is None
    )
