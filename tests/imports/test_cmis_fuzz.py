"""Whatever a saved CMIS page holds, the reader returns a meeting or refuses it naming the
line (or the file), and the importer writes the meeting whole or not at all."""

import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.imports.cmis_page import parse_cmis_page
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.writers import RecordImporter
from tests.imports.test_cmis_page import CMIS
from tests.imports.test_writer_properties import _import_or_refuse, _mutate

PROFILE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PAGES = {
    path.name: path.read_bytes().decode("utf-16" if "utf16" in path.name else "utf-8")
    for path in sorted(CMIS.iterdir())
}
PLACE = re.compile(r"^(?:line [1-9]\d*|file|text)$")

_TOKENS = st.sampled_from(
    [
        "Committee: Cabinet\n",
        "Committee:\n",
        "Date/Time: 31 Feb 2024 - 10:00\n",
        "Date/Time: 14 Jan 2025 - 25:99\n",
        "Date: Monday 22 July 2024\n",
        "Time: 13.75 pm\n",
        "Agenda item 5 - Repairs\n",
        "Agenda item 5 - Repairs\n",
        "Item 3. | Title\n",
        "Item 4.\n",
        "Agenda item " + "9" * 5 + " x\n",
        "Documents:\n",
        "Minutes:\n",
        "Decision:\n",
        "Report Download (PDF, 456Kb)\n",
        "x" * 500 + " (PDF, 9999999 GB)\n",
        "RESOLVED that:\n1) a\n2) b\n",
        "Moved by Councillor A B and seconded by Councillor C D\n",
        "The Head of Finance would contact officers within a fortnight.\n",
        "The Clerk to send it by 31 February.\n",
        "ACTION: do it (" + "Director " * 30 + ")\n",
        "<h3>Agenda item 2</h3>",
        '<a href="javascript:alert(1)">Doc</a> (1Kb)',
        '<a href="https://example.gov.uk/' + "a" * 300 + '">Doc</a> (1Kb)',
        "<base href='::::'>",
        "<ol start='99999999'><li>",
        "<script>",
        "</div>",
        "Powered by CMIS\n",
        "\x00",
        "\ufeff",
        "\n\n",
        " ",
    ]
)


def _refused_or_meeting(content) -> None:
    try:
        issue = parse_cmis_page(content=content)
    except ImportRefused as refused:
        assert PLACE.match(refused.place), refused.place
        assert refused.reason
        return
    (meeting,) = issue.meetings
    assert meeting.committee and meeting.items
    for item in meeting.items:
        assert item.number and item.title


@PROFILE
@given(name=st.sampled_from(sorted(PAGES)), data=st.data())
def test_a_mangled_page_is_read_or_refused_naming_its_line(name, data):
    page = _mutate(PAGES[name], data, _TOKENS)
    _refused_or_meeting(page)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    try:
        raw = page.encode(encoding)
    except UnicodeEncodeError:
        return
    _refused_or_meeting(raw)


@PROFILE
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused(raw):
    _refused_or_meeting(raw)


@pytest.mark.django_db
@PROFILE
@given(name=st.sampled_from(sorted(PAGES)), data=st.data())
def test_a_mangled_page_is_imported_whole_or_refused_whole(name, data):
    page = _mutate(PAGES[name], data, _TOKENS)
    with transaction.atomic():
        RecordImporter().import_issue(parse_cmis_page(content=PAGES[name]))
        _import_or_refuse(
            lambda: parse_cmis_page(content=page),
            lambda issue: RecordImporter().import_issue(issue),
        )
        transaction.set_rollback(True)
