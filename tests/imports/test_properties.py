"""Whatever a council sends, a parser returns a result or refuses it with a place."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.html import html_to_text, sanitise_html
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.moderngov import parse_committees, parse_meeting, parse_meetings
from scrutiny.imports.resolutions import parse_motions, parse_resolutions, parse_stated_figures
from tests.imports.conftest import FIXTURES

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_PAGE = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")
MEETING_XML = (FIXTURES / "moderngov" / "GetMeeting_4567.xml").read_text(encoding="utf-8")

_TOKENS = st.sampled_from(
    [
        "Meeting: 16/09/2024 - Cabinet (Item 4)\n",
        "Meeting: 31/02/2024 - Cabinet (Item 4)\n",
        "Meeting: ",
        "RESOLVED that: ",
        "Resolved: (unanimously) That ",
        "RECOMMENDED \u2013 ",
        "1) ",
        "(a) ",
        "(i) ",
        "2. ",
        "Moved by Councillor A B and seconded by Councillor C D\n",
        "pdf icon PDF 556 KB\n",
        "Word 9999999 MB",
        "9 out of these 13 recommendations had been achieved",
        "would investigate this point. ",
        "ACTION: x (",
        "<p>",
        "</ol>",
        "<script>",
        "\n",
        "\n\n",
        "\x00",
        "\ufeff",
    ]
)
_TEXT = st.lists(st.one_of(_TOKENS, st.text(max_size=20)), max_size=40).map("".join)


def _cut_and_splice(source: str, data: st.DataObject) -> str:
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    return source[:start] + data.draw(_TEXT) + source[end:]


def _refused_or_result(parse, **kwargs) -> None:
    try:
        parse(**kwargs)
    except ImportRefused as refused:
        assert refused.place
        assert refused.reason


@PROFILE
@given(text=_TEXT)
def test_minutes_page_from_random_text(text):
    _refused_or_result(parse_minutes_page, content=text)


@PROFILE
@given(content=st.binary(max_size=400))
def test_minutes_page_from_random_bytes(content):
    _refused_or_result(parse_minutes_page, content=content)


@PROFILE
@given(data=st.data())
def test_minutes_page_from_a_damaged_real_page(data):
    _refused_or_result(parse_minutes_page, content=_cut_and_splice(SEED_PAGE, data))


@PROFILE
@given(text=_TEXT)
def test_text_readers_never_fail(text):
    parse_resolutions(text=text)
    parse_motions(text=text)
    parse_stated_figures(text=text)


@PROFILE
@given(html=st.one_of(_TEXT, st.text(max_size=200)))
def test_html_helpers_never_fail(html):
    assert "<script" not in sanitise_html(html=html).lower()
    html_to_text(html=html)


@PROFILE
@given(data=st.data())
def test_meeting_xml_damaged(data):
    _refused_or_result(parse_meeting, xml=_cut_and_splice(MEETING_XML, data))


@PROFILE
@given(content=st.one_of(st.binary(max_size=300), _TEXT))
def test_any_xml_answer(content):
    for parse in (parse_committees, parse_meetings, parse_meeting):
        _refused_or_result(parse, xml=content)
