"""Actions as councils' minutes phrase them, and ordinary minutes that hold none.

Each positive row is one sentence of minutes with the one action it must give: the
owner, the text, the deadline as stated and its date, counted from a meeting on Tuesday
14 January 2025 (the rule: ``scrutiny.imports.actions``'s docstring and docs/rules.md).
Each negative row must give no action at all."""

import datetime

import pytest

from scrutiny.imports.actions import parse_actions
from scrutiny.imports.deadlines import deadline_due_on
from scrutiny.imports.records import ImportedAction

MEETING = datetime.date(2025, 1, 14)  # a Tuesday
D = datetime.date

POSITIVES = [
    # (minutes, owner, text, deadline, due)
    (
        "The Democratic Adviser would contact officers within a fortnight.",
        "Democratic Adviser",
        "Contact officers within a fortnight",
        "within a fortnight",
        D(2025, 1, 28),
    ),
    (
        "The Head of Service to provide a written response by 1 March.",
        "Head of Service",
        "Provide a written response by 1 March",
        "by 1 March",
        D(2025, 3, 1),
    ),
    (
        "Cllr Smith would send the photographs of the flooding to the Highways Manager.",
        "Cllr Smith",
        "Send the photographs of the flooding to the Highways Manager",
        "",
        None,
    ),
    (
        "The Head of Finance agreed to circulate the revised figures before the next meeting.",
        "Head of Finance",
        "Circulate the revised figures before the next meeting",
        "before the next meeting",
        None,
    ),
    (
        "Officers will review the fees and charges by the end of March.",
        "Officers",
        "Review the fees and charges by the end of March",
        "by the end of March",
        D(2025, 3, 31),
    ),
    (
        "It was agreed that officers would meet the residents' association within two weeks.",
        "Officers",
        "Meet the residents' association within two weeks",
        "within two weeks",
        D(2025, 1, 28),
    ),
    (
        "The Director of Public Health undertook to present an update on vaccination "
        "rates at the next meeting.",
        "Director of Public Health",
        "Present an update on vaccination rates at the next meeting",
        "at the next meeting",
        None,
    ),
    (
        "The Scrutiny Officer was asked to arrange a site visit for members by 28 February 2025.",
        "Scrutiny Officer",
        "Arrange a site visit for members by 28 February 2025",
        "by 28 February 2025",
        D(2025, 2, 28),
    ),
    (
        "Members asked the Head of Housing to produce a briefing note on void properties "
        "within 28 days.",
        "Head of Housing",
        "Produce a briefing note on void properties within 28 days",
        "within 28 days",
        D(2025, 2, 11),
    ),
    (
        "The Cabinet Member for Environment offered to write to the bus operator.",
        "Cabinet Member for Environment",
        "Write to the bus operator",
        "",
        None,
    ),
    (
        "The Assistant Director, Jane Okafor, would update the risk register by Friday.",
        "Assistant Director",
        "Update the risk register by Friday",
        "by Friday",
        D(2025, 1, 17),
    ),
    (
        "Sam Patel (Waste Services Manager) will report back on missed collections.",
        "Waste Services Manager",
        "Report back on missed collections",
        "",
        None,
    ),
    (
        "The Monitoring Officer confirmed that she would seek legal advice within a week.",
        "Monitoring Officer",
        "Seek legal advice within a week",
        "within a week",
        D(2025, 1, 21),
    ),
    (
        "The Chair would write to the Secretary of State on behalf of the Committee.",
        "Chair",
        "Write to the Secretary of State on behalf of the Committee",
        "",
        None,
    ),
    (
        "The Head of Planning is to bring a report on enforcement to the next meeting.",
        "Head of Planning",
        "Bring a report on enforcement to the next meeting",
        "to the next meeting",
        None,
    ),
    (
        "Councillor Priya Shah promised to share the survey results with ward members.",
        "Councillor Priya Shah",
        "Share the survey results with ward members",
        "",
        None,
    ),
    (
        "The Director of Children's Services would circulate the Ofsted action plan.",
        "Director of Children's Services",
        "Circulate the Ofsted action plan",
        "",
        None,
    ),
    (
        "The Portfolio Holder for Finance would prepare a written answer by 31 January.",
        "Portfolio Holder for Finance",
        "Prepare a written answer by 31 January",
        "by 31 January",
        D(2025, 1, 31),
    ),
    (
        "The Transport Planner will commission a traffic survey within three months.",
        "Transport Planner",
        "Commission a traffic survey within three months",
        "within three months",
        D(2025, 4, 14),
    ),
    (
        "The Democratic Services Manager was requested to reschedule the workshop "
        "no later than 7 February.",
        "Democratic Services Manager",
        "Reschedule the workshop no later than 7 February",
        "no later than 7 February",
        D(2025, 2, 7),
    ),
    (
        "The Head of Legal Services, who had attended for this item, would clarify the "
        "position on delegated powers.",
        "Head of Legal Services",
        "Clarify the position on delegated powers",
        "",
        None,
    ),
    (
        "The Housing Manager said that he would visit the estate in two weeks' time.",
        "Housing Manager",
        "Visit the estate in two weeks' time",
        "in two weeks' time",
        D(2025, 1, 28),
    ),
    (
        "The Chief Executive will issue a statement by the end of the week.",
        "Chief Executive",
        "Issue a statement by the end of the week",
        "by the end of the week",
        D(2025, 1, 17),
    ),
    (
        "The Head of Revenues and Benefits agreed to look into the backlog of claims.",
        "Head of Revenues and Benefits",
        "Look into the backlog of claims",
        "",
        None,
    ),
    (
        "The Policy Officer would draft terms of reference for the task group by 03/02/2025.",
        "Policy Officer",
        "Draft terms of reference for the task group by 03/02/2025",
        "by 03/02/2025",
        D(2025, 2, 3),
    ),
    (
        "Officers were instructed to publish the consultation responses within 10 working days.",
        "Officers",
        "Publish the consultation responses within 10 working days",
        "within 10 working days",
        D(2025, 1, 28),
    ),
    (
        "The Community Safety Manager would also provide ward-level crime data.",
        "Community Safety Manager",
        "Provide ward-level crime data",
        "",
        None,
    ),
    (
        "The Democratic Adviser will schedule an informal briefing in time for the next meeting.",
        "Democratic Adviser",
        "Schedule an informal briefing in time for the next meeting",
        "in time for the next meeting",
        None,
    ),
    (
        "The Service Director for Adult Social Care committed to resolve the complaint "
        "by the end of the month.",
        "Service Director for Adult Social Care",
        "Resolve the complaint by the end of the month",
        "by the end of the month",
        D(2025, 1, 31),
    ),
    (
        "ACTION: Circulate the procurement timetable by 21 February (Head of Procurement)",
        "Head of Procurement",
        "Circulate the procurement timetable by 21 February",
        "by 21 February",
        D(2025, 2, 21),
    ),
    (
        "The Head of Finance will confirm the reserves position before 1st April.",
        "Head of Finance",
        "Confirm the reserves position before 1st April",
        "before 1st April",
        D(2025, 4, 1),
    ),
    (
        "The Lead Officer for Climate would update members on the retrofit programme.",
        "Lead Officer for Climate",
        "Update members on the retrofit programme",
        "",
        None,
    ),
    (
        "The Highways Engineer had agreed to inspect the junction by the end of the "
        "financial year.",
        "Highways Engineer",
        "Inspect the junction by the end of the financial year",
        "by the end of the financial year",
        D(2025, 3, 31),
    ),
    (
        "The Head of Customer Services would provide a breakdown of call waiting times "
        "within one month.",
        "Head of Customer Services",
        "Provide a breakdown of call waiting times within one month",
        "within one month",
        D(2025, 2, 14),
    ),
]

