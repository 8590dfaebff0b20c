"""Read a saved CMIS meeting page (CMIS by Civica), as text or as full HTML.

CMIS publishes each meeting at an address like
``…/Meetings/tabid/73/ctl/ViewMeetingPublic/mid/410/Meeting/1234/Committee/56/Default.aspx``:
the site's own navigation, then the meeting's details as labelled fields, its papers, and
its agenda items, each with its papers, minutes and decision. The layout we rely on:

    Meeting Details
    Committee: Overview and Scrutiny Management Board   (or the label and value on two lines)
    Date/Time: 14 Jan 2025 - 14:00                      (or "Date:" and "Time:")
    Venue: Committee Room 6, Council House
    Status: Held
    Meeting Documents
    Agenda Frontsheet (PDF, 210Kb) Download
    Agenda item 5 - Local Plan Review                   (or "Item 5. …", "Agenda Item 5(a)")
    Documents:                                          (or "Supporting documents:", "Attachments:")
    Report of the Director of Place (PDF, 456Kb) Download
    Minutes:
    <minutes paragraphs, motions, resolutions, actions>
    Decision:
    <the decision, read as a resolution when the minutes hold none>

The page becomes one meeting with its items; the papers of the meeting as a whole (the
agenda pack, the printed minutes) have no item, so they are not imported. A paper's line
gives its title, format and size ("(PDF, 456Kb)", "PDF 456 KB", "(156Kb)", with or
without "Download"); in a page saved as HTML its link gives its address, resolved against
the address the page was saved from (its ``<base>``, canonical link or the browser's
"saved from url" note). An item whose title says it is exempt, confidential, private or
"not for publication" is imported restricted, so none of it reaches a public page. An
item with no title becomes "Untitled item N".

Anything we cannot read with confidence (a file that is not text, no committee, no date
or an impossible one, no agenda item) is refused with its line, counted in the page's
text (for HTML, the text the page shows), never guessed at.
"""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from scrutiny.core.uploads import oversize_reason
from scrutiny.imports.actions import parse_actions
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.html import list_label, text_to_html
from scrutiny.imports.month_names import MONTHS
from scrutiny.imports.records import (
    ImportedDocument,
    ImportedIssue,
    ImportedItem,
    ImportedMeeting,
    ImportedResolution,
)
from scrutiny.imports.resolutions import parse_motions, parse_resolutions

FORMATS = {
    "pdf": "pdf",
    "doc": "docx",
    "docx": "docx",
    "word": "docx",
    "xls": "xlsx",
    "xlsx": "xlsx",
    "excel": "xlsx",
    "ppt": "pptx",
    "pptx": "pptx",
    "powerpoint": "pptx",
    "rtf": "rtf",
    "htm": "html",
    "html": "html",
    "txt": "txt",
    "odt": "odt",
}
UNIT_KB = {"bytes": 1 / 1024, "byte": 1 / 1024, "b": 1 / 1024, "kb": 1, "mb": 1024, "gb": 1024**2}

# How a CMIS page is told apart from a ModernGov one (``saved_pages``).
CMIS_MARKERS = re.compile(
    r"ViewMeetingPublic|\bCMIS\b|Document\.ashx|^\s*Date\s*/\s*Time\s*:", re.IGNORECASE | re.M
)

