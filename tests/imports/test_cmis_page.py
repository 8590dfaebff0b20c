"""Saved CMIS meeting pages, read fact by fact, and imported through the same pipeline
as ModernGov's pages (``saved_pages`` chooses the reader by the page's structure)."""

import datetime

import pytest
from django.core.management import call_command

from scrutiny.committees.models import Action, AgendaItem, Document, Meeting, Visibility
from scrutiny.imports.cmis_page import parse_cmis_page
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.saved_pages import page_kind, parse_saved_page
from scrutiny.imports.writers import RecordImporter
from tests.imports.conftest import FIXTURES

CMIS = FIXTURES / "cmis"
D = datetime.date
T = datetime.time

# Each page's meeting: (committee, date, time, venue, status).
MEETINGS = {
    "scrutiny_board.html": (
        "Overview and Scrutiny Management Board",
        D(2025, 1, 14),
        T(14, 0),
        "Committee Room 6, Council House",
        "Held",
    ),
    "health_scrutiny.txt": (
        "Health and Adult Social Care Scrutiny Committee",
        D(2024, 10, 8),
        T(10, 30),
        "Council Chamber, County Hall, Northtown",
        "Held",
    ),
    "cabinet_decisions.html": ("Cabinet", D(2024, 7, 22), T(18, 0), "Riverton Town Hall", ""),
    "children_scrutiny.txt": (
        "Children and Young People Scrutiny Panel",
        D(2024, 11, 5),
        T(18, 30),
        "Room 2.14, Civic Offices",
        "",
    ),
    "licensing_scheduled.html": (
        "Licensing Sub-Committee A",
        D(2031, 8, 3),
        T(10, 0),
        "On-line meeting",
        "Scheduled",
    ),
    "environment_utf16.txt": (
        "Environment and Climate Scrutiny Committee",
        D(2024, 3, 12),
        T(19, 0),
        "Hearne Room, Guildhall",
        "Held",
    ),
}

BOARD = (
    "https://democracy.example-city.gov.uk/cmis5/Document.ashx?czJKcaeAi5tUFL1DTL2UE4zNRBcoShgo="
)
RIVERTON = "https://cmis.riverton.gov.uk/cmis/Document.ashx?czJKcaeAi5tUFL1DTL2UE4="
EASTVALE = "https://committees.eastvale.gov.uk/cmis5/Document.ashx?czJKcaeAi5tUFL1DTL2UE4="

# Each page's items: number -> (title, restricted, [(document title, format, KB, url)]).
ITEMS = {
    "scrutiny_board.html": {
        "1": ("Apologies for Absence", False, []),
        "2": ("Declarations of Interest", False, []),
        "5": (
            "Housing Repairs Performance",
            False,
            [
                ("Report of the Director of Housing", "pdf", 456, BOARD + "b7"),
                ("Appendix A - Repairs Dashboard", "docx", 1229, BOARD + "b8"),
            ],
        ),
        "6": ("Work Programme 2024/25", False, [("Work Programme", "pdf", 88, BOARD + "c1")]),
        "9": (
            "Housing Company Business Case (Exempt)",
            True,
            [("Business Case - Restricted", "pdf", 640, BOARD + "d4")],
        ),
    },
    "health_scrutiny.txt": {
        "1": ("Minutes of the previous meeting", False, []),
        "4": (
            "Winter Pressures Plan 2024/25",
            False,
            [
                ("Winter Pressures Plan report", "pdf", 725, ""),
                ("Appendix 1 - Hospital Discharge Data", "xlsx", 38, ""),
            ],
        ),
        "5": (
            "Carers Strategy Task Group: final report",
            False,
            [("Task Group report", "docx", 96, "")],
        ),
    },
    "cabinet_decisions.html": {
        "3": (
            "Leisure Centre Refurbishment",
            False,
            [("Leisure Centre Refurbishment - Cabinet Report.pdf", "pdf", 1434, RIVERTON + "k3")],
        ),
        "4": (
            "Revenue Budget Monitoring Quarter 1",
            False,
            [
                ("Budget Monitoring Q1", "pdf", 512, RIVERTON + "k4"),
                ("Appendix B Savings Tracker.xlsx", "xlsx", 64, RIVERTON + "k5"),
            ],
        ),
    },
    "children_scrutiny.txt": {
        "3": (
            "Home to School Transport",
            False,
            [("Home to School Transport update", "", 156, "")],
        ),
        "4": ("Untitled item 4", False, []),
        "5": ("Youth Justice Plan", False, [("Youth Justice Plan 2024-25", "pdf", 2048, "")]),
    },
    "licensing_scheduled.html": {
        "1": ("Election of Chair", False, []),
        "2(a)": (
            "Premises Licence Application - The Old Mill, Eastvale",
            False,
            [
                ("Application and plans", "pdf", 3072, EASTVALE + "m1"),
                ("Representations", "pdf", 220, EASTVALE + "m2"),
                ("Plan of the premises", "pdf", 75, ""),  # a javascript: link is no address
            ],
        ),
    },
    "environment_utf16.txt": {
        "7": (
            "Flood Risk Management Update",
            False,
            [("Flood Risk Management Strategy", "pdf", 890, "")],
        ),
        "8": ("Air Quality Action Plan \u2013 progress", False, []),
    },
}