NEGATIVES = [
    "Members noted the report.",
    "The officer explained that the service would continue to monitor the position.",
    "The Director explained that the council would receive the grant by March.",
    "The Head of Planning advised that the application would be determined by 1 March.",
    "The Committee agreed to defer the item to the next meeting.",
    "Members agreed to receive a further report by the end of March.",
    "The Chair reminded members that the next meeting would be held on 5 March.",
    "The Head of Finance explained that she would not be able to provide the figures by March.",
    "The Leader would be attending the next meeting.",
    "The Director of Public Health will retire at the end of March.",
    "The Monitoring Officer will attend if required.",
    "The Chair invited the Director to introduce the report.",
    "The Chair welcomed the Head of Finance to the meeting.",
    "Councillor Smith asked whether officers would review the charges by April.",
    "Would officers provide the figures before the next meeting?",
    "A member suggested that officers would benefit from training within six months.",
    "The Director of ICT had provided an update.",
    "Members would consider the report. They would investigate it.",
    "Officers had written to all residents by 1 March.",
    "The Cabinet Member would welcome comments by the end of the month.",
    "The report set out how the service would respond to demand within two weeks.",
    "RESOLVED that the report be noted.",
    "The minutes of the meeting held on 3 December 2024 were agreed as a correct record.",
    "Apologies for absence were received from Councillor Jones.",
    "A letter from the Leader to residents by 1 March had set out the changes.",
    "The Head of Service will have left the council by then.",
]