_FIELD = re.compile(
    r"^(?P<label>Committee|Meeting\s+of|Date\s*/\s*Time|Date|Time|Venue|Location|Status)\s*:\s*"
    r"(?P<value>.*)$",
    re.IGNORECASE,
)
_NUMBER = r"(?P<number>\d{1,3}[A-Za-z]?(?:\.\d{1,2})?(?:\s?\([A-Za-z0-9]{1,3}\))?)"
# "Agenda item 5 Title" or "Item 5. Title" (a bare "Item" needs its separator, so minutes
# saying "Item 4 was deferred" start no item); a title starts with a capital or a digit.
_ITEM = re.compile(
    rf"^(?:(?i:agenda\s+item)\s+{_NUMBER}\s*(?:[.:)\-\u2013\u2014|]\s*)*"
    rf"|(?i:item)\s+{_NUMBER.replace('number', 'number_')}\s*(?:[.:)\-\u2013\u2014|]\s*)+)"
    r"(?P<title>(?:[A-Z0-9\u201c\"'(\u00a3].*)?)$"
)
_SECTION = re.compile(
    r"^(?P<name>(?:supporting\s+|additional\s+|meeting\s+)?documents?|attachments?|papers|minutes|"
    r"decisions?|agenda(?:\s+items?)?|attendance|meeting\s+details)\s*:?\s*$",
    re.IGNORECASE,
)
_DOCUMENT = re.compile(
    r"^(?P<title>.*?)[\s\-\u2013|]*"
    r"(?:\bdownload\b[\s|]*)?"
    r"\(?\s*(?:(?P<format>pdf|docx?|xlsx?|pptx?|rtf|html?|txt|odt|word|excel|powerpoint)"
    r"\s*(?:file)?\s*[,:\-]?\s*)?"
    r"(?P<size>\d{1,7}(?:\.\d{1,3})?)\s*(?P<unit>bytes?|kb|mb|gb)\s*\)?"
    r"(?:[\s|]*\bdownload\b)?\s*$",
    re.IGNORECASE,
)
_LEADING_FORMAT = re.compile(r"^(?P<format>pdf|docx?|xlsx?|pptx?|rtf|html?|txt|odt)\b\s*", re.I)
_FOOTER = re.compile(
    r"^(?:powered\s+by|copyright|\u00a9|back\s+to\s+top|accessibility\s+statement|privacy|"
    r"cookies?\b|terms\s+(?:and|&)\s+conditions|site\s+map|contact\s+us)",
    re.IGNORECASE,
)
_RESTRICTED = re.compile(
    r"\(\s*(?:exempt|confidential|private|not\s+for\s+publication)\b"
    r"|^(?:exempt|confidential|private)\s*(?:item|report|information|session|[:\-\u2013])"
    r"|\bnot\s+for\s+publication\b|\bexempt\s+information\b|\bschedule\s+12a\b",
    re.IGNORECASE | re.MULTILINE,
)
_DATE_WORDS = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})"
)
_DATE_NUMBERS = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b")
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.|noon)?(?![\w/])",
    re.IGNORECASE,
)
_SAVED_FROM = re.compile(r"saved\s+from\s+url=\(\d+\)(?P<url>https?://\S+?)\s*-->", re.I)
_HTML_HINT = re.compile(r"^\s*(?:<!doctype|<html|<head|<body|<div|<!--|<meta|<table)", re.I)
_UNTRUSTED_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# A link's text is written into its line as TEXT<LINK n>, so each document line keeps its
# address; the marker uses a character no saved page can hold (refused on input).
_LINK = "\x00"
_LINK_MARK = re.compile("\x00(\\d+)\x00")


def parse_cmis_page(*, content: bytes | str) -> ImportedIssue:
    """The meeting the page shows, as an issue without a title (so its items are linked
    to no issue), ready for ``RecordImporter.import_issue``."""
    text, links, note = _as_lines(content)
    lines = text.split("\n")
    fields, first_item = _fields(lines, note)
    committee = fields.get("committee", ("", 0))[0]
    if not committee:
        raise ImportRefused(
            "line 1",
            "no 'Committee:' line was found, so the meeting's committee is not known" + note,
        )
    date, time = _when(fields, note)
    if first_item is None:
        raise ImportRefused(
            f"line {len(lines)}",
            "no 'Agenda item N' heading was found, so there is nothing to import" + note,
        )
    items = _items(lines, first_item, links, meeting_date=date, note=note)
    meeting = ImportedMeeting(
        source_id="",
        committee=committee,
        date=date,
        time=time,
        venue=fields.get("venue", ("", 0))[0],
        status=fields.get("status", ("", 0))[0],
        items=tuple(items),
    )
    return ImportedIssue(title="", committee=committee, meetings=(meeting,))


