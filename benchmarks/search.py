"""Search at a council's size: on a database holding the generated 20-year archive
(`manage.py generate_archive`), give each document the text its file would have had (the
archive's documents are rows with no files; `--document-chars`, seeded, the words of its
item and of council reports), rebuild the index (the indexing rate), then time ten
typical queries (median and p95 over repeated runs) and print a verdict against the
target: p95 under 150 ms on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \
        .venv/bin/python manage.py generate_archive
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \
        .venv/bin/python benchmarks/search.py [--skip-index] [--runs 20]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402

from scrutiny.committees.models import Document  # noqa: E402
from scrutiny.demo import archive_text  # noqa: E402
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
REPORT_WORDS = sorted({title for titles in archive_text.TOPICS.values() for title in titles})


def document_text(rng: random.Random, title: str, item_title: str, chars: int) -> str:
    """What a report's file reads like: its title, its item's subject, officers' prose and
    other subjects of the council's business, about `chars` long."""
    parts = [title, item_title]
    size = len(title) + len(item_title)
    while size < chars:
        topic = rng.choice([item_title, *rng.sample(REPORT_WORDS, 2)])
        paragraph = archive_text.paragraphs(rng, topic, "the Head of Service", 2)
        parts.append(paragraph)
        size += len(paragraph)
    return "\n\n".join(parts)[:chars]


def fill_document_text(chars: int, seed: int = 1) -> int:
    """Each document with no text gets its generated text, as the worker would have read it
    from the file; returns how many."""
    rng = random.Random(seed)
    filled = 0
    missing = Document.objects.filter(extracted_text="").order_by("pk")
    while True:
        batch = list(missing.select_related("item").only("pk", "title", "item__title")[:2000])
        if not batch:
            return filled
        for document in batch:
            document.extracted_text = document_text(rng, document.title, document.item.title, chars)
        Document.objects.bulk_update(batch, ["extracted_text"])
        filled += len(batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--document-chars",
        type=int,
        default=4000,
        help="Text given to each document that has none (0: none).",
    )
    options = parser.parse_args()
    print(f"Database: {connection.vendor}")
    if options.document_chars:
        started = time.monotonic()
        filled = fill_document_text(options.document_chars)
        print(
            f"Gave {filled} documents {options.document_chars} characters of text each "
            f"in {time.monotonic() - started:.1f} s"
        )
    if not options.skip_index:
        started = time.monotonic()
        written = services.rebuild()
        seconds = time.monotonic() - started
        print(f"Indexed {written} entries in {seconds:.1f} s: {written / seconds:.0f} a second")
        if connection.vendor == "postgresql":
            # What autovacuum does soon after on a live site: the rebuild left a dead row
            # for every entry, and a search would read them all.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) search_searchentry")
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
            f"{query!r:28} {found.total:>6}{'+' if found.more else ' '} results"
            f"  median {statistics.median(runs):7.1f} ms"
            f"  p95 {statistics.quantiles(runs, n=20)[18]:7.1f} ms"
        )
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[18]
    print(f"All queries: median {median:.1f} ms, p95 {p95:.1f} ms")
    verdict = "MET" if p95 < TARGET_MS else "MISSED"
    print(f"Target p95 under {TARGET_MS} ms ({connection.vendor}): {verdict}")


if __name__ == "__main__":
    main()
