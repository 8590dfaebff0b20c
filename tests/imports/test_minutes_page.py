import datetime

import pytest

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_document_line, parse_minutes_page
from scrutiny.imports.records import ImportedAction, ImportedDocument, StatedFigures


@pytest.fixture
def issue(fixtures):
    return parse_minutes_page(content=(fixtures / "issue_customer_services.txt").read_bytes())


@pytest.fixture
def item(issue):
    return issue.meetings[0].items[0]


def test_issue_title_is_the_line_under_the_page_heading(issue):
    assert issue.title == (
        "Review of Members ICT & Support and ICT Service Delivery: Interim Report - "
        "(Post Scrutiny Monitoring Update)"
    )


def test_meeting_line_gives_committee_and_date(issue):
    assert issue.committee == "Customer Services Scrutiny Committee"
    assert [meeting.date for meeting in issue.meetings] == [datetime.date(2024, 9, 16)]
    assert issue.meetings[0].committee == "Customer Services Scrutiny Committee"


def test_item_number_and_title_come_from_the_heading_without_icon_noise(item):
    assert item.number == "27"
    assert item.title == (
        "Review of Members ICT & Support and ICT Service Delivery - Post- Scrutiny "
        "Monitoring (Second Interim Report)"
    )


def test_item_heading_document_is_one_pdf_of_556_kb(item):
    assert [(d.format, d.size_kb) for d in item.documents] == [("pdf", 556)]


def test_mover_and_seconder(item):
    [motion] = item.motions
    assert motion.mover == "Councillor Vicky Wapplington"
    assert motion.seconder == "Councillor Phil Smith"
    assert motion.outcome == "carried"


def test_four_resolution_parts_read_as_written(item):
    [resolution] = item.resolutions
    assert resolution.kind == "resolved"
    assert resolution.parts == (
        "Members note the progress against the review recommendations",
        "Members acknowledge any exceptions to delivery and clarify the additional action "
        "required by the service",
        "Members make its report and findings public, in accordance with Part 4.5.17(4) of "
        "the Council\u2019s Constitution",
        "Officers continue to implement the recommendations and submit a further report in "
        "six months\u2019 time highlighting progress and any exceptions to delivery",
    )


def test_officer_undertaking_becomes_an_action_owned_by_the_director(item):
    assert item.actions == (
        ImportedAction(
            text="Investigate the point raised: a previous discussion on Members\u2019 ICT "
            "Equipment included laptops with mobile network access using sim cards",
            owner="Director of ICT",
        ),
    )


def test_stated_figures(issue):
    assert issue.stated_figures == StatedFigures(total=13, achieved=9, achieved_late=2, extended=4)


def test_minutes_are_kept_as_escaped_paragraphs(item):
    assert item.minutes.startswith("<p>The Scrutiny Officer reminded Members")
    assert "ICT &amp; Support" not in item.minutes  # the heading is not part of the minutes
    assert item.minutes.count("<p>") == 10


def test_dry_run_json_shape(issue):
    data = issue.to_json_dict()
    assert data["committee"] == "Customer Services Scrutiny Committee"
    assert data["stated_figures"] == {"total": 13, "achieved": 9, "achieved_late": 2, "extended": 4}
    [entry] = data["meetings"]
    assert entry["date"] == "2024-09-16"
    assert entry["item_number"] == "27"
    assert entry["documents"][0]["size_kb"] == 556
    assert entry["motions"] == [
        {
            "mover": "Councillor Vicky Wapplington",
            "seconder": "Councillor Phil Smith",
            "outcome": "carried",
            "unanimous": False,
            "votes_for": None,
            "votes_against": None,
            "abstentions": None,
        }
    ]
    assert data["kind"] == "issue"
    assert data["warnings"] == []
    assert entry["resolutions"][0]["kind"] == "resolved"
    assert len(entry["resolutions"][0]["parts"]) == 4
    assert entry["actions"][0]["owner"] == "Director of ICT"


