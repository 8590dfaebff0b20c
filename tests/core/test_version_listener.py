"""Each process's copy of the record's versions (PostgreSQL): a bump committed by another
process reaches it through its notification, a bump by this process at once, a healthy
copy spares the query, and a lost listener falls back to the database and recovers."""

import time

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutiny.core import record_versions, version_listener
from scrutiny.core.models import RecordVersion
from scrutiny.core.record_versions import RECORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="LISTEN/NOTIFY is PostgreSQL's; elsewhere versions are read by query",
    ),
]

WAIT_SECONDS = 5.0


@pytest.fixture(autouse=True)
def listener(settings):
    settings.SCRUTINY_VERSION_LISTENER = True
    version_listener.stop_listener()
    yield
    version_listener.stop_listener()  # closes its connection, so the test database can be dropped


def eventually(condition, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    return condition()


def healthy_listener():
    record_versions.read([RECORD])  # the first read starts it
    running = eventually(
        lambda: (lambda found: found if found and found.healthy() else None)(
            version_listener.running()
        )
    )
    assert running is not None, "the listener never became healthy"
    return running


def bump_elsewhere(scope: str) -> None:
    """A bump committed by another process: its own connection, an upsert and a notify."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    table = RecordVersion._meta.db_table
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute(
            f'INSERT INTO "{table}" (scope, version, changed_at) VALUES (%s, 1, now()) '
            f'ON CONFLICT (scope) DO UPDATE SET version = "{table}".version + 1, '
            "changed_at = now()",
            [scope],
        )
        other.execute("SELECT pg_notify(%s, '')", [version_listener.CHANNEL])


def stored(scope: str) -> int:
    return RecordVersion.objects.filter(scope=scope).values_list("version", flat=True).first() or 0


def test_a_bump_by_another_process_reaches_read_through_its_notification():
    healthy_listener()
    before = record_versions.read([RECORD])[RECORD]

    bump_elsewhere(RECORD)

    assert eventually(lambda: record_versions.read([RECORD])[RECORD] == before + 1)
    versions = record_versions.read([RECORD, "never-bumped"])
    assert versions.numbers == {RECORD: before + 1, "never-bumped": 0}
    assert versions.state(RECORD) == (before + 1, versions.changed[RECORD].isoformat())


def test_a_healthy_listener_spares_the_query_and_agrees_with_the_database():
    bump_elsewhere(RECORD)
    bump_elsewhere("committee:7")
    healthy_listener()

    with CaptureQueriesContext(connection) as queries:
        versions = record_versions.read([RECORD, "committee:7", "review:1"])

    assert len(queries) == 0
    assert versions.numbers == {
        RECORD: stored(RECORD),
        "committee:7": stored("committee:7"),
        "review:1": 0,
    }
    by_row = RecordVersion.objects.get(scope=RECORD).changed_at
    assert versions.changed[RECORD] == by_row
    assert (
        versions.state(RECORD)[1] == by_row.astimezone(versions.changed[RECORD].tzinfo).isoformat()
    )


def test_a_bump_in_this_process_is_seen_by_the_very_next_read():
    healthy_listener()
    before = record_versions.read([RECORD, "review:3"]).numbers

    record_versions.bump(RECORD, "review:3")  # outside a transaction: written at once

    with CaptureQueriesContext(connection) as queries:
        after = record_versions.read([RECORD, "review:3"]).numbers
    assert len(queries) == 0
    assert after == {RECORD: before[RECORD] + 1, "review:3": before["review:3"] + 1}


def test_a_lost_listener_falls_back_to_the_database_and_recovers(monkeypatch):
    # Time to look while it is down before it reconnects.
    monkeypatch.setattr(version_listener, "BACKOFF_SECONDS", (2.0,))
    first = healthy_listener()
    lost_pid = first.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [lost_pid])

    assert eventually(lambda: not first.healthy()), (
        "the listener did not notice its connection was lost"
    )
    bump_elsewhere(RECORD)  # nobody is listening now
    with CaptureQueriesContext(connection) as queries:
        versions = record_versions.read([RECORD])
    assert len(queries) == 1
    assert versions[RECORD] == stored(RECORD)

    recovered = healthy_listener()
    assert recovered.backend_pid not in {None, lost_pid}
    bump_elsewhere(RECORD)
    assert eventually(lambda: record_versions.read([RECORD])[RECORD] == stored(RECORD))
    expected = stored(RECORD)
    with CaptureQueriesContext(connection) as queries:
        assert record_versions.read([RECORD])[RECORD] == expected
    assert len(queries) == 0


def test_stopping_closes_the_listeners_connection():
    running = healthy_listener()
    pid = running.backend_pid

    version_listener.stop_listener()

    assert version_listener.running() is None

    def gone():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            return cursor.fetchone()[0] == 0

    assert eventually(gone)


def test_turned_off_it_reads_the_database(settings):
    settings.SCRUTINY_VERSION_LISTENER = False
    with CaptureQueriesContext(connection) as queries:
        record_versions.read([RECORD])
    assert len(queries) == 1
    assert version_listener.running() is None
