"""The meeting page's record reads what the user may be shown and nothing more."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutiny.publishing.meetings import meeting_record

MINUTES_TABLES = (
    "committees_declaration",
    "committees_motion",
    "committees_resolution",
    "committees_action",
    "committees_attendance",
)


def record_and_queries(user, meeting) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        record = meeting_record(user=user, meeting=meeting)
    return record, [query["sql"] for query in captured.captured_queries]


def minutes_tables_read(queries: list[str]) -> set[str]:
    # The matters arising (actions of the committee's earlier meetings) are agenda
    # business: leave their query out.
    return {
        table
        for sql in queries
        if "OVER ()" not in sql
        for table in MINUTES_TABLES
        if f'FROM "{table}"' in sql
    }


def test_before_its_minutes_are_out_a_meeting_reads_its_agenda_and_no_minutes_record(world):
    record, queries = record_and_queries(AnonymousUser(), world.objects["draft minutes meeting"])
    assert [entry.item.title for entry in record.items] == ["Leisure centres: update"]
    assert minutes_tables_read(queries) == set()


def test_staff_with_a_role_still_read_the_draft_minutes_record(world, user_of):
    meeting = world.objects["draft minutes meeting"]
    record, queries = record_and_queries(user_of("clerk"), meeting)
    assert minutes_tables_read(queries) == set(MINUTES_TABLES)
    assert record.items[0].motions and record.items[0].actions
