"""The audit log carries the indexes its reads use and no others: an import writes a
hundred events a meeting, and every index is written with each (core.models.AuditEvent)."""

import pytest
from django.db import connection

from scrutiny.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# The columns each read of the log starts its index with.
READS = {
    ("object_type", "object_id"): "one record's history (core.audit.lock_for_edit)",
    ("at",): "the admin's list, newest first, and its dates",
    ("action",): "the admin's filter by action",
    ("actor_id",): "a user's deletion setting their events' actor to null",
}


def _indexes() -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
    return {
        name: found[name]
        for name in found
        if found[name]["index"] and not found[name]["primary_key"]
    }


def test_every_read_of_the_log_has_an_index():
    leading = [tuple(index["columns"]) for index in _indexes().values()]
    for columns, read in READS.items():
        assert any(index[: len(columns)] == columns for index in leading), read


def test_the_log_has_no_index_a_read_does_not_use():
    assert sorted(tuple(index["columns"]) for index in _indexes().values()) == sorted(READS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pattern indexes are PostgreSQL's")
def test_no_pattern_index_on_the_log():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [AuditEvent._meta.db_table, "%pattern_ops%"],
        )
        assert cursor.fetchall() == []
