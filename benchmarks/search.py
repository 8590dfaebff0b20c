"""Search at a council's size: on a database holding the generated 20-year archive
(`manage.py generate_archive`), rebuild the index (the indexing rate), then time ten
typical queries (median and p95 over repeated runs) and print a verdict against the
target: p95 under 150 ms on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \
        .venv/bin/python benchmarks/search.py [--skip-index] [--runs 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402

from scrutiny.search import services  # noqa: E402
from scrutiny.search.selectors import Filters, search  # noqa: E402

QUERIES = [
    ("power supply", Filters()),
    ("budget monitoring", Filters()),
    ("library", Filters()),
    ("highways maintenance", Filters()),
    ("council tax", Filters(kinds=("resolution",))),
    ("social care", Filters(municipal_year="2019/20")),
    ("recommendation", Filters(kinds=("recommendation", "update"))),
    ("housing repairs", Filters()),
    ("climate emergency", Filters()),
    ("report", Filters(kinds=("document",))),
]
TARGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    print(f"Database: {connection.vendor}")
    if not options.skip_index:
        started = time.monotonic()
        written = services.rebuild()
        seconds = time.monotonic() - started
        print(f"Indexed {written} entries in {seconds:.1f} s: {written / seconds:.0f} a second")
    timings = []
    for query, filters in QUERIES:
        search(query, filters)  # warm
        runs = []
        for _ in range(options.runs):
            started = time.perf_counter()
            found = search(query, filters)
            runs.append((time.perf_counter() - started) * 1000)
        timings += runs
        print(
            f"{query!r:28} {found.total:>7} results  median {statistics.median(runs):7.1f} ms"
            f"  p95 {statistics.quantiles(runs, n=20)[18]:7.1f} ms"
        )
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[18]
    print(f"All queries: median {median:.1f} ms, p95 {p95:.1f} ms")
    verdict = "MET" if p95 < TARGET_MS else "MISSED"
    print(f"Target p95 under {TARGET_MS} ms ({connection.vendor}): {verdict}")


if __name__ == "__main__":
    main()
