"""Generated ModernGov answers: the XML reader returns meetings or refuses naming the
element (or line) at fault, and an import of several meetings, one of them generated,
writes all of them or nothing (``tests/imports/test_properties.py`` damages real answers
at random; these build answers element by element, with the values councils get wrong)."""

import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.committees.models import Attendance, Document, Meeting
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov import parse_meeting
from scrutiny.imports.moderngov_client import FilesSource
from scrutiny.imports.moderngov_walk import stream_moderngov
from scrutiny.imports.writers import RecordImporter
from tests.helpers import assert_database_unchanged

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

_ODD = st.sampled_from(["", " ", "\x7f", "\u202e", "&amp;", "<![CDATA[x]]>", "é" * 300])
_DATES = st.one_of(
    st.sampled_from(["16/09/2024", "2024-09-16", "31/02/2024", "16/9/24", "", "soon"]),
    st.text(max_size=12),
)
_FLAGS = st.sampled_from(["True", "False", "1", "0", "", "Yes", "maybe"])
_TIMES = st.sampled_from(["18:00", "6.30 pm", "13pm", "25:00", "", "noon"])
_MINUTES = st.sampled_from(["", "Draft", "Approved", "Signed", "Published", "Soon"])
_ATTENDANCE = st.sampled_from(
    [
        "Present",
        "Expected",
        "Apologies",
        "Absent",
        "Present as substitute",
        "In attendance",
        "",
        "Virtually",
    ]
)
_URLS = st.sampled_from(
    [
        "https://d.example.gov.uk/mgConvert2PDF.aspx?ID=1",
        "/documents/s1/Report.docx",
        "javascript:alert(1)",
        "https://d.example.gov.uk/" + "a" * 300 + ".pdf",
        "",
        "http://[::1",
    ]
)
_WORDS = st.one_of(st.text(max_size=30), _ODD)
_IDS = st.one_of(st.sampled_from(["9001", "", "x" * 70]), st.text(max_size=6))


def _element(name: str, value: str) -> str:
    return f"<{name}>{escape(value)}</{name}>"


@st.composite
def meeting_answer(draw, meeting_id: str = "7001") -> str:
    items = []
    for number in range(draw(st.integers(0, 3))):
        documents = "".join(
            "<linkeddoc>"
            + _element("attachmentid", draw(_IDS))
            + _element("title", draw(_WORDS))
            + _element("url", draw(_URLS))
            + _element("isrestricted", draw(_FLAGS))
            + _element("publicationdate", draw(_DATES))
            + "</linkeddoc>"
            for _ in range(draw(st.integers(0, 2)))
        )
        items.append(
            "<agendaitem>"
            + _element("agendaitemid", draw(_IDS))
            + _element("agendaitemtitle", draw(_WORDS))
            + _element("fulldisplaynumberformat", draw(st.one_of(st.just(str(number + 1)), _WORDS)))
            + _element(
                "minutesnonemptyhtmlbody",
                draw(st.one_of(_WORDS, st.just("<p>RESOLVED that the report be noted.</p>"))),
            )
            + _element("declarationcount", draw(st.sampled_from(["0", "2", "-1", "²", ""])))
            + _element("isrestricted", draw(_FLAGS))
            + f"<linkeddocuments>{documents}</linkeddocuments></agendaitem>"
        )
    attendees = "".join(
        f"<attendee name={quoteattr(draw(_WORDS))} roledescription={quoteattr(draw(_WORDS))} "
        f"attendance={quoteattr(draw(_ATTENDANCE))}/>"
        for _ in range(draw(st.integers(0, 3)))
    )
    return (
        "<meeting>"
        + _element("meetingid", meeting_id)
        + "<committeetitle>Scrutiny Committee</committeetitle>"
        + _element("meetingdate", draw(_DATES))
        + _element("meetingtime", draw(_TIMES))
        + _element("meetingstatus", draw(st.sampled_from(["Held", "Cancelled", "", "Odd"])))
        + _element("minutepublished", draw(_FLAGS))
        + _element("minutesstatus", draw(_MINUTES))
        + _element("minutespublisheddate", draw(st.one_of(st.just(""), _DATES)))
        + f"<attendees>{attendees}</attendees><agendaitems>{''.join(items)}</agendaitems>"
        + "</meeting>"
    )


