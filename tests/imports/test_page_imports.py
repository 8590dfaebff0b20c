"""Saved pages of every kind import, again without change, and whole or not at all."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from scrutiny.committees.models import AgendaItem, Meeting, Motion, Resolution
from scrutiny.imports.management.commands.import_minutes_page import Command
from scrutiny.imports.minutes_page import NamedMeeting, parse_minutes_page
from scrutiny.imports.writers import RecordImporter
from tests.helpers import assert_database_unchanged
from tests.imports.pages.facts import PAGES, load_expected, read_page

pytestmark = pytest.mark.django_db
EXPECTED = load_expected()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_imports_and_a_second_import_changes_nothing(name):
    issue = read_page(name, EXPECTED[name])
    first = RecordImporter().import_issue(issue)
    assert first.total("created") and not first.refusals
    items = sum(len(meeting.items) for meeting in issue.meetings)
    assert AgendaItem.objects.count() == items
    with assert_database_unchanged():
        again = RecordImporter().import_issue(read_page(name, EXPECTED[name]))
    assert not again.changed, again.lines()


def test_a_decision_page_and_the_issue_page_of_the_same_meeting_make_one_item():
    RecordImporter().import_issue(read_page("decision_housing.txt", {}))
    RecordImporter().import_issue(read_page("agenda_cabinet.html", {}))
    meeting = Meeting.objects.get()
    assert sorted(meeting.items.values_list("number", flat=True)) == ["8", "9"]


def test_resolved_unanimously_is_kept_and_shown_on_the_public_page(client):
    RecordImporter().import_issue(read_page("agenda_cabinet.html", {}))
    resolution = Resolution.objects.get(item__number="9")
    assert resolution.unanimous
    assert not Resolution.objects.get(item__number="8").unanimous
    page = client.get(reverse("site:meeting_detail", args=[resolution.item.meeting_id]))
    assert "(unanimously)" in page.content.decode()


def test_stated_votes_are_kept_on_the_motion():
    RecordImporter().import_issue(read_page("minutes_planning.txt", {}))
    lost, carried = Motion.objects.order_by("id")
    assert (lost.outcome, lost.votes_for, lost.votes_against, lost.abstentions) == (
        "lost",
        3,
        5,
        0,
    )
    assert (carried.votes_for, carried.votes_against) == (5, 3)


def test_a_page_naming_no_meeting_is_refused_until_the_officer_names_it(tmp_path):
    page = PAGES / "item_body_only.txt"
    with assert_database_unchanged(), pytest.raises(CommandError) as refusal:
        run("import_minutes_page", str(page))
    assert "--meeting-date, --committee, --item" in str(refusal.value)
    out = run(
        "import_minutes_page",
        str(page),
        "--meeting-date",
        "05/11/2024",
        "--committee",
        "Housing Scrutiny Committee",
        "--item",
        "12",
    )
    assert "Agenda items: 1 created" in out
    item = AgendaItem.objects.get()
    assert (item.number, item.title, item.meeting.date) == (
        "12",
        "Annual Complaints Report 2023/24",
        datetime.date(2024, 11, 5),
    )


def test_an_untitled_item_is_imported_with_a_warning(tmp_path):
    out = run("import_minutes_page", str(PAGES / "issue_untitled_item.txt"))
    assert "Warning: The page gives item 4 no title" in out
    assert AgendaItem.objects.get().title == "Untitled item 4"


def test_a_refusal_inside_one_meeting_imports_none_of_the_page():
    issue = read_page("issue_housing_three_meetings.txt", {})
    damaged = parse_minutes_page(
        content=(PAGES / "issue_housing_three_meetings.txt")
        .read_text(encoding="utf-8")
        .replace("7 Housing Repairs Performance - Scoping", "7 " + "Scoping " * 80),
        named=NamedMeeting(),
    )
    assert len(damaged.meetings) == len(issue.meetings)
    with assert_database_unchanged(), pytest.raises(Exception) as refusal:
        RecordImporter().import_issue(damaged)
    assert "item title" in str(refusal.value)


def test_the_command_help_says_what_is_imported_whole():
    parser = Command().create_parser("manage.py", "import_minutes_page")
    text = " ".join(parser.format_help().split())
    assert "each meeting is imported whole or not at all" in text
    assert "any other refusal imports nothing" in text
    assert "Importing the same page again changes nothing" in text
