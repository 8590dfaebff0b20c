import datetime

import pytest

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov import parse_committees, parse_meeting, parse_meetings
from scrutiny.imports.records import ImportedAttendee, ImportedCommittee

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
