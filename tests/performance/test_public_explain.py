"""No public page of the committee record reads a big table end to end: on a generated
archive whose main tables hold over 10,000 rows, every query of every public page and API
answer is planned by PostgreSQL without a sequential scan of any such table."""

import json

import pytest
from django.db import connection

from scrutiny.demo.archive import generate_archive
from tests.performance.public_pages import full_action_logs, public_pages, queries_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="reads PostgreSQL's plans (EXPLAIN); run with DATABASE_URL=postgres://…",
    ),
]

BIG = 10_000  # rows: a table this size must be reached through an index
SCALE = 0.2  # meetings ~1,000, agenda items ~12,000, documents ~20,000


def big_tables() -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [BIG],
        )
        return dict(cursor.fetchall())


def sequential_scans(node: dict) -> list[str]:
    """The relations a plan (tree of nodes) reads with a sequential scan."""
    found = [node["Relation Name"]] if node.get("Node Type") == "Seq Scan" else []
    for child in node.get("Plans", []):
        found += sequential_scans(child)
    return found


def plan(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
    document = json.loads(document) if isinstance(document, str) else document
    return document[0]["Plan"]


def scans_of_big_tables(client, pages: dict[str, str]) -> list[str]:
    big = big_tables()
    assert {"committees_agendaitem", "committees_document"} <= set(big), (
        f"the archive is too small to test: {big}"
    )
    scans = []
    for page, url in pages.items():
        for sql in queries_of(client, url):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            scans += [
                f"{page} ({url}): Seq Scan on {table} ({big[table]:,.0f} rows) in {sql[:300]}"
                for table in sequential_scans(plan(sql))
                if table in big
            ]
    return scans


def test_no_public_page_scans_a_big_table(client):
    summary = generate_archive(scale=SCALE, seed=8)  # ends with ANALYZE on PostgreSQL
    scans = scans_of_big_tables(client, public_pages(summary))
    assert not scans, "\n".join(scans)


def test_the_action_logs_full_history_filters_scan_no_big_table(client):
    summary = generate_archive(scale=SCALE, seed=8)
    scans = scans_of_big_tables(client, full_action_logs(summary))
    assert not scans, "\n".join(scans)