@PROFILE
@given(answer=meeting_answer())
def test_a_generated_answer_is_read_or_refused_naming_the_element(answer):
    try:
        parse_meeting(xml=answer)
    except ImportRefused as refused:
        assert refused.place.startswith(("element meeting", "line ")), refused.place
        assert refused.reason


GOOD = """<meeting><meetingid>{id}</meetingid><committeetitle>Scrutiny Committee</committeetitle>
<meetingdate>{day}/01/2024</meetingdate><meetingstatus>Held</meetingstatus>
<minutepublished>True</minutepublished>
<attendees><attendee name="Councillor A Person" roledescription="Chair"
attendance="Present"/></attendees>
<agendaitems><agendaitem><agendaitemid>{id}1</agendaitemid><agendaitemtitle>Budget</agendaitemtitle>
<fulldisplaynumberformat>1.</fulldisplaynumberformat>
<minutesnonemptyhtmlbody>&lt;p&gt;RESOLVED that the report be noted.&lt;/p&gt;
</minutesnonemptyhtmlbody>
<isrestricted>False</isrestricted><linkeddocuments><linkeddoc><title>Report</title>
<url>https://d.example.gov.uk/mgConvert2PDF.aspx?ID={id}</url><isrestricted>False</isrestricted>
</linkeddoc></linkeddocuments></agendaitem></agendaitems></meeting>"""


def _saved(directory: Path, generated: str) -> None:
    ids = ["801", "802", "7001"]
    (directory / "GetCommittees.xml").write_text(
        "<committees><committee><committeeid>5</committeeid>"
        "<committeetitle>Scrutiny Committee</committeetitle></committee></committees>"
    )
    listed = "".join(
        f"<meeting><meetingid>{i}</meetingid><meetingdate>1{n}/01/2024</meetingdate></meeting>"
        for n, i in enumerate(ids)
    )
    (directory / "GetMeetings_5.xml").write_text(
        f"<getmeetings><committeemeetings>{listed}</committeemeetings></getmeetings>"
    )
    for n, i in enumerate(ids[:2]):
        (directory / f"GetMeeting_{i}.xml").write_text(GOOD.format(id=i, day=10 + n))
    (directory / "GetMeeting_7001.xml").write_text(generated)


class _RolledBack(Exception):
    pass


@pytest.mark.django_db
@PROFILE
@given(answer=meeting_answer())
def test_an_import_with_a_generated_answer_writes_everything_or_nothing(answer):
    try:
        with transaction.atomic():
            with tempfile.TemporaryDirectory() as folder:
                _saved(Path(folder), answer)
                stream = stream_moderngov(
                    source=FilesSource(directory=Path(folder)), from_date=None, to_date=None
                )
                refused = None
                with assert_database_unchanged():
                    try:
                        RecordImporter(source="ModernGov").import_meetings(stream)
                    except ImportRefused as error:
                        refused = error
                    else:
                        # It imported: every meeting, whole (then rolled back, unchecked).
                        assert (
                            Meeting.objects.filter(source_id__in=["801", "802", "7001"]).count()
                            == 3
                        )
                        raise _RolledBack
                assert refused is not None
                assert refused.place.startswith(("GetMeeting 7001: ", "meeting 7001")), refused
            raise _RolledBack
    except _RolledBack:
        pass


@pytest.mark.django_db
def test_the_good_meetings_alone_import_whole():
    with tempfile.TemporaryDirectory() as folder:
        _saved(Path(folder), GOOD.format(id="7001", day=12))
        stream = stream_moderngov(
            source=FilesSource(directory=Path(folder)), from_date=None, to_date=None
        )
        RecordImporter(source="ModernGov").import_meetings(stream)
    assert Meeting.objects.count() == 3
    assert Document.objects.filter(file_format="PDF").count() == 3
    assert Attendance.objects.count() == 3