def _as_lines(content: bytes | str) -> tuple[str, list[str], str]:
    """The page as lines of text, the links its lines mark, and how lines are counted."""
    if isinstance(content, bytes):
        if reason := oversize_reason(len(content)):
            raise ImportRefused("file", reason)
        content = _decode(content)
    if reason := oversize_reason(len(content.encode("utf-8", "surrogatepass"))):
        raise ImportRefused("text", reason)
    if "\x00" in content:
        line = content[: content.index("\x00")].count("\n") + 1
        raise ImportRefused(f"line {line}", "the file is binary, not a text or HTML page")
    if not content.strip():
        raise ImportRefused("line 1", "the file is empty")
    if _HTML_HINT.match(content):
        parser = _PageParser()
        parser.feed(content)
        parser.close()
        base = parser.base or (m.group("url") if (m := _SAVED_FROM.search(content)) else "")
        links = [_absolute(href, base) for href in parser.links]
        return parser.text(), links, " (lines counted in the text of the HTML page)"
    lines = (_UNTRUSTED_SPACE.sub(" ", line).strip() for line in content.splitlines())
    return "\n".join(lines), [], ""


def _decode(content: bytes) -> str:
    """UTF-8 (with or without its mark) or UTF-16 with its mark, as browsers and Notepad
    save; anything else is refused with the line of the first byte that is not text."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused("file", "the file says it is UTF-16 but is not") from None
    if b"\x00" in content:
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        raise ImportRefused(f"line {line}", "the file is binary, not a text or HTML page")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRefused(
            f"line {line}", "the file is not UTF-8 text (save the page as UTF-8 and retry)"
        ) from None


def _absolute(href: str, base: str) -> str:
    """An address the public can follow, or "" (relative with no base, or not http)."""
    try:
        url = urljoin(base, href.strip()) if base else href.strip()
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") and len(url) <= 1000 else ""


def _fields(lines: list[str], note: str) -> tuple[dict[str, tuple[str, int]], int | None]:
    """The meeting's labelled fields before its first item, and that item's line."""
    fields: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines):
        plain_line = _LINK_MARK.sub("", line).strip()
        if _ITEM.match(plain_line):
            return fields, number
        match = _FIELD.match(plain_line)
        if match is None:
            continue
        label = " ".join(match.group("label").lower().replace("/", " / ").split())
        label = {
            "date / time": "datetime",
            "meeting of": "committee",
            "location": "venue",
        }.get(label, label)
        value = match.group("value").strip(" |")
        if not value:  # the value on the next line, as an HTML page's label and value are
            value = next(
                (
                    _LINK_MARK.sub("", later).strip(" |")
                    for later in lines[number + 1 : number + 3]
                    if later.strip()
                ),
                "",
            )
            if _FIELD.match(value) or _ITEM.match(value):
                value = ""
        if label not in fields and value:
            fields[label] = (" ".join(value.split())[:400], number + 1)
    return fields, None


def _when(
    fields: dict[str, tuple[str, int]], note: str
) -> tuple[datetime.date, datetime.time | None]:
    stated, line = fields.get("datetime") or fields.get("date") or ("", 1)
    if not stated:
        raise ImportRefused(
            "line 1",
            "no 'Date/Time:' or 'Date:' line was found, so the meeting's day is not known" + note,
        )
    place = f"line {line}"
    match = _DATE_WORDS.search(stated) or _DATE_NUMBERS.search(stated)
    if match is None:
        raise ImportRefused(place, f"the meeting's date {stated[:60]!r} could not be read" + note)
    month = match.group("month")
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower())
    try:
        if month_number is None:
            raise ValueError
        date = datetime.date(int(match.group("year")), month_number, int(match.group("day")))
    except ValueError:
        raise ImportRefused(
            place, f"the meeting date {match.group(0)!r} is not a real date" + note
        ) from None
    time_text = stated[match.end() :]
    if "time" in fields:
        time_text = fields["time"][0]
    return date, _time(time_text)


def _time(text: str) -> datetime.time | None:
    for match in _TIME.finditer(text):
        hour = int(match.group("hour"))
        minute = int(match.group("minute") or 0)
        half = (match.group("half") or "").lower().replace(".", "")
        if not match.group("minute") and not half:
            continue  # a bare number is not a time
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return datetime.time(hour, minute)
    return None


def _items(
    lines: list[str], first: int, links: list[str], *, meeting_date: datetime.date, note: str
) -> list[ImportedItem]:
    starts = [
        n for n in range(first, len(lines)) if _ITEM.match(_LINK_MARK.sub("", lines[n]).strip())
    ]
    items: list[ImportedItem] = []
    seen: set[str] = set()
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        item = _item(lines, start, end, links, meeting_date=meeting_date)
        key = " ".join(item.number.lower().split())
        if key in seen:
            raise ImportRefused(
                f"line {start + 1}", f"agenda item {item.number} is listed twice on the page" + note
            )
        seen.add(key)
        items.append(item)
    return items


def _item(
    lines: list[str], start: int, end: int, links: list[str], *, meeting_date: datetime.date
) -> ImportedItem:
    heading = _ITEM.match(_LINK_MARK.sub("", lines[start]).strip())
    assert heading is not None
    number = "".join((heading.group("number") or heading.group("number_")).split())
    title = heading.group("title").strip(" -\u2013\u2014|:.")
    section = "papers"
    documents: list[ImportedDocument] = []
    parts: dict[str, list[str]] = {"minutes": [], "decision": [], "papers": []}
    for raw in lines[start + 1 : end]:
        line = raw.strip()
        plain_line = _LINK_MARK.sub("", line).strip()
        if _FOOTER.match(plain_line):
            break
        heading_match = _SECTION.match(plain_line)
        if heading_match:
            name = heading_match.group("name").lower()
            section = (
                "minutes"
                if name.startswith("minutes")
                else "decision"
                if name.startswith("decision")
                else "papers"
            )
            continue
        if not plain_line:
            if parts[section]:
                parts[section].append("")
            continue
        if section == "papers":
            document = _document(line, links)
            if document is not None:
                documents.append(document)
            elif not title:
                title = plain_line
            else:
                parts["papers"].append(plain_line)
            continue
        parts[section].append(plain_line)
    minutes = "\n".join(parts["minutes"]).strip()
    decision = "\n".join(parts["decision"]).strip()
    resolutions = parse_resolutions(text=minutes) if minutes else []
    if not resolutions and decision:
        resolutions = parse_resolutions(text=decision)
        if not resolutions:
            resolutions = parse_resolutions(text="RESOLVED:\n" + decision)
        if not resolutions:
            resolutions = [ImportedResolution(kind="resolved", parts=(" ".join(decision.split()),))]
    recorded = minutes or decision
    title = " ".join(title.split())[:400] or f"Untitled item {number}"
    return ImportedItem(
        number=number,
        title=title,
        text=text_to_html(text="\n".join(parts["papers"])),
        minutes=text_to_html(text=recorded),
        restricted=bool(
            _RESTRICTED.search(title) or _RESTRICTED.search("\n".join(parts["papers"]))
        ),
        documents=tuple(documents),
        motions=tuple(parse_motions(text=recorded)),
        resolutions=tuple(resolutions),
        actions=tuple(parse_actions(text=recorded, meeting_date=meeting_date)),
        is_decision=bool(decision),
    )


def _document(line: str, links: list[str]) -> ImportedDocument | None:
    """A paper's line as a document, or None when the line gives no size."""
    marks = [int(found) for found in _LINK_MARK.findall(line)]
    plain_line = " ".join(_LINK_MARK.sub("", line).split())
    match = _DOCUMENT.match(plain_line)
    if match is None:
        return None
    title = match.group("title").strip(" -\u2013\u2014|:,(")
    format_ = (match.group("format") or "").lower()
    leading = _LEADING_FORMAT.match(title)
    if leading and len(title) > leading.end():
        format_ = format_ or leading.group("format").lower()
        title = title[leading.end() :]
    url = next((links[mark] for mark in marks if mark < len(links) and links[mark]), "")
    named = title.rsplit(".", 1)[-1].lower() if "." in title else ""
    format_ = format_ or (named if named in FORMATS else "")
    if not format_:
        extension = (
            urlsplit(url).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(url).path else ""
        )
        format_ = extension if extension in FORMATS else ""
    title = re.sub(r"\s*\bdownload\b\s*$", "", title, flags=re.I).strip(" -\u2013\u2014|:,(")
    if not title:
        return None
    size = float(match.group("size")) * UNIT_KB[match.group("unit").lower()]
    return ImportedDocument(
        title=title[:300],
        format=FORMATS.get(format_, ""),
        size_kb=max(1, round(size)) if size else 0,
        url=url,
    )


