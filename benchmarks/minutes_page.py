"""Time the minutes-page parser on 1 MB and 10 MB pages, and on pages shaped to slow it.

Run from the repository root:  .venv/bin/python benchmarks/minutes_page.py
    [--sizes 1,10] [--runs 3] [--source DIR] [--seed FILE] [--limit 120]

The pages are built from a real "Issue - meetings" page (``--seed``, by default the test
fixture ``tests/imports/fixtures/issue_customer_services.txt``) by repeating its meeting
a week apart until the page reaches each size: about 400 meetings to the megabyte. The
shapes are the same page's text arranged as councils' pages sometimes come: a meeting's
minutes saved as one paragraph, commitments pointing at a question never asked, commitments
run together with semicolons, many motions under one meeting, and a saved HTML page cut
off inside a tag; each is parsed at two
sizes four times apart.

Each parse runs in a child process with the test settings and its CPU time is the best of
``--runs``; beside it, the same child times reading the same bytes once (decode, split
into lines, collapse the spaces of every line), the least any reader must do, so the
figure "x reading" compares like with like on a shared machine. ``--source`` times another
checkout's parser on the same pages, for before and after figures; a page whose parses take
longer than ``--limit`` seconds each is stopped and reported as such.

Prints a table and a verdict per target, ending ``VERDICT: PASS`` or ``VERDICT: FAIL (n
targets missed)``, and exits non-zero if a target of this checkout is missed:

- the 1 MB page in under 2 s of CPU, the 10 MB page in under 20 s;
- the 10 MB page in under 15 times the 1 MB page's time (ten times the input);
- each shape, at four times the size, in under 6 times the time.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "imports" / "fixtures" / "issue_customer_services.txt"
MB = 1_000_000
SECONDS_PER_MB = 2.0
GROWTH_10X = 15.0
GROWTH_4X = 6.0
SHAPE_SIZES = (250_000, 1_000_000)


def repeated_page(seed: str, size: int) -> str:
    """The seed page with its meeting repeated, a week earlier each time, to ``size`` bytes."""
    head, marker, rest = seed.partition("Meeting:")
    section = marker + rest.rstrip("\n") + "\n\n\n"
    date = section.split()[1]
    parts, length = [head], len(head.encode())
    day = datetime.datetime.strptime(date, "%d/%m/%Y").date()
    while length < size:
        part = section.replace(date, day.strftime("%d/%m/%Y"), 1)
        parts.append(part)
        length += len(part.encode())
        day -= datetime.timedelta(days=7)
    return "".join(parts)


def _minutes(seed: str) -> tuple[str, str]:
    """The page up to its minutes, and the minutes."""
    head, marker, minutes = seed.partition("Additional documents:")
    return head + marker + "\n", minutes.strip()


def _fill(head: str, unit: str, size: int, tail: str = "") -> str:
    return head + unit * max(1, (size - len(head.encode())) // len(unit.encode())) + tail


SHAPES = {
    "one paragraph": lambda seed, size: _fill(
        _minutes(seed)[0], " ".join(_minutes(seed)[1].split()) + " ", size
    ),
    "pointers, no question": lambda seed, size: _fill(
        _minutes(seed)[0], "The Director of ICT would investigate this point. ", size, "\n"
    ),
    "semicolons": lambda seed, size: _fill(
        _minutes(seed)[0], "the Director of ICT would investigate this point; ", size, ".\n"
    ),
    "many motions": lambda seed, size: _fill(
        _minutes(seed)[0],
        "Moved by Councillor Vicky Wapplington and seconded by Councillor Phil Smith\n\n",
        size,
    ),
    "HTML cut short": lambda seed, size: _fill(
        "<html><body>"
        + "".join(f"<p>{html.escape(line)}</p>\n" for line in seed.splitlines() if line.strip()),
        "<?",
        size,
    ),
}


def child(path: Path, runs: int) -> None:
    """Parse one page ``runs`` times in this checkout; print the best CPU times as JSON."""
    import django

    django.setup()
    from scrutiny.imports.errors import ImportRefused
    from scrutiny.imports.minutes_page import parse_minutes_page

    content = path.read_bytes()
    parse, reading, meetings = [], [], 0
    for _ in range(runs):
        start = time.process_time()
        lines = content.decode("utf-8-sig").splitlines()
        _ = [" ".join(line.split()) for line in lines]
        reading.append(time.process_time() - start)
        start = time.process_time()
        try:
            meetings = len(parse_minutes_page(content=content).meetings)
        except ImportRefused:
            meetings = 0
        parse.append(time.process_time() - start)
    print(json.dumps({"parse": min(parse), "reading": min(reading), "meetings": meetings}))


def time_parse(source: Path, path: Path, runs: int, limit: float) -> dict | None:
    """The child's figures for ``source``'s parser, or None when it ran past ``limit``."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(source)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, __file__, "--child", str(path), "--runs", str(runs)]
    try:
        finished = subprocess.run(
            command, cwd=source, env=env, capture_output=True, text=True, timeout=limit * runs + 30
        )
    except subprocess.TimeoutExpired:
        return None
    if finished.returncode:
        raise SystemExit(f"parsing {path.name} failed in {source}:\n{finished.stderr[-4000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _seconds(result: dict | None, limit: float) -> str:
    return f"over {limit:.0f}s" if result is None else f"{result['parse']:.3f}s"


def _ratio(first: dict | None, last: dict | None) -> float:
    return last["parse"] / first["parse"] if first and last else float("inf")


class Bench:
    """Times each page in this checkout (and ``--source``), printing a row for each and
    collecting the verdicts."""

    def __init__(self, args, temp: Path) -> None:
        self.args = args
        self.temp = temp
        self.seed = args.seed.read_text(encoding="utf-8")
        self.sources = [("this", ROOT)]
        if args.source:
            self.sources.append(("source", args.source.resolve()))
        self.verdicts: list[tuple[str, bool]] = []

    def time(self, name: str, text: str) -> tuple[dict | None, dict | None, float]:
        """This checkout's figures, the source's, and the page's size in MB."""
        path = self.temp / name
        path.write_text(text, encoding="utf-8")
        found = [
            time_parse(root, path, self.args.runs, self.args.limit) for _, root in self.sources
        ]
        return found[0], found[-1] if self.args.source else None, path.stat().st_size / MB

    def source_column(self, result: dict | None) -> str:
        return f"  source: {_seconds(result, self.args.limit)}" if self.args.source else ""

    def pages(self, sizes: list[float]) -> None:
        print(
            f"{'page':<24} {'size':>9} {'meetings':>8} {'parse':>10} {'per MB':>8} {'x reading':>9}"
        )
        timed = []
        for size in sizes:
            label = f"{size:g} MB page"
            mine, theirs, megabytes = self.time(
                f"page-{size:g}.txt", repeated_page(self.seed, int(size * MB))
            )
            timed.append(mine)
            figures = f"{'':>8} {_seconds(mine, self.args.limit):>10}"
            if mine is not None:
                figures = (
                    f"{mine['meetings']:>8} {mine['parse']:>9.3f}s"
                    f" {mine['parse'] / megabytes:>7.3f}s {mine['parse'] / mine['reading']:>8.1f}x"
                )
            print(f"{label:<24} {megabytes:>7.2f}MB {figures}{self.source_column(theirs)}")
            target = SECONDS_PER_MB * size
            self.verdicts.append(
                (f"{label}: under {target:g}s", mine is not None and mine["parse"] < target)
            )
        if len(sizes) >= 2:
            growth, allowed = sizes[-1] / sizes[0], GROWTH_10X * sizes[-1] / sizes[0] / 10
            ratio = _ratio(timed[0], timed[-1])
            print(
                f"{sizes[-1]:g} MB / {sizes[0]:g} MB: {ratio:.1f}x the time"
                f" for {growth:g}x the input"
            )
            self.verdicts.append(
                (
                    f"{sizes[-1]:g} MB page in under {allowed:g}x the {sizes[0]:g} MB page's time",
                    ratio < allowed,
                )
            )

    def shapes(self) -> None:
        print(f"\n{'shape':<24} {'size':>9} {'parse':>10} {'x reading':>9}")
        for shape, make in SHAPES.items():
            timed = []
            for size in SHAPE_SIZES:
                name = f"{shape.replace(' ', '-').replace(',', '')}-{size}.txt"
                mine, theirs, megabytes = self.time(name, make(self.seed, size))
                timed.append(mine)
                reading = f" {mine['parse'] / mine['reading']:>8.1f}x" if mine else ""
                print(
                    f"{shape:<24} {megabytes:>7.2f}MB {_seconds(mine, self.args.limit):>10}"
                    f"{reading}{self.source_column(theirs)}"
                )
            ratio = _ratio(*timed)
            self.verdicts.append(
                (f"{shape}: 4x the input in under {GROWTH_4X:g}x the time", ratio < GROWTH_4X)
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="page sizes in MB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", type=Path, help="another checkout, timed on the same pages")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per parse")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
        return 0
    print(f"best of {args.runs} runs, CPU seconds, {os.cpu_count()} CPUs; seed {args.seed.name}")
    with tempfile.TemporaryDirectory(prefix="scrutiny-bench-minutes-") as temp:
        bench = Bench(args, Path(temp))
        bench.pages([float(size) for size in args.sizes.split(",")])
        bench.shapes()
    print()
    for target, met in bench.verdicts:
        print(f"{'met   ' if met else 'MISSED'}  {target}")
    missed = sum(1 for _, met in bench.verdicts if not met)
    print("VERDICT: PASS" if not missed else f"VERDICT: FAIL ({missed} targets missed)")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
