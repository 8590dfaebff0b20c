"""Time the monitoring-report renderers on a 50-recommendation report.

Run from the repository root:  .venv/bin/python benchmarks/monitoring_report.py [--runs 7]

Prints the median of several runs for each format against its target (HTML and DOCX
under 1 s, PDF under 3 s on a 2-core machine), and exits non-zero if a target is missed.
The renderers need no database and no Django settings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrutiny.reports.render import render_docx, render_html, render_pdf  # noqa: E402
from tests.reports.factories import large_report  # noqa: E402

TARGETS = (("html", render_html, 1.0), ("docx", render_docx, 1.0), ("pdf", render_pdf, 3.0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=50, help="number of recommendations")
    args = parser.parse_args()

    data = large_report(args.size)
    print(f"{args.size} recommendations, median of {args.runs} runs, {os.cpu_count()} CPUs")
    print(f"{'format':<6} {'first':>8} {'median':>8} {'target':>8}  result  size")
    all_met = True
    for name, render, target in TARGETS:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            output = render(data)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        met = median < target
        all_met &= met
        unit = "characters" if name == "html" else "bytes"
        print(
            f"{name:<6} {times[0]:>7.3f}s {median:>7.3f}s {'< ' + str(target) + 's':>8}  "
            f"{'met   ' if met else 'MISSED'}  {len(output):,} {unit}"
        )
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
