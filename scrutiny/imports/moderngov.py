"""Read the XML of a council's ModernGov web service (``mgWebService.asmx``).

Most English councils publish their committee record through ModernGov, whose web
service answers three questions we need: which committees there are (GetCommittees),
when each met (GetMeetings) and what happened at a meeting (GetMeeting). The XML comes
from outside, so entities and external references are refused (defusedxml reads any
answer with a DOCTYPE, the only place they can be declared), HTML inside it is sanitised
before it goes anywhere, and every value we cannot read is refused with the path of the
element that holds it, e.g. "element meeting/agendaitems/agendaitem[3]/agendaitemid".

Restricted (exempt or confidential) items and documents are kept, marked
``restricted=True``; a document under a restricted item is restricted too, because the
publishing rules must never show it even if ModernGov flagged only the item.
"""

import datetime
import pyexpat
import re
import xml.etree.ElementTree as ET
from functools import cached_property
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from scrutiny.core.times import parse_time_of_day
from scrutiny.imports.actions import parse_actions
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.html import html_to_text, sanitise_html
from scrutiny.imports.records import (
    ImportedAttendee,
    ImportedCommittee,
    ImportedDocument,
    ImportedItem,
    ImportedMeeting,
)
from scrutiny.imports.resolutions import parse_motions, parse_resolutions

TRUE_WORDS = frozenset({"true", "1", "yes", "y"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", ""})
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_EXTENSION = re.compile(r"\.([A-Za-z][A-Za-z0-9]{1,4})$")
# What a document's own name may end in to say its format; a title ending ".Smith" says
# nothing, so a name is trusted only with one of these.
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "docm", "dot", "dotx", "odt", "rtf", "txt", "xls", "xlsx"}
    | {"xlsm", "ods", "csv", "ppt", "pptx", "odp", "jpg", "jpeg", "png", "gif", "tif"}
    | {"tiff", "zip", "msg", "eml", "mp3", "mp4", "xml", "json"}
)
# Extensions of the site's own pages, never a document's format: a link to one of these
# is a page that serves or converts the document.
PAGE_EXTENSIONS = frozenset({"aspx", "asp", "ashx", "htm", "html", "php", "jsp"})
# ModernGov's converter: a link to it is the document as PDF, whatever it was written in.
CONVERTERS = {"mgconvert2pdf.aspx": "pdf"}
# Query parameters that carry the document's own file name in a serving page's link.
_NAME_PARAMETERS = ("filename", "file", "name", "doc")
MINUTES_STATUSES = {
    "draft": "draft",
    "unconfirmed": "draft",
    "approved": "approved",
    "confirmed": "approved",
    "agreed": "approved",
    "published": "approved",
    "signed": "signed",
}


def parse_committees(*, xml: bytes | str) -> list[ImportedCommittee]:
    """Every committee in a GetCommittees answer, deleted and expired ones included."""
    tree = _Tree(xml)
    root = tree.locate("committees")
    return [
        ImportedCommittee(
            source_id=tree.required(committee, "committeeid"),
            title=tree.required(committee, "committeetitle"),
            deleted=tree.flag(committee, "committeedeleted"),
            expired=tree.flag(committee, "committeeexpired"),
            category=tree.text(committee, "committeecategory"),
        )
        for committee in root.findall("committee")
    ]


def parse_meetings(*, xml: bytes | str) -> list[ImportedMeeting]:
    """The meetings of one committee from a GetMeetings answer, without their items."""
    tree = _Tree(xml)
    root = tree.locate("getmeetings")
    committee = root if root.tag == "committee" else root.find("committee")
    committee_id = tree.text(committee, "committeeid") if committee is not None else ""
    committee_title = tree.text(committee, "committeetitle") if committee is not None else ""
    return [
        ImportedMeeting(
            source_id=tree.required(meeting, "meetingid"),
            committee=committee_title,
            committee_source_id=committee_id,
            date=tree.date(meeting, "meetingdate"),
            time=tree.time(meeting, "meetingtime"),
            status=tree.text(meeting, "meetingstatus"),
            webcast=tree.flag(meeting, "iswebcast"),
            webcast_url=_webcast_url(tree, meeting, base_url=""),
        )
        for container in root.iter("committeemeetings")
        for meeting in container.findall("meeting")
    ]