@pytest.mark.parametrize(("minutes", "owner", "text", "deadline", "due"), POSITIVES)
def test_each_phrasing_gives_its_one_action(minutes, owner, text, deadline, due):
    assert parse_actions(text=minutes, meeting_date=MEETING) == [
        ImportedAction(text=text, owner=owner, deadline=deadline, due_on=due)
    ]


def test_the_table_has_thirty_phrasings_of_every_kind():
    assert len(POSITIVES) >= 30
    assert sum(1 for row in POSITIVES if row[3]) >= 20  # with a deadline
    assert sum(1 for row in POSITIVES if not row[3]) >= 8  # by the task's verb alone


@pytest.mark.parametrize("minutes", NEGATIVES)
def test_ordinary_minutes_give_no_action(minutes):
    assert parse_actions(text=minutes, meeting_date=MEETING) == []


def test_a_paragraph_gives_each_action_once_in_order():
    text = " ".join(row[0] for row in POSITIVES[:6]) + " " + " ".join(NEGATIVES[:6])
    assert [a.owner for a in parse_actions(text=text, meeting_date=MEETING)] == [
        row[1] for row in POSITIVES[:6]
    ]


def test_without_the_meeting_date_only_a_full_date_is_worked_out():
    assert parse_actions(text=POSITIVES[0][0])[0].due_on is None
    assert parse_actions(text=POSITIVES[7][0])[0].due_on == D(2025, 2, 28)


@pytest.mark.parametrize(
    ("deadline", "meeting", "next_meeting", "due"),
    [
        ("by the next meeting", MEETING, D(2025, 3, 4), D(2025, 3, 4)),
        ("by the next meeting", MEETING, None, None),
        ("by 1 March", D(2025, 3, 2), None, D(2026, 3, 1)),
        ("by March", D(2025, 11, 5), None, D(2026, 3, 31)),
        ("by 29 February", D(2025, 3, 1), None, D(2028, 2, 29)),
        ("by 31 February", MEETING, None, None),
        ("within a month", D(2025, 1, 31), None, D(2025, 2, 28)),
        ("by the end of the year", MEETING, None, D(2025, 12, 31)),
        ("by Friday", D(2025, 1, 17), None, D(2025, 1, 24)),
        ("by March 3rd, 2026", MEETING, None, D(2026, 3, 3)),
        ("shortly", MEETING, None, None),
    ],
)
def test_deadline_dates(deadline, meeting, next_meeting, due):
    assert deadline_due_on(deadline, meeting_date=meeting, next_meeting=next_meeting) == due
