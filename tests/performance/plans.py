"""Reading PostgreSQL's plans of the queries a page runs: which big tables it scans."""

import json

from django.db import connection

BIG = 10_000  # rows: a table this size must be reached through an index


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


def scans_of_big_tables(queries_by_page: dict[str, list[str]]) -> list[str]:
    """Every sequential scan of a big table in the plans of these pages' SELECTs."""
    big = big_tables()
    scans = []
    for page, queries in queries_by_page.items():
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            scans += [
                f"{page}: Seq Scan on {table} ({big[table]:,.0f} rows) in {sql[:300]}"
                for table in sequential_scans(plan(sql))
                if table in big
            ]
    return scans