def parse_meeting(*, xml: bytes | str, committee: str = "", base_url: str = "") -> ImportedMeeting:
    """A GetMeeting answer: the meeting, its agenda items with documents and minutes, and
    who attended. ``committee`` names the committee when the answer does not; relative
    links are resolved against ``base_url`` (the council's ModernGov address)."""
    tree = _Tree(xml)
    meeting = tree.locate("meeting")
    items = meeting.find("agendaitems")
    attendees = meeting.find("attendees")
    minutes_status, minutes_published_on = _minutes_stage(tree, meeting)
    return ImportedMeeting(
        source_id=tree.required(meeting, "meetingid"),
        committee=tree.text(meeting, "committeetitle") or committee,
        committee_source_id=tree.text(meeting, "committeeid"),
        date=tree.date(meeting, "meetingdate"),
        time=tree.time(meeting, "meetingtime"),
        venue=tree.text(meeting, "meetinglocation"),
        status=tree.text(meeting, "meetingstatus"),
        webcast_url=_webcast_url(tree, meeting, base_url=base_url),
        agenda_published=tree.flag(meeting, "agendapublished"),
        minutes_published=tree.flag(meeting, "minutepublished"),
        minutes_status=minutes_status,
        minutes_published_on=minutes_published_on,
        items=tuple(
            _item(tree=tree, element=element, base_url=base_url)
            for element in ([] if items is None else items.findall("agendaitem"))
        ),
        attendees=tuple(
            _attendee(tree=tree, element=element)
            for element in ([] if attendees is None else attendees.findall("attendee"))
        ),
    )


# Where ModernGov answers give a meeting's webcast or recording, newest name first.
WEBCAST_ELEMENTS = ("webcastlink", "webcasturl", "meetingwebcastlink", "meetingwebcasturl")


def _webcast_url(tree: "_Tree", meeting: ET.Element, *, base_url: str) -> str:
    """The meeting's webcast or recording address, made absolute against the council's
    ModernGov address; "" when there is none or it is not an http(s) address (the page
    links to it as it is)."""
    for name in WEBCAST_ELEMENTS:
        address = tree.text(meeting, name)
        if address:
            try:
                address = urljoin(base_url, address) if base_url else address
            except ValueError as error:  # "http://[::1": urlsplit cannot read it
                raise ImportRefused(
                    tree._place(meeting, name),
                    f"{address[:60]!r} is not an address we can read ({error})",
                ) from None
            scheme = address.split(":", 1)[0].lower()
            if scheme in ("http", "https") and "://" in address and len(address) <= 500:
                return address
            return ""
    return ""


def _minutes_stage(tree: "_Tree", meeting: ET.Element) -> tuple[str, datetime.date | None]:
    """The minutes' stage and publication day as the answer states them: its own
    ``minutesstatus`` and ``minutespublisheddate`` when it has them, else what the meeting's
    printed minutes document says ("Printed draft minutes" is a draft; its publication
    date is theirs). ("", None) when the answer says neither: the importer then decides
    from ``minutepublished``, and leaves the day unknown rather than guess it."""
    status = ""
    word = tree.text(meeting, "minutesstatus")
    if word:
        status = MINUTES_STATUSES.get(" ".join(word.lower().split()), "")
        if not status:
            raise ImportRefused(
                tree._place(meeting, "minutesstatus"),
                f"expected Draft, Approved or Signed, found {word[:40]!r}",
            )
    published = None
    for name in ("minutespublisheddate", "minutepublisheddate"):
        if tree.text(meeting, name):
            published = tree.date(meeting, name)
            break
    documents = meeting.find("linkeddocuments")
    for document in [] if documents is None else documents.findall("linkeddoc"):
        title = tree.text(document, "title").lower()
        if "minutes" not in title:
            continue
        if not status:
            status = "draft" if "draft" in title else ""
        if published is None and tree.text(document, "publicationdate"):
            published = tree.date(document, "publicationdate")
        break
    return status, published


def _item(*, tree: "_Tree", element: ET.Element, base_url: str) -> ImportedItem:
    """One agenda item; resolutions, motions and actions are read from its minutes."""
    restricted = tree.flag(element, "isrestricted")
    minutes_html = sanitise_html(
        html=tree.text(element, "minutesnonemptyhtmlbody"), base_url=base_url
    )
    minutes_text = html_to_text(html=minutes_html)
    number = tree.text(element, "fulldisplaynumberformat").rstrip(".").strip()
    if not number:
        number = tree.text(element, "agendaitemnumber")
        sub = tree.text(element, "agendaitemsubnumber")
        number = f"{number}({sub})" if number and sub and sub != "0" else number
    label, comment = tree.text(element, "commentlabel2"), tree.text(element, "commenttext2")
    documents = element.find("linkeddocuments")
    text_html = sanitise_html(html=tree.text(element, "agendatext"), base_url=base_url)
    return ImportedItem(
        source_id=tree.required(element, "agendaitemid"),
        number=number,
        title=tree.text(element, "agendaitemtitle"),
        text=text_html,
        minutes=minutes_html,
        restricted=restricted,
        declarations=tree.integer(element, "declarationcount"),
        is_decision=tree.flag(element, "isdecision"),
        documents=tuple(
            _document(tree=tree, element=doc, base_url=base_url, item_restricted=restricted)
            for doc in ([] if documents is None else documents.findall("linkeddoc"))
        ),
        motions=tuple(parse_motions(text=minutes_text)),
        resolutions=tuple(parse_resolutions(text=minutes_text)),
        actions=tuple(parse_actions(text=minutes_text)),
        comments=((label, sanitise_html(html=comment, base_url=base_url)),) if comment else (),
        minutes_flattened=(minutes_html, minutes_text),
        text_flattened=(text_html, html_to_text(html=text_html)),
    )


