"""No public review page or answer reads a big table end to end: on a generated archive
whose progress updates and other main tables hold over 10,000 rows, every query of the
reviews list, a review, a recommendation and their API answers is planned by PostgreSQL
without a sequential scan of any such table."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutiny.demo.archive import generate_archive

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="reads PostgreSQL's plans (EXPLAIN); run with DATABASE_URL=postgres://…",
    ),
]

BIG = 10_000  # rows: a table this size must be reached through an index
SCALE = 0.2  # 100 reviews, 5,000 recommendations, about 20,000 progress updates


def big_tables() -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [BIG],
        )
        return dict(cursor.fetchall())


def sequential_scans(node: dict) -> list[str]:
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


def test_no_public_review_page_scans_a_big_table(client):
    summary = generate_archive(scale=SCALE, seed=8)  # ends with ANALYZE on PostgreSQL
    big = big_tables()
    assert "reviews_progressupdate" in big, f"the archive is too small to test: {big}"
    review = f"/reviews/{summary.review_slug}/"
    pages = {
        "reviews": "/reviews/",
        "review": review,
        "recommendation": f"{review}recommendations/{summary.recommendation_number}/",
        "api reviews": "/api/v1/reviews/",
        "api review": f"/api/v1{review}",
    }
    scans = []
    for page, url in pages.items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT"):
                scans += [
                    f"{page} ({url}): Seq Scan on {table} ({big[table]:,.0f} rows) in {sql[:300]}"
                    for table in sequential_scans(plan(sql))
                    if table in big
                ]
    assert not scans, "\n".join(scans)
