"""The tables an import fills carry the indexes their reads use and no others: an import
writes every index of every row it adds (docs/architecture.md, "What keeps a large import
quick")."""

import pytest
from django.db import connection

from scrutiny.committees.models import AgendaItem, Attendance, Meeting, ResolutionPart

pytestmark = pytest.mark.django_db

# Each table's indexes by their columns (the primary key aside), each with a read it serves.
INDEXES = {
    Meeting: {
        ("committee_id", "starts_at"): "a committee's meetings by date (and its foreign key)",
        ("starts_at",): "the calendar across committees",
        ("source_id",): "an import finding its meetings",
    },
    Attendance: {
        ("meeting_id", "person_id"): "one attendance each; a meeting's attendance",
        ("person_id",): "a person's attendance, and deleting a person",
    },
    ResolutionPart: {
        ("resolution_id", "number"): "one part of each number; a resolution's parts",
    },
}


def _indexes(model) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return sorted(
        tuple(found[name]["columns"])
        for name in found
        if (found[name]["index"] or found[name]["unique"]) and not found[name]["primary_key"]
    )


@pytest.mark.parametrize("model", INDEXES, ids=lambda model: model.__name__)
def test_the_table_has_the_indexes_its_reads_use_and_no_others(model):
    assert _indexes(model) == sorted(INDEXES[model])


def test_an_agenda_item_source_id_has_no_index():
    # Items are matched among their meeting's, which the import has read already.
    assert ("source_id",) not in _indexes(AgendaItem)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pattern indexes are PostgreSQL's")
def test_no_pattern_index_on_the_tables_an_import_fills():
    tables = [model._meta.db_table for model in (*INDEXES, AgendaItem)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE %s",
            [tables, "%pattern_ops%"],
        )
        assert cursor.fetchall() == []
