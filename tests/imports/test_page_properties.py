"""Every kind of saved page, damaged any way, in any encoding: the reader returns a page
or refuses it with a line and a reason (never a crash), and the importer writes the page
whole or refuses it whole."""

import codecs
import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import NamedMeeting, parse_minutes_page
from scrutiny.imports.page_text import page_lines
from scrutiny.imports.writers import RecordImporter
from tests.helpers import database_dump
from tests.imports.pages.facts import PAGES

PROFILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# One page of each kind, as text and as HTML.
SEEDS = {
    name: "\n".join(page_lines((PAGES / name).read_bytes()).lines)
    if name.endswith(".txt")
    else (PAGES / name).read_bytes().decode("utf-8")
    for name in (
        "issue_housing_three_meetings.txt",
        "issue_parking_two_meetings.html",
        "agenda_item_lettered.txt",
        "decision_housing.txt",
        "decision_single.html",
        "agenda_customer_services.txt",
        "agenda_cabinet.html",
        "minutes_customer_services.txt",
        "minutes_audit.html",
        "item_body_only.txt",
    )
}
NAMED = NamedMeeting(
    date=datetime.date(2024, 11, 5), committee="Housing Scrutiny Committee", item="12"
)
_TOKENS = st.sampled_from(
    [
        "Meeting: 16/09/2024 - Cabinet (Item 4)\n",
        "Meeting: 31/02/2024 - Cabinet (Item 4)\n",
        "Meeting: Monday, 30th February, 2025 - Cabinet\n",
        "Meeting: \n",
        "Decision Maker: \n",
        "Decided at meeting: 12/13/2025 - Cabinet (Item 9)\n",
        "Minutes of a meeting of the Cabinet held on 1 January 2025\n",
        "Agenda and minutes\n",
        "Agenda item\n",
        "Decision details\n",
        "Minutes:\n",
        "Decision:\n",
        "Supporting documents:\n",
        "Additional documents:\n",
        "27. ",
        "3(a)\n",
        "99 " + "Very long title " * 30 + "\n",
        "RESOLVED (unanimously) that: ",
        "RECOMMENDED to Council that ",
        "The Executive RESOLVED:\n",
        "1) ",
        "(b) ",
        "Moved by Councillor A B and seconded by Councillor A B\n",
        "For 7, Against 2, Abstentions 1\n",
        "pdf icon PDF 556 KB\n",
        ", item 4 Word 12 MB\n",
        "Skip to main content",
        "Home > Council > Issue\n",
        "<div id='modgov'>",
        "<nav>",
        "</div>",
        '<a href="documents/s1/x.pdf">',
        "\n\n",
        "\u2019",
    ]
)
_TEXT = st.lists(st.one_of(_TOKENS, st.text(max_size=12)), max_size=30).map("".join)
_ENCODINGS = st.sampled_from(
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le", errors="surrogatepass"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be", errors="surrogatepass"),
        lambda text: text.encode("cp1252", errors="replace"),
    ]
)


def _damaged(data) -> str:
    text = SEEDS[data.draw(st.sampled_from(sorted(SEEDS)))]
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        start = data.draw(st.integers(min_value=0, max_value=len(text)))
        end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 120)))
        text = text[:start] + data.draw(_TEXT) + text[end:]
    return text


def _read(content, named):
    """A page, or None after a refusal that says where and why."""
    try:
        return parse_minutes_page(content=content, named=named)
    except ImportRefused as refusal:
        assert refusal.place == "file" or refusal.place.startswith(("line ", "text"))
        assert refusal.reason
        return None


@PROFILE
@given(data=st.data())
def test_any_damaged_page_in_any_encoding_is_read_or_refused_with_its_line(data):
    encode = data.draw(_ENCODINGS)
    named = data.draw(st.sampled_from([None, NAMED]))
    issue = _read(encode(_damaged(data)), named)
    if issue is not None:
        for meeting in issue.meetings:
            assert meeting.committee and meeting.date
            for item in meeting.items:
                assert item.number and item.title


@PROFILE
@given(content=st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_their_line(content):
    _read(content, NAMED)


@pytest.mark.django_db
@PROFILE
@given(data=st.data())
def test_a_damaged_page_is_imported_whole_or_refused_whole(data):
    issue = _read(_damaged(data), data.draw(st.sampled_from([None, NAMED])))
    if issue is None:
        return
    with transaction.atomic():
        before = database_dump()
        try:
            RecordImporter().import_issue(issue)
        except ImportRefused as refusal:
            assert refusal.place and refusal.reason
            assert database_dump() == before
        transaction.set_rollback(True)
