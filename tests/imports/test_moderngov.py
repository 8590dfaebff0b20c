import datetime
from unittest import mock
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scrutiny.imports import moderngov
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov import parse_committees, parse_meeting, parse_meetings
from scrutiny.imports.records import ImportedAttendee, ImportedCommittee
from tests.imports.test_moderngov_fuzz import meeting_answer

BASE = "https://democracy.example.gov.uk/"


@pytest.fixture
def saved(fixtures):
    return fixtures / "moderngov"


@pytest.fixture
def meeting(saved):
    return parse_meeting(xml=(saved / "GetMeeting_4567.xml").read_bytes(), base_url=BASE)


@pytest.fixture
def exempt_meeting(saved):
    return parse_meeting(
        xml=(saved / "GetMeeting_4568.xml").read_bytes(),
        committee="Customer Services",
        base_url=BASE,
    )


def test_committees_include_expired_ones(saved):
    assert parse_committees(xml=(saved / "GetCommittees.xml").read_bytes()) == [
        ImportedCommittee(
            source_id="123", title="Customer Services Scrutiny Committee", category="Scrutiny"
        ),
        ImportedCommittee(
            source_id="98",
            title="Member ICT Working Group",
            expired=True,
            category="Working groups",
        ),
    ]


def test_meetings_list_reads_uk_and_iso_dates_and_both_time_styles(saved):
    meetings = parse_meetings(xml=(saved / "GetMeetings_123.xml").read_bytes())
    assert [(m.source_id, m.date, m.time, m.status, m.webcast) for m in meetings] == [
        ("4567", datetime.date(2024, 9, 16), datetime.time(10, 0), "Held", True),
        ("4568", datetime.date(2025, 3, 17), datetime.time(18, 30), "Confirmed", False),
    ]
    assert {(m.committee, m.committee_source_id) for m in meetings} == {
        ("Customer Services Scrutiny Committee", "123")
    }


def test_meeting_details(meeting):
    assert (meeting.source_id, meeting.date, meeting.venue) == (
        "4567",
        datetime.date(2024, 9, 16),
        "Council Chamber, Civic Centre",
    )
    assert meeting.committee == "Customer Services Scrutiny Committee"
    assert meeting.agenda_published and meeting.minutes_published


def test_attendees_come_from_attributes(meeting):
    assert meeting.attendees[2] == ImportedAttendee(
        name="Councillor Jo Bloggs",
        role="Committee Member",
        attendance="Apologies",
        party="Independent",
        ward="East",
        member_id="503",
    )


def test_item_numbers_as_printed(meeting, exempt_meeting):
    assert [item.number for item in meeting.items] == ["25", "27"]
    assert exempt_meeting.items[0].number == "8(1)"


def test_declaration_count(meeting):
    assert [item.declarations for item in meeting.items] == [1, 0]


def test_agenda_text_loses_script_handlers_and_javascript_links(meeting):
    text = meeting.items[1].text
    assert "script" not in text
    assert "evil.example" not in text
    assert "onclick" not in text
    assert "javascript" not in text
    assert 'href="https://democracy.example.gov.uk/mgIssueHistoryHome.aspx?IId=777"' in text


def test_minutes_are_sanitised_and_read_for_resolutions_motions_and_actions(meeting):
    item = meeting.items[1]
    assert "<script>" not in item.minutes
    assert item.resolutions[0].parts == (
        "Members note the progress against the review recommendations",
        "Officers submit a further report in six months\u2019 time",
    )
    assert item.motions[0].mover == "Councillor Vicky Wapplington"
    assert item.actions[0].owner == "Director of ICT"
    assert item.is_decision
    assert item.comments == (("Decision:", "<p>Report noted.</p>"),)


def test_restricted_document_is_marked(meeting):
    documents = meeting.items[1].documents
    assert [(d.source_id, d.restricted, d.format) for d in documents] == [
        ("31001", False, "pdf"),
        ("31002", True, "pdf"),
    ]
    assert documents[0].published == datetime.date(2024, 9, 6)
    assert documents[0].owner == "Scrutiny Officer"