# (page, item) -> [(kind, unanimous, parts)]
RESOLUTIONS = {
    ("scrutiny_board.html", "5"): [
        (
            "resolved",
            False,
            (
                "The performance report be noted",
                "The Director of Housing report progress on damp and mould cases to the "
                "March meeting",
            ),
        )
    ],
    ("scrutiny_board.html", "6"): [("resolved", False, ("The work programme be agreed",))],
    ("scrutiny_board.html", "9"): [("resolved", False, ("The business case be endorsed",))],
    ("health_scrutiny.txt", "4"): [("resolved", True, ("The Winter Pressures Plan be endorsed",))],
    ("health_scrutiny.txt", "5"): [
        (
            "recommended",
            False,
            (
                "The carers' assessment backlog be cleared by March 2025",
                "A carers' champion be appointed in each locality",
            ),
        )
    ],
    ("cabinet_decisions.html", "3"): [
        (
            "resolved",
            False,
            (
                "To approve the refurbishment of Riverton Leisure Centre at a cost of \u00a34.2m",
                "To delegate the award of the contract to the Director of Place",
            ),
        )
    ],
    ("cabinet_decisions.html", "4"): [
        ("resolved", False, ("The forecast overspend of \u00a31.1m be noted",))
    ],
    ("children_scrutiny.txt", "3"): [("resolved", False, ("The update be noted",))],
    ("children_scrutiny.txt", "5"): [
        ("resolved", False, ("The plan be recommended to Council for approval",))
    ],
    ("environment_utf16.txt", "7"): [
        (
            "resolved",
            False,
            (
                "The Cabinet Member for Environment be asked to write to the Environment "
                "Agency about the Winterbourne culvert",
            ),
        )
    ],
    ("environment_utf16.txt", "8"): [("resolved", False, ("Progress be noted",))],
}