class _PageParser(HTMLParser):
    """The page's text, a line per block and table cells joined by " | ", skipping
    scripts, styles, navigation and hidden parts; each link's text is followed by its
    mark, and a file-type icon's alternative text ("pdf") is kept."""

    _BLOCKS = frozenset(
        {"p", "div", "br", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
        | {"blockquote", "section", "article", "header", "footer", "pre", "dl", "dt", "dd"}
        | {"hr", "form", "fieldset", "label"}
    )
    _SKIPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object", "nav"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.links: list[str] = []
        self.skipping = 0
        self.href: str | None = None
        self.base = ""
        self.cells = 0
        self.lists: list[list] = []  # [tag, next number, type]

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "base" and attributes.get("href"):
            self.base = self.base or attributes["href"]
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower():
            self.base = self.base or attributes.get("href", "")
        elif tag == "meta" and attributes.get("property", "").lower() == "og:url":
            self.base = self.base or attributes.get("content", "")
        if tag in self._SKIPPED or "display:none" in attributes.get("style", "").replace(" ", ""):
            if tag not in ("br", "img", "input", "meta", "link", "base", "hr"):
                self.skipping += 1
            return
        if self.skipping:
            if tag not in ("br", "img", "input", "meta", "link", "base", "hr"):
                self.skipping += 1
            return
        if tag in self._BLOCKS:
            self._break()
        if tag in ("ol", "ul"):
            start = attributes.get("start", "1")
            first = int(start) if start.isdecimal() and len(start) < 6 else 1
            self.lists.append([tag, first, attributes.get("type") or "1"])
        elif tag == "li" and self.lists and self.lists[-1][0] == "ol":
            self.current.append(
                f"{list_label(number=self.lists[-1][1], style=self.lists[-1][2])}. "
            )
            self.lists[-1][1] += 1
        if tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.current.append(" | ")
            self.cells += 1
        elif tag == "a":
            self.href = attributes.get("href")
        elif tag == "img":
            kind = attributes.get("class", "") + " " + attributes.get("src", "")
            alt = attributes.get("alt", "").strip()
            icon = "filetype" in kind.lower().replace("_", "") or "/icons/" in kind.lower()
            if icon and _LEADING_FORMAT.fullmatch(alt + " "):
                self.current.append(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "input", "meta", "link", "base", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag not in ("br", "img", "input", "meta", "link", "base", "hr"):
                self.skipping -= 1
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag == "a" and self.href is not None:
            self.links.append(self.href)
            self.current.append(f"{_LINK}{len(self.links) - 1}{_LINK}")
            self.href = None
        if tag in self._BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data.replace(_LINK, ""))

    def _break(self) -> None:
        line = _UNTRUSTED_SPACE.sub(" ", "".join(self.current).replace("\n", " ")).strip()
        self.lines.append(line)
        self.current = []

    def text(self) -> str:
        self._break()
        collapsed: list[str] = []
        for line in self.lines:
            if line or (collapsed and collapsed[-1]):
                collapsed.append(line)
        return "\n".join(collapsed)