def test_meetings_keep_the_page_order_newest_first(fixtures):
    issue = parse_minutes_page(content=(fixtures / "issue_three_meetings.txt").read_bytes())
    assert [(m.date.isoformat(), m.committee, m.items[0].number) for m in issue.meetings] == [
        ("2025-03-12", "Cabinet", "9"),
        ("2025-02-03", "Housing Scrutiny Committee", "5(a)"),
        ("2024-10-14", "Housing Scrutiny Committee", "7"),
    ]
    assert issue.committee == "Cabinet"


def test_additional_documents_are_listed_with_their_formats(fixtures):
    issue = parse_minutes_page(content=(fixtures / "issue_three_meetings.txt").read_bytes())
    assert [(d.title, d.format, d.size_kb) for d in issue.meetings[0].items[0].documents] == [
        ("Housing Repairs Performance: Scrutiny Recommendations", "pdf", 1024),
        ("Appendix A - Action Plan", "pdf", 210),
        ("Appendix B - Tenant Survey Results", "docx", 45),
    ]


def test_each_meeting_has_its_own_resolution_style(fixtures):
    issue = parse_minutes_page(content=(fixtures / "issue_three_meetings.txt").read_bytes())
    cabinet, final_report, scoping = (m.items[0] for m in issue.meetings)
    assert cabinet.resolutions[0].unanimous
    assert final_report.resolutions[0].kind == "recommended"
    assert final_report.actions[0].owner == "Head of Housing Services"
    assert scoping.resolutions[0].parts[1] == "The Chair and Vice-Chair agree the witness programme"


def test_heading_without_a_document_still_gives_the_title(fixtures):
    issue = parse_minutes_page(content=(fixtures / "issue_three_meetings.txt").read_bytes())
    scoping = issue.meetings[2].items[0]
    assert scoping.title == "Housing Repairs Performance - Scoping"
    assert scoping.documents == ()


def test_html_page_is_read_without_its_scripts(fixtures):
    issue = parse_minutes_page(content=(fixtures / "issue_page.html").read_bytes())
    item = issue.meetings[0].items[0]
    assert issue.title == "Library Opening Hours"
    assert item.number == "12"
    assert item.documents[0].size_kb == 88
    assert item.resolutions[0].parts == (
        "The report be noted",
        "A further update be brought in six months",
    )
    assert "alert" not in item.minutes


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Report pdf icon PDF 556 KB", ImportedDocument(title="Report", format="pdf", size_kb=556)),
        ("Report PDF 1 MB", ImportedDocument(title="Report", format="pdf", size_kb=1024)),
        ("Report PDF 1.5 MB", ImportedDocument(title="Report", format="pdf", size_kb=1536)),
        ("Letter Word 45 KB", ImportedDocument(title="Letter", format="docx", size_kb=45)),
        ("Budget Excel 12 KB", ImportedDocument(title="Budget", format="xlsx", size_kb=12)),
        ("Members noted the report.", None),
    ],
)
def test_document_lines(line, expected):
    assert parse_document_line(line=line) == expected


@pytest.mark.parametrize(
    ("content", "place", "reason"),
    [
        (b"", "line 1", "empty"),
        (b"   \n\n  ", "line 1", "empty"),
        (b"Title\nMeeting: 01/01/2024 - X (Item 1)\n\x00\x01binary", "line 3", "binary"),
        (b"Title\n\x81\x8d\x90", "line 2", "UTF-8, UTF-16 or Windows-1252"),
        (b"Title\nSome minutes without a meeting.", "line 1", "no 'Meeting:"),
        (b"Title\n\nMeeting: 31/02/2024 - Cabinet (Item 4)\n4 Budget", "line 3", "31/02/2024"),
        (b"Title\nMeeting: sometime - Cabinet", "line 2", "must read"),
    ],
)
def test_bad_input_is_refused_with_its_line(content, place, reason):
    with pytest.raises(ImportRefused) as refused:
        parse_minutes_page(content=content)
    assert refused.value.place == place
    assert reason in refused.value.reason
    assert str(refused.value).startswith(f"{place}: ")