# (page, item) -> [(owner, text, deadline, due)]
ACTIONS = {
    ("scrutiny_board.html", "5"): [
        (
            "Head of Repairs",
            "Contact the tenants concerned within a fortnight",
            "within a fortnight",
            D(2025, 1, 28),
        )
    ],
    ("scrutiny_board.html", "6"): [
        (
            "Scrutiny Officer",
            "Circulate a revised work programme by 31 January",
            "by 31 January",
            D(2025, 1, 31),
        )
    ],
    ("health_scrutiny.txt", "4"): [
        (
            "Democratic Adviser",
            "Contact officers at the NHS Trust within a fortnight to arrange a briefing on "
            "ambulance handovers",
            "within a fortnight",
            D(2024, 10, 22),
        )
    ],
    ("health_scrutiny.txt", "5"): [
        (
            "Head of Commissioning",
            "Provide a written response by 1 December",
            "by 1 December",
            D(2024, 12, 1),
        )
    ],
    ("children_scrutiny.txt", "3"): [
        (
            "Head of Education Services",
            "Circulate the route review timetable by 21 November",
            "by 21 November",
            D(2024, 11, 21),
        ),
        ("Cllr Begum", "Send members the parents' survey", "", None),
        (
            "Transport Manager",
            "Review the single-occupancy routes within 28 days",
            "within 28 days",
            D(2024, 12, 3),
        ),
    ],
    ("children_scrutiny.txt", "5"): [
        (
            "Officers",
            "Arrange a visit to the youth offending service before the next meeting",
            "before the next meeting",
            None,
        )
    ],
    ("environment_utf16.txt", "7"): [
        (
            "Flood Risk Officer",
            "Publish the surface water maps by the end of the month",
            "by the end of the month",
            D(2024, 3, 31),
        )
    ],
    ("environment_utf16.txt", "8"): [
        (
            "Environmental Health Manager",
            "Present the monitoring results at the next meeting",
            "at the next meeting",
            None,
        )
    ],
}

MOTIONS = {
    ("scrutiny_board.html", "5"): [("Councillor Amara Osei", "Councillor Tom Reilly")],
    ("health_scrutiny.txt", "4"): [("Councillor Helen Ruiz", "Councillor Peter Grant")],
}


def read(name: str):
    return parse_saved_page(content=(CMIS / name).read_bytes())


def test_there_are_six_pages_in_text_and_html():
    names = sorted(path.name for path in CMIS.iterdir())
    assert names == sorted(MEETINGS)
    assert {name.rsplit(".", 1)[1] for name in names} == {"html", "txt"}


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_each_page_is_told_apart_from_a_moderngov_page(name):
    assert page_kind(content=(CMIS / name).read_bytes()) == "cmis"


def test_a_moderngov_page_still_goes_to_the_moderngov_reader():
    content = (FIXTURES / "issue_customer_services.txt").read_bytes()
    assert page_kind(content=content) == "moderngov"
    assert parse_saved_page(content=content).title


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_each_page_reads_its_meeting(name):
    issue = read(name)
    assert issue.title == ""  # a meeting page is no issue: its items are linked to none
    (meeting,) = issue.meetings
    committee, date, time, venue, status = MEETINGS[name]
    assert meeting.committee == committee
    assert meeting.date == date
    assert meeting.time == time
    assert meeting.venue == venue
    assert meeting.status == status
    assert meeting.source_id == ""


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_each_page_reads_its_items_and_documents(name):
    (meeting,) = read(name).meetings
    assert [item.number for item in meeting.items] == list(ITEMS[name])
    for item in meeting.items:
        title, restricted, documents = ITEMS[name][item.number]
        assert item.title == title
        assert item.restricted is restricted
        assert [(d.title, d.format, d.size_kb, d.url) for d in item.documents] == documents


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_each_page_reads_its_resolutions_motions_and_actions(name):
    (meeting,) = read(name).meetings
    for item in meeting.items:
        where = (name, item.number)
        assert [(r.kind, r.unanimous, r.parts) for r in item.resolutions] == RESOLUTIONS.get(
            where, []
        ), where
        assert [(m.mover, m.seconder) for m in item.motions] == MOTIONS.get(where, []), where
        assert [(a.owner, a.text, a.deadline, a.due_on) for a in item.actions] == ACTIONS.get(
            where, []
        ), where


def test_minutes_keep_no_labels_chrome_or_footer():
    for name in MEETINGS:
        (meeting,) = read(name).meetings
        for item in meeting.items:
            for unwanted in ("Minutes:", "Decision:", "Powered by", "Copyright", "Skip to"):
                assert unwanted not in item.minutes, (name, item.number, unwanted)
    (meeting,) = read("scrutiny_board.html").meetings
    assert meeting.items[0].minutes == (
        "<p>Apologies were received from Councillors Hart and Mbeki.</p>"
    )