def test_restricted_item_restricts_its_documents(exempt_meeting):
    [item] = exempt_meeting.items
    assert item.restricted
    assert [(d.restricted, d.format) for d in item.documents] == [(True, "docx")]
    assert item.documents[0].url.startswith("https://democracy.example.gov.uk/documents/")


def test_committee_name_can_be_given_when_the_answer_lacks_it(exempt_meeting):
    assert exempt_meeting.committee == "Customer Services"
    assert exempt_meeting.time == datetime.time(18, 30)


def _meeting_xml(items: str, date: str = "16/09/2024") -> bytes:
    return (
        f"<meeting><meetingid>1</meetingid><meetingdate>{date}</meetingdate>"
        f"<agendaitems>{items}</agendaitems></meeting>"
    ).encode()


def test_missing_item_id_is_refused_with_the_element_path():
    items = "<agendaitem><agendaitemid>1</agendaitemid></agendaitem>" * 2 + "<agendaitem/>"
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=_meeting_xml(items))
    assert refused.value.place == "element meeting/agendaitems/agendaitem[3]/agendaitemid"


@pytest.mark.parametrize("number", ["²", "1²", "٣" * 10, "-1"])
def test_a_count_that_is_no_whole_number_is_refused(number):
    # "²" is a digit to str.isdigit(), but not a number int() reads.
    item = f"<agendaitemid>1</agendaitemid><declarationcount>{number}</declarationcount>"
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=_meeting_xml(f"<agendaitem>{item}</agendaitem>"))
    assert refused.value.place == "element meeting/agendaitems/agendaitem/declarationcount"
    assert "expected a whole number" in refused.value.reason


@pytest.mark.parametrize("base_url", ["", BASE])
def test_a_document_address_urlsplit_cannot_read_is_refused_naming_it(base_url):
    item = (
        "<agendaitem><agendaitemid>1</agendaitemid><linkeddocuments><linkeddoc>"
        "<url>http://[::1</url></linkeddoc></linkeddocuments></agendaitem>"
    )
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=_meeting_xml(item), base_url=base_url)
    assert refused.value.place == (
        "element meeting/agendaitems/agendaitem/linkeddocuments/linkeddoc/url"
    )
    assert "'http://[::1' is not an address we can read" in refused.value.reason


def test_a_webcast_address_urlsplit_cannot_read_is_refused_naming_it():
    xml = _meeting_xml("").replace(b"</meeting>", b"<webcastlink>//[::1</webcastlink></meeting>")
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=xml, base_url=BASE)
    assert refused.value.place == "element meeting/webcastlink"


_ADDRESS_PARTS = st.sampled_from(
    [
        *("http", "https", "HTTP", "Https", "ftp", "javascript", ":", "://", "//", "/", "?"),
        *("#", "[", "]", "::1", "@", " ", "\t", "\n", "\x00", "\x7f", "%20", "é", "a=b", "&"),
        *("democracy.example.gov.uk", "mgConvert2PDF.aspx", "doc.pdf", "filename=A.docx"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_ADDRESS_PARTS, max_size=12).map("".join))
@example("http://[::1")
@example("https://[::1]/x.pdf")
@example("HTTP://host?q#f")
@example("http://host/a b")
def test_an_address_splits_as_urlsplit_splits_it(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        with pytest.raises(ValueError):
            moderngov._address_parts(url)
        return
    assert moderngov._address_parts(url) == (parts.scheme.lower(), parts.path, parts.query)


def test_a_plain_address_is_split_without_urlsplit():
    url = "https://d.example.gov.uk/documents/s1/Report.pdf?filename=A.docx#page=2"
    with mock.patch.object(moderngov, "urlsplit", side_effect=AssertionError):
        parts = moderngov._address_parts(url)
    assert parts == ("https", "/documents/s1/Report.pdf", "filename=A.docx")


def test_impossible_date_is_refused():
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=_meeting_xml("", date="31/02/2024"))
    assert refused.value.place == "element meeting/meetingdate"
    assert "not a real date" in refused.value.reason


def test_bad_flag_is_refused():
    items = (
        "<agendaitem><agendaitemid>1</agendaitemid><isrestricted>maybe</isrestricted></agendaitem>"
    )
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=_meeting_xml(items))
    assert refused.value.place == "element meeting/agendaitems/agendaitem/isrestricted"


