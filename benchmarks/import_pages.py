"""Pages per second for the minutes-page reader, on the corpus of saved ModernGov pages.

Run from the repository root:  .venv/bin/python benchmarks/import_pages.py [--rounds 20]

Reads every page of ``tests/imports/pages/`` (issue histories, agenda items, decisions,
agendas, printed minutes and items' bodies, as text and HTML in five encodings) with
``parse_minutes_page``, ``--rounds`` times, and prints pages per second. Beside it, in the
same run and process, it times the least any reader must do with the same bytes (decode
them and split them into lines) so the figure can be compared on a shared machine.

Target: 200 pages a second. A council adopting the tracker brings its archive as saved
pages: ``generate_archive`` shapes a council at about 60,000 agenda items over 20 years,
and reading every item's page at 200 a second takes five minutes of the background
worker, short enough to run while the officer waits for the preview. Prints the figures
and ``VERDICT: PASS`` or ``VERDICT: FAIL``, exiting non-zero on a miss.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PAGES_PER_SECOND = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from scrutiny.imports.minutes_page import parse_minutes_page
    from tests.imports.pages.facts import PAGES, load_expected, named_meeting

    expected = load_expected()
    pages = [
        ((PAGES / name).read_bytes(), named_meeting(entry)) for name, entry in expected.items()
    ]
    size = sum(len(content) for content, _ in pages)

    started = time.process_time()
    for _ in range(args.rounds):
        for content, _named in pages:
            text = (
                content.decode("utf-16")
                if content[:2] in (b"\xff\xfe", b"\xfe\xff")
                else (content.decode("utf-8", errors="replace"))
            )
            [" ".join(line.split()) for line in text.splitlines()]
    baseline = time.process_time() - started

    started = time.process_time()
    for _ in range(args.rounds):
        for content, named in pages:
            parse_minutes_page(content=content, named=named)
    reading = time.process_time() - started

    count = len(pages) * args.rounds
    rate = count / reading if reading else float("inf")
    print(f"Pages: {len(pages)} ({size / 1024:.0f} KB), {args.rounds} rounds, {count} reads")
    print(f"Decode and split (baseline): {count / baseline:,.0f} pages/s")
    print(f"parse_minutes_page:          {rate:,.0f} pages/s ({reading / baseline:.0f}x baseline)")
    print(f"Target: {TARGET_PAGES_PER_SECOND:.0f} pages/s")
    passed = rate >= TARGET_PAGES_PER_SECOND
    print("VERDICT: PASS" if passed else "VERDICT: FAIL (1 target missed)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