def test_a_decision_without_minutes_is_the_items_record():
    (meeting,) = read("cabinet_decisions.html").meetings
    item = meeting.items[1]
    assert item.is_decision
    assert item.minutes == "<p>That the forecast overspend of \u00a31.1m be noted.</p>"


def test_hidden_parts_and_navigation_are_not_read():
    (meeting,) = read("cabinet_decisions.html").meetings
    assert meeting.committee == "Cabinet"  # not the hidden "Hidden Panel"


@pytest.mark.parametrize(
    ("content", "place", "reason"),
    [
        (b"", "line 1", "empty"),
        (
            b"Meeting Details\nDate/Time: 1 Jan 2024 10:00\nAgenda item 1 - A\n",
            "line 1",
            "Committee",
        ),
        (b"Committee: Cabinet\nVenue: Hall\nAgenda item 1 - A\n", "line 1", "Date/Time"),
        (
            b"Committee: Cabinet\nDate/Time: 31 Feb 2024 10:00\nAgenda item 1 - A\n",
            "line 2",
            "not a real date",
        ),
        (
            b"Committee: Cabinet\nDate/Time: soon\nAgenda item 1 - A\n",
            "line 2",
            "could not be read",
        ),
        (b"Committee: Cabinet\nDate/Time: 1 Jan 2024\nNothing else\n", "line 3", "no 'Agenda item"),
        (
            b"Committee: Cabinet\nDate/Time: 1 Jan 2024\nAgenda item 1 - A\nAgenda item 1 - B\n",
            "line 4",
            "twice",
        ),
        (b"Committee: Cabinet\n\xff\xfeDate", "line 2", "not UTF-8"),
        (b"Committee: Cabinet\nDate\x00", "line 2", "binary"),
    ],
)
def test_what_cannot_be_read_is_refused_with_its_line(content, place, reason):
    with pytest.raises(ImportRefused) as refused:
        parse_cmis_page(content=content)
    assert refused.value.place == place
    assert reason in refused.value.reason


@pytest.mark.django_db
def test_a_page_imports_once_and_again_changes_nothing():
    issue = read("scrutiny_board.html")
    first = RecordImporter(source="the CMIS meeting page").import_issue(issue)
    assert first.refusals == []
    meeting = Meeting.objects.get()
    assert meeting.committee.name == "Overview and Scrutiny Management Board"
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    assert AgendaItem.objects.filter(meeting=meeting).count() == 5
    assert AgendaItem.objects.get(number="9").visibility == Visibility.EXEMPT
    assert AgendaItem.objects.filter(issue__isnull=False).count() == 0
    report = Document.objects.get(title="Report of the Director of Housing")
    assert report.source_url == BOARD + "b7"
    assert report.file_format.lower() == "pdf"
    action = Action.objects.get(text__startswith="Contact the tenants")
    assert action.due_on == D(2025, 1, 28)
    counts = {kind: dict(c) for kind, c in first.counts.items()}
    second = RecordImporter(source="the CMIS meeting page").import_issue(
        read("scrutiny_board.html")
    )
    assert all(not c.get("created") and not c.get("updated") for c in second.counts.values()), (
        second.counts
    )
    assert counts["item"]["created"] == 5


@pytest.mark.django_db
def test_the_command_reads_a_cmis_page(capsys):
    call_command("import_minutes_page", str(CMIS / "health_scrutiny.txt"), "--dry-run", "--json")
    out = capsys.readouterr().out
    assert "Health and Adult Social Care Scrutiny Committee" in out
    assert "within a fortnight" in out
    assert Meeting.objects.count() == 0
    call_command("import_minutes_page", str(CMIS / "health_scrutiny.txt"))
    assert Meeting.objects.get().committee.name == "Health and Adult Social Care Scrutiny Committee"