def _document(
    *, tree: "_Tree", element: ET.Element, base_url: str, item_restricted: bool
) -> ImportedDocument:
    """A linked document; only http(s) links are kept (see ``document_format``)."""
    url = tree.text(element, "url")
    try:
        if url and base_url:
            url = urljoin(base_url, url)
        scheme, path, query = _address_parts(url)
    except ValueError as error:  # "http://[::1": urlsplit cannot read it
        raise ImportRefused(
            tree._place(element, "url"), f"{url[:60]!r} is not an address we can read ({error})"
        ) from None
    if scheme not in ("http", "https"):
        url, path, query = "", "", ""
    published = tree.text(element, "publicationdate")
    title = tree.text(element, "title")
    return ImportedDocument(
        source_id=tree.text(element, "attachmentid"),
        title=title,
        format=_format(name=tree.text(element, "filename") or title, path=path, query=query),
        url=url,
        restricted=item_restricted or tree.flag(element, "isrestricted"),
        published=tree.date(element, "publicationdate") if published else None,
        owner=tree.text(element, "ownertitle"),
    )


# A plain absolute http(s) address, as nearly every document link is. Its parts are read
# by one match, a fraction of urlsplit's time; anything else (another scheme, brackets,
# spaces or control characters, which urlsplit reads its own way) goes to urlsplit.
_PLAIN_ADDRESS = re.compile(
    r"(?P<scheme>[Hh][Tt][Tt][Pp][Ss]?)://[^/?#\[\]\x00-\x20\x7f]*"
    r"(?P<path>(?:/[^?#\x00-\x20\x7f]*)?)(?:\?(?P<query>[^#\x00-\x20\x7f]*))?(?:#[^\x00-\x20\x7f]*)?"
)


def _address_parts(url: str) -> tuple[str, str, str]:
    """The scheme (in lower case), path and query of ``url``, as urlsplit reads them;
    ValueError for an address urlsplit cannot read."""
    plain = _PLAIN_ADDRESS.fullmatch(url) if url.isascii() else None
    if plain:
        return plain["scheme"].lower(), plain["path"], plain["query"] or ""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.path, parts.query


def document_format(*, name: str, url: str) -> str:
    """A document's format, lower case ("pdf"), or "" when nothing says it: the document's
    own name ("Report.docx") first, then the file its link names, then what a converter
    the link goes through makes of it (``mgConvert2PDF.aspx`` serves PDF). A site page's
    extension ("aspx") is never a format."""
    _, path, query = _address_parts(url)
    return _format(name=name, path=path, query=query)


def _format(*, name: str, path: str, query: str) -> str:
    """``document_format`` of a link already split into its path and query."""
    page = unquote(path).rsplit("/", 1)[-1]
    named = [name.strip()]
    if query:
        named += [value for key, value in parse_qsl(query) if key.lower() in _NAME_PARAMETERS]
    for candidate in named:
        extension = _EXTENSION.search(candidate)
        if extension and extension.group(1).lower() in DOCUMENT_EXTENSIONS:
            return extension.group(1).lower()
    extension = _EXTENSION.search(page)
    if extension and extension.group(1).lower() not in PAGE_EXTENSIONS:
        return extension.group(1).lower()
    return CONVERTERS.get(page.lower(), "")


def _attendee(*, tree: "_Tree", element: ET.Element) -> ImportedAttendee:
    """An attendee; ModernGov puts the details in attributes, some versions in elements."""

    def value(name: str) -> str:
        return (element.get(name) or tree.text(element, name)).strip()

    return ImportedAttendee(
        name=value("name"),
        role=value("roledescription"),
        attendance=value("attendance"),
        party=value("politicalparty"),
        ward=value("ward"),
        member_id=value("memberid"),
    )


def _parse_xml(data: bytes) -> ET.Element:
    """The answer's root element. Entities, external references and everything else
    defusedxml guards against can only be declared in a DOCTYPE, so an answer without one
    is read by the standard library's C parser, three times quicker than defusedxml's
    Python one; an answer with one goes through defusedxml, which refuses what it must."""
    if _without_doctype(data):
        return ET.fromstring(data)  # noqa: S314 - no DOCTYPE: nothing to expand or fetch
    return SafeET.fromstring(data)


class _FirstElement(Exception):
    """Stops ``_without_doctype`` at the first element: the prolog is over."""


