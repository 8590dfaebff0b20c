"""No public page reads a big table end to end: on a generated archive whose main tables
hold over 10,000 rows, every query of every public page and API answer (the committee
record and the reviews) is planned by PostgreSQL without a sequential scan of any such
table."""

import pytest
from django.db import connection

from scrutiny.demo.archive import generate_archive
from tests.performance.plans import big_tables, scans_of_big_tables
from tests.performance.public_pages import full_action_logs, public_pages, queries_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="reads PostgreSQL's plans (EXPLAIN); run with DATABASE_URL=postgres://…",
    ),
]

# Meetings ~1,000, agenda items ~12,000, documents ~20,000, progress updates ~14,000.
SCALE = 0.2
MUST_BE_BIG = {"committees_agendaitem", "committees_document", "reviews_progressupdate"}


def scans(client, pages: dict[str, str]) -> list[str]:
    big = set(big_tables())
    assert big >= MUST_BE_BIG, f"the archive is too small to test: {big}"
    return scans_of_big_tables(
        {f"{page} ({url})": queries_of(client, url) for page, url in pages.items()}
    )


def test_no_public_page_scans_a_big_table(client):
    summary = generate_archive(scale=SCALE, seed=8)  # ends with ANALYZE on PostgreSQL
    found = scans(client, public_pages(summary))
    assert not found, "\n".join(found)


def test_the_action_logs_full_history_filters_scan_no_big_table(client):
    summary = generate_archive(scale=SCALE, seed=8)
    found = scans(client, full_action_logs(summary))
    assert not found, "\n".join(found)
