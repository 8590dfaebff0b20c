"""An imported action keeps its stated deadline's date, counted from its meeting."""

import datetime

import pytest

from scrutiny.committees.models import Action
from scrutiny.imports.records import (
    ImportedAction,
    ImportedIssue,
    ImportedItem,
    ImportedMeeting,
)
from scrutiny.imports.writers import RecordImporter

pytestmark = pytest.mark.django_db


def meeting(day: datetime.date, *actions: ImportedAction) -> ImportedMeeting:
    item = ImportedItem(number="4", title="Fees and charges", minutes="<p>x</p>", actions=actions)
    return ImportedMeeting(source_id="", committee="Place Scrutiny", date=day, items=(item,))


def import_meetings(*meetings: ImportedMeeting):
    issue = ImportedIssue(title="", committee="Place Scrutiny", meetings=meetings)
    return RecordImporter().import_issue(issue)


def test_a_relative_deadline_is_counted_from_the_meeting_day():
    import_meetings(
        meeting(
            datetime.date(2024, 9, 16),
            ImportedAction(text="Contact officers", owner="Clerk", deadline="within a fortnight"),
        )
    )
    assert Action.objects.get().due_on == datetime.date(2024, 9, 30)


def test_the_next_meeting_is_the_committees_next_in_the_same_import_or_the_tracker():
    later = meeting(datetime.date(2024, 11, 4))
    earlier = meeting(
        datetime.date(2024, 9, 16),
        ImportedAction(text="Bring the report", owner="Clerk", deadline="by the next meeting"),
    )
    import_meetings(later, earlier)  # newest first, as an issue page lists them
    assert Action.objects.get().due_on == datetime.date(2024, 11, 4)


def test_a_next_meeting_learnt_later_fills_the_due_date_and_nothing_else_changes():
    action = ImportedAction(text="Bring the report", owner="Clerk", deadline="by the next meeting")
    import_meetings(meeting(datetime.date(2024, 9, 16), action))
    assert Action.objects.get().due_on is None
    import_meetings(meeting(datetime.date(2024, 10, 7)))
    report = import_meetings(meeting(datetime.date(2024, 9, 16), action))
    assert Action.objects.get().due_on == datetime.date(2024, 10, 7)
    assert report.counts["action"]["updated"] == 1
    again = import_meetings(meeting(datetime.date(2024, 9, 16), action))
    assert again.counts["action"]["unchanged"] == 1


def test_no_deadline_no_due_date():
    import_meetings(
        meeting(datetime.date(2024, 9, 16), ImportedAction(text="Send it", owner="Clerk"))
    )
    assert Action.objects.get().due_on is None