class _Doctype(Exception):
    """Stops ``_without_doctype`` at a DOCTYPE."""


def _first_element(*_: object) -> None:
    raise _FirstElement


def _doctype(*_: object) -> None:
    raise _Doctype


def _without_doctype(data: bytes) -> bool:
    """Whether expat reaches the first element of ``data`` without a DOCTYPE; reading stops
    there, so this costs microseconds. Anything unreadable before it (a bad encoding, a
    malformed prolog) is not proven safe: defusedxml then reads it as it always did, and
    its refusal is the one given."""
    parser = pyexpat.ParserCreate()
    parser.StartDoctypeDeclHandler = _doctype
    parser.StartElementHandler = _first_element
    try:
        parser.Parse(data, True)
    except _FirstElement:
        return True
    except Exception:  # a DOCTYPE, or any failure: the guarded path
        return False
    return False


class _Tree:
    """A parsed answer that can say where each element sits, for refusal messages."""

    def __init__(self, xml: bytes | str) -> None:
        try:
            self.root = _parse_xml(xml.encode("utf-8") if isinstance(xml, str) else xml)
        except ET.ParseError as error:
            line, column = getattr(error, "position", (1, 0))
            raise ImportRefused(
                f"line {line}, column {column + 1}", f"the XML is not well formed ({error})"
            ) from None
        except DefusedXmlException as error:
            raise ImportRefused(
                "document",
                f"the XML uses entities or external references, which we refuse ({error})",
            ) from None
        except (ValueError, LookupError) as error:
            raise ImportRefused("line 1", f"the XML could not be read ({error})") from None
        for element in self.root.iter():
            if isinstance(element.tag, str) and "}" in element.tag:
                element.tag = element.tag.rsplit("}", 1)[1]

    @cached_property
    def parents(self) -> dict[ET.Element, ET.Element]:
        """Each element's parent; only a refusal needs it, to say where the element sits."""
        return {child: parent for parent in self.root.iter() for child in parent}

    def locate(self, name: str) -> ET.Element:
        """The answer's main element: the root itself or its first child of that name."""
        if self.root.tag == name:
            return self.root
        found = self.root.find(name)
        if found is None:
            raise ImportRefused(f"element {self.root.tag}", f"expected a <{name}> element here")
        return found

    def path(self, element: ET.Element) -> str:
        steps = []
        while element is not None:
            parent = self.parents.get(element)
            step = str(element.tag)
            if parent is not None:
                same = [child for child in parent if child.tag == element.tag]
                if len(same) > 1:
                    step += f"[{same.index(element) + 1}]"
            steps.append(step)
            element = parent
        return "/".join(reversed(steps))

    def _place(self, element: ET.Element, name: str) -> str:
        return f"element {self.path(element)}/{name}"

    def text(self, element: ET.Element | None, name: str) -> str:
        child = None if element is None else element.find(name)
        if child is None:
            return ""
        if not len(child):  # nearly always: a leaf's own text is all its text
            return (child.text or "").strip()
        return "".join(child.itertext()).strip()

    def required(self, element: ET.Element, name: str) -> str:
        value = self.text(element, name)
        if not value:
            raise ImportRefused(f"element {self.path(element)}/{name}", "this value is missing")
        return value

    def flag(self, element: ET.Element, name: str) -> bool:
        value = self.text(element, name).lower()
        if value in TRUE_WORDS or value in FALSE_WORDS:
            return value in TRUE_WORDS
        raise ImportRefused(
            f"element {self.path(element)}/{name}", f"expected True or False, found {value[:40]!r}"
        )

    def integer(self, element: ET.Element, name: str) -> int:
        value = self.text(element, name)
        if not value:
            return 0
        if not value.isdecimal() or len(value) > 9:  # not isdigit: int() refuses "²"
            raise ImportRefused(
                f"element {self.path(element)}/{name}",
                f"expected a whole number, found {value[:40]!r}",
            )
        return int(value)

    def date(self, element: ET.Element, name: str) -> datetime.date:
        value = self.text(element, name)
        uk, iso = _UK_DATE.match(value), _ISO_DATE.match(value)
        if uk:
            day, month, year = (int(part) for part in uk.groups())
        elif iso:
            year, month, day = (int(part) for part in iso.groups())
        else:
            raise ImportRefused(
                self._place(element, name), f"expected a date as dd/mm/yyyy, found {value[:40]!r}"
            )
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ImportRefused(
                self._place(element, name), f"{value[:40]!r} is not a real date"
            ) from None

    def time(self, element: ET.Element, name: str) -> datetime.time | None:
        value = self.text(element, name)
        if not value:
            return None
        try:
            return parse_time_of_day(value, bare_hour=True)
        except ValueError:
            raise ImportRefused(
                self._place(element, name),
                f"expected a real time such as 18:30 or 6.30 pm, found {value[:40]!r}",
            ) from None
