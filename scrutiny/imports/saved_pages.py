"""Which reader a saved committee page needs: CMIS or ModernGov.

A council brings in pages its committee system published, saved as text or HTML. The two
widespread systems lay them out differently, so the page's own structure says which it is:
a ModernGov page names its meetings in "Meeting: dd/mm/yyyy - Committee" lines; a CMIS
page is addressed ``…/ctl/ViewMeetingPublic/…``, links its papers through
``Document.ashx`` or labels its meeting "Date/Time:" (``cmis_page.CMIS_MARKERS``). Any
other page goes to the ModernGov reader, whose refusal says what it looked for.
"""

import re

from scrutiny.imports.cmis_page import CMIS_MARKERS, parse_cmis_page
from scrutiny.imports.minutes_page import NamedMeeting, parse_minutes_page
from scrutiny.imports.records import ImportedIssue

_MODERNGOV_MEETING = re.compile(r"^\s*Meeting\s*:\s*\d{1,2}/\d{1,2}/\d{4}", re.I | re.M)
_SNIFF = 200_000  # how much of the page is looked at


def page_kind(*, content: bytes | str) -> str:
    """ "cmis" or "moderngov", from the page's structure."""
    if isinstance(content, bytes):
        head = content[:_SNIFF]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore")
    else:
        text = content[:_SNIFF]
    if _MODERNGOV_MEETING.search(text):
        return "moderngov"
    return "cmis" if CMIS_MARKERS.search(text) else "moderngov"


def parse_saved_page(*, content: bytes | str, named: NamedMeeting | None = None) -> ImportedIssue:
    """The page read by the reader its kind needs. `named` is the meeting the officer
    named, for a ModernGov page that does not say (a CMIS page always does)."""
    if page_kind(content=content) == "cmis":
        return parse_cmis_page(content=content)
    return parse_minutes_page(content=content, named=named)
