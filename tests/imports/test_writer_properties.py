"""Whatever a council sends, the importer writes it or refuses it whole: never a crash,
never half an import."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.moderngov import parse_meeting
from scrutiny.imports.writers import RecordImporter
from tests.helpers import database_dump
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.django_db

PROFILE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SEED_PAGE = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")
MEETING_XML = (FIXTURES / "moderngov" / "GetMeeting_4567.xml").read_text(encoding="utf-8")

_PAGE_TOKENS = st.sampled_from(
    [
        "Meeting: 16/09/2024 - Customer Services Scrutiny Committee (Item 27)\n",
        "Meeting: 16/09/2024 - Cabinet (Item 4)\n",
        "Meeting: 17/09/2024 - " + "Long Committee " * 20 + "(Item 1)\n",
        "27 " + "Very long title " * 30 + "pdf icon PDF 1 KB\n",
        "RESOLVED that: ",
        "1) ",
        "2) ",
        "Moved by Councillor Vicky Wapplington and seconded by Councillor Vicky Wapplington\n",
        "Moved by Councillor A B and seconded by Councillor C D\n",
        "Appendix " + "x" * 300 + " pdf icon PDF 5 KB\n",
        "ACTION: do it (" + "Director " * 30 + ")\n",
        "ACTION: (Director of ICT)\n",
        "would investigate this point. ",
        "9 out of these 13 recommendations had been achieved",
        "<p>",
        "\n\n",
        "\u2019",
        " ",
    ]
)
_XML_TOKENS = st.sampled_from(
    [
        "<",
        "&amp;",
        "]]>",
        "31/02/2024",
        "2024-09-17",
        "True",
        "maybe",
        "</agendaitem>",
        "<agendaitem><agendaitemid>1</agendaitemid></agendaitem>",
        "<attendee name='Councillor Phil Smith' attendance='Present'/>",
        "x" * 450,
        "javascript:alert(1)",
        "https://democracy.example.gov.uk/" + "a" * 250 + ".pdf",
        "",
    ]
)


def _mutate(text: str, data, tokens) -> str:
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        start = data.draw(st.integers(min_value=0, max_value=len(text)))
        end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 80)))
        text = text[:start] + data.draw(tokens) + text[end:]
    return text


def _import_or_refuse(read, importer_call) -> None:
    """Inside a rolled-back transaction: a refusal leaves the database as it was."""
    with transaction.atomic():
        try:
            records = read()
        except ImportRefused:
            transaction.set_rollback(True)
            return
        before = database_dump()
        try:
            importer_call(records)
        except ImportRefused as refusal:
            assert refusal.place and refusal.reason
            assert database_dump() == before
        transaction.set_rollback(True)


@PROFILE
@given(data=st.data())
def test_a_mangled_issue_page_is_imported_whole_or_refused_whole(data):
    page = _mutate(SEED_PAGE, data, _PAGE_TOKENS)
    with transaction.atomic():
        RecordImporter().import_issue(parse_minutes_page(content=SEED_PAGE))
        _import_or_refuse(
            lambda: parse_minutes_page(content=page),
            lambda issue: RecordImporter().import_issue(issue),
        )
        transaction.set_rollback(True)


@PROFILE
@given(data=st.data())
def test_a_mangled_moderngov_meeting_is_imported_whole_or_refused_whole(data):
    xml = _mutate(MEETING_XML, data, _XML_TOKENS)
    with transaction.atomic():
        RecordImporter().import_meetings([parse_meeting(xml=MEETING_XML)])
        _import_or_refuse(
            lambda: [parse_meeting(xml=xml)],
            lambda meetings: RecordImporter().import_meetings(meetings),
        )
        transaction.set_rollback(True)