def test_malformed_xml_is_refused_with_line_and_column():
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=b"<meeting>\n<meetingid>1</meeting>")
    assert refused.value.place.startswith("line 2, column")


def test_entity_declarations_are_refused():
    xml = b'<!DOCTYPE m [<!ENTITY x "boom">]><meeting><meetingid>&x;</meetingid></meeting>'
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=xml)
    assert refused.value.place == "document"


BOMB = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><meeting><meetingid>&lol3;</meetingid>'
    b"</meeting>"
)


@pytest.mark.parametrize(
    "prolog",
    [b"", b"<!-- exported by ModernGov -->\n", b'<?xml version="1.0"?><?xml-stylesheet x?>\n'],
)
def test_an_entity_bomb_is_refused_wherever_its_doctype_stands(prolog):
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=prolog + BOMB)
    assert str(refused.value) == (
        "document: the XML uses entities or external references, which we refuse "
        "(EntitiesForbidden(name='lol', system_id=None, public_id=None))"
    )


# Answers that exercise both XML readers: a DOCTYPE sends an answer to defusedxml,
# anything else to the standard parser, and each must read (or refuse) it the same.
ODD_ANSWERS = [
    b"<!DOCTYPE meeting><meeting><meetingid>1</meetingid><meetingdate>01/01/2024</meetingdate>"
    b"</meeting>",
    b'<!DOCTYPE m SYSTEM "http://example.org/m.dtd"><meeting><meetingid>1</meetingid></meeting>',
    b"<meeting><meetingid>&x;</meetingid></meeting>",
    b"<meeting><meetingid>1</meetingid></meeting><!DOCTYPE m>",
    b"<meeting>\n<meetingid>1</meeting>",
    b'<?xml version="1.0" encoding="nonsense"?><meeting/>',
    '<?xml version="1.0" encoding="utf-16"?><meeting><meetingid>1</meetingid></meeting>'.encode(
        "utf-16"
    ),
    b'<?xml version="1.0" encoding="windows-1252"?><meeting><meetingid>\xe9</meetingid></meeting>',
    b"\xff\xfe<\x00m\x00",
    b"",
    b"  ",
    b"<meeting><meetingid>1</meetingid><meetingdate>01/01/2024</meetingdate>&amp;&#233;</meeting>",
    b'<m:meeting xmlns:m="urn:x"><m:meetingid>1</m:meetingid><m:meetingdate>01/01/2024'
    b"</m:meetingdate></m:meeting>",
]


def _read(xml: bytes | str) -> object:
    try:
        return parse_meeting(xml=xml)
    except ImportRefused as refused:
        return str(refused)


def _read_with_defusedxml(xml: bytes | str) -> object:
    with mock.patch.object(moderngov, "_without_doctype", return_value=False):
        return _read(xml)


@pytest.mark.parametrize("xml", ODD_ANSWERS)
def test_both_xml_readers_read_an_answer_alike(xml):
    assert _read(xml) == _read_with_defusedxml(xml)


def test_both_xml_readers_read_the_saved_answers_alike(saved):
    for path in saved.glob("GetMeeting_*.xml"):
        xml = path.read_bytes()
        assert moderngov._without_doctype(xml)
        assert _read(xml) == _read_with_defusedxml(xml)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(answer=meeting_answer())
def test_both_xml_readers_read_a_generated_answer_alike(answer):
    assert _read(answer) == _read_with_defusedxml(answer)


def test_wrong_answer_is_refused():
    with pytest.raises(ImportRefused) as refused:
        parse_meeting(xml=b"<committees><committee/></committees>")
    assert refused.value.place == "element committees"


def test_namespaced_answers_are_read():
    xml = (
        b'<meeting xmlns="http://moderngov.co.uk/namespaces"><meetingid>7</meetingid>'
        b"<meetingdate>2024-09-16T00:00:00</meetingdate></meeting>"
    )
    assert parse_meeting(xml=xml).date == datetime.date(2024, 9, 16)
