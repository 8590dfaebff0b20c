"""Time a ModernGov import of 1,000 meetings on SQLite and on PostgreSQL.

Run from the repository root:  .venv/bin/python benchmarks/import_moderngov.py
    [--meetings 1000] [--items 15] [--engines sqlite,postgres] [--runs 3]

Generates saved web-service answers (GetCommittees, GetMeetings, and one GetMeeting per
meeting with 15 agenda items, each with two documents and minutes holding a motion, a
resolution and an action) in a temporary directory, then for each engine runs a child
process with the test settings against a fresh database with migrations applied: it
reads the files through the real parser and imports them through the real
``RecordImporter``, then imports them again (everything unchanged). Prints meetings per
second for each step (read+parse, import, re-import, and end to end: read+parse+import),
the import's rate in this process's CPU time (the machine may be shared; PostgreSQL's
own work is not counted there), and whether the whole run end to end reaches the
target of 200 a second. With ``--runs`` each engine runs that many times in a fresh
database, taking turns with the baseline, and the verdict is on the median run. Exits
non-zero if the median end to end misses the target. ``--baseline`` (a commit or
branch, ``main`` by default) is measured the same way in the same run, for before and
after figures. PostgreSQL runs at postgres://postgres@127.0.0.1:5432 in a temporary
database created and dropped here.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 200.0
POSTGRES = "postgres://postgres@127.0.0.1:5432"
COMMITTEES = 10
COUNCILLORS = [f"{first} {last}" for first in ("Ann", "Bob", "Cal", "Dee") for last in "KLMN"]


def _item(meeting: int, number: int) -> str:
    mover, seconder = COUNCILLORS[number % 16], COUNCILLORS[(number + 5) % 16]
    minutes = (
        f"<p>The Head of Service introduced report {meeting}-{number}.</p>"
        "<p>A Member asked about the budget. "
        "The Director of Finance would investigate this point.</p>"
        f"<p>Moved by Councillor {mover} and seconded by Councillor {seconder}</p>"
        "<p><strong>RESOLVED</strong> that:</p><ol><li>the report be noted;</li>"
        f"<li>officers report back on item {number} in six months;</li>"
        "<li>the action plan be approved.</li></ol>"
    )
    item_id = meeting * 100 + number
    documents = "".join(
        f"<linkeddoc><attachmentid>{item_id * 10 + d}</attachmentid>"
        f"<title>{'Report' if d == 0 else 'Appendix A'} {item_id}</title>"
        f"<url>https://democracy.example.gov.uk/documents/s{item_id * 10 + d}/doc.pdf</url>"
        "<isrestricted>False</isrestricted><publicationdate>01/01/2024</publicationdate>"
        "</linkeddoc>"
        for d in range(2)
    )
    return (
        f"<agendaitem><agendaitemid>{item_id}</agendaitemid>"
        f"<agendaitemtitle>Report {number} for meeting {meeting}</agendaitemtitle>"
        f"<agendatext>&lt;p&gt;To consider report {number}.&lt;/p&gt;</agendatext>"
        f"<agendaitemnumber>{number}</agendaitemnumber><agendaitemsubnumber>0</agendaitemsubnumber>"
        f"<fulldisplaynumberformat>{number}.</fulldisplaynumberformat>"
        f"<minutesnonemptyhtmlbody><![CDATA[{minutes}]]></minutesnonemptyhtmlbody>"
        "<declarationcount>0</declarationcount><isrestricted>False</isrestricted>"
        f"<isdecision>True</isdecision><linkeddocuments>{documents}</linkeddocuments></agendaitem>"
    )


def generate(directory: Path, *, meetings: int, items: int) -> None:
    """Saved answers for ``meetings`` meetings spread over ten committees."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "GetCommittees.xml").write_text(
        "<committees>"
        + "".join(
            f"<committee><committeeid>{c}</committeeid>"
            f"<committeetitle>Benchmark Committee {c}</committeetitle></committee>"
            for c in range(1, COMMITTEES + 1)
        )
        + "</committees>"
    )
    listed: dict[int, list[str]] = {c: [] for c in range(1, COMMITTEES + 1)}
    first = datetime.date(2015, 1, 5)
    for number in range(1, meetings + 1):
        committee = 1 + number % COMMITTEES
        day = (first + datetime.timedelta(days=number * 3)).strftime("%d/%m/%Y")
        meeting_id = 10000 + number
        listed[committee].append(
            f"<meeting><meetingid>{meeting_id}</meetingid><meetingdate>{day}</meetingdate></meeting>"
        )
        attendees = "".join(
            f"<attendee name='Councillor {name}' roledescription='Committee Member' "
            "attendance='Present'/>"
            for name in COUNCILLORS[number % 8 : number % 8 + 8]
        )
        (directory / f"GetMeeting_{meeting_id}.xml").write_text(
            f"<meeting><meetingid>{meeting_id}</meetingid><committeeid>{committee}</committeeid>"
            f"<committeetitle>Benchmark Committee {committee}</committeetitle>"
            f"<meetingdate>{day}</meetingdate><meetingtime>18:00</meetingtime>"
            "<meetingstatus>Held</meetingstatus><meetinglocation>Council Chamber</meetinglocation>"
            "<agendapublished>True</agendapublished><minutepublished>True</minutepublished>"
            f"<attendees>{attendees}</attendees><agendaitems>"
            + "".join(_item(number, i) for i in range(1, items + 1))
            + "</agendaitems></meeting>"
        )
    for committee, meetings_xml in listed.items():
        (directory / f"GetMeetings_{committee}.xml").write_text(
            f"<getmeetings><committee><committeeid>{committee}</committeeid></committee>"
            f"<committeemeetings>{''.join(meetings_xml)}</committeemeetings></getmeetings>"
        )


def child_end_to_end(directory: Path) -> None:
    """In a fresh database: migrate, then read and import as ``import_moderngov --files``
    does (the answers parsed while the import writes); print the rate as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    from scrutiny.committees.models import Meeting
    from scrutiny.imports.moderngov_client import FilesSource
    from scrutiny.imports.moderngov_walk import stream_moderngov
    from scrutiny.imports.writers import RecordImporter

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    read = stream_moderngov(source=FilesSource(directory=directory), from_date=None, to_date=None)
    report = RecordImporter(source="ModernGov").import_meetings(read)
    finished = time.perf_counter()
    count = len(read)
    assert report.counts["meeting"]["created"] == count == Meeting.objects.count()
    print(json.dumps({"meetings": count, "end_to_end": count / (finished - start)}))


def child(directory: Path) -> None:
    """In a fresh database: migrate, read, import, import again; print timings as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    from scrutiny.committees.models import AgendaItem, Meeting
    from scrutiny.imports.moderngov_client import FilesSource
    from scrutiny.imports.moderngov_walk import read_moderngov
    from scrutiny.imports.writers import RecordImporter

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    read = read_moderngov(source=FilesSource(directory=directory), from_date=None, to_date=None)
    parsed, parsed_cpu = time.perf_counter(), time.process_time()
    first = RecordImporter(source="ModernGov").import_meetings(read.meetings)
    imported, imported_cpu = time.perf_counter(), time.process_time()
    again = RecordImporter(source="ModernGov").import_meetings(read.meetings)
    reimported = time.perf_counter()
    count = len(read.meetings)
    assert first.counts["meeting"]["created"] == count, first.lines()
    assert again.total("created") == again.total("updated") == 0, again.lines()
    assert Meeting.objects.count() == count and AgendaItem.objects.count() > count
    print(
        json.dumps(
            {
                "meetings": count,
                "read": count / (parsed - start),
                "import": count / (imported - parsed),
                "import_cpu": count / (imported_cpu - parsed_cpu),
                "reimport": count / (reimported - imported),
                "end_to_end": count / (imported - start),
            }
        )
    )


def run_engine(
    engine: str, directory: Path, workdir: Path, *, root: Path = ROOT, mode: str = "--child"
) -> dict:
    """One child run in a fresh database, with the code of the checkout at ``root``."""
    import psycopg

    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    name = f"scrutiny_bench_{os.getpid()}"
    if engine == "sqlite":
        database = workdir / f"bench-{os.getpid()}.sqlite3"
        database.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{POSTGRES}/{name}"
    try:
        finished = subprocess.run(
            [
                sys.executable,
                str(root / "benchmarks" / "import_moderngov.py"),
                mode,
                str(directory),
            ],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
        )
        if finished.returncode:
            raise SystemExit(f"{engine}: the import failed\n{finished.stderr}")
        output = finished.stdout
    finally:
        if engine == "postgres":
            with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return json.loads(output.strip().splitlines()[-1])


def run_baseline(engine: str, directory: Path, workdir: Path, root: Path) -> dict:
    """The baseline's figures, measured as this checkout's are: its steps, then end to end
    as its command runs it. A baseline older than the end-to-end run gives its steps'
    figure for both."""
    base = run_engine(engine, directory, workdir, root=root)
    base["steps"] = base.pop("end_to_end")
    try:
        base |= run_engine(engine, directory, workdir, root=root, mode="--end-to-end")
    except SystemExit:
        print(f"(the baseline has no end-to-end run: its {engine} steps stand for it)")
        base["end_to_end"] = base["steps"]
    return base


def _verdict(rate: float) -> str:
    return "met" if rate >= TARGET else "MISSED"


def export_baseline(ref: str, into: Path) -> Path | None:
    """The code of ``ref`` (a commit or branch of this repository) in ``into``, to time
    beside this checkout; None when git cannot give it."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=False
    )
    if archive.returncode:
        print(f"baseline {ref!r} not measured: {archive.stderr.decode().strip()[:200]}")
        return None
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--items", type=int, default=15)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--baseline",
        default="main",
        help="a commit or branch timed in the same run for comparison ('' for none)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--end-to-end", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return 0
    if args.end_to_end:
        child_end_to_end(Path(args.end_to_end))
        return 0
    all_met = True
    columns = ("read", "import", "reimport", "steps", "import_cpu", "end_to_end")
    with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as temp:
        directory = Path(temp) / "saved"
        generate(directory, meetings=args.meetings, items=args.items)
        baseline = (
            export_baseline(args.baseline, Path(temp) / "baseline") if args.baseline else None
        )
        print(f"{args.meetings:,} meetings of {args.items} items, {os.cpu_count()} CPUs")
        print("meetings per second: read+parse, import, re-import unchanged, read then import")
        print("(steps), the import in this process's CPU time, and end to end as the command")
        print("runs it (answers parsed while the import writes); each in a fresh database")
        print(
            f"{'engine':<20}"
            + "".join(f" {name:>7}" for name in ("read", "import", "again", "steps", "cpu"))
            + f" {'end2end':>7}"
        )
        verdicts = []
        for engine in args.engines.split(","):
            # This checkout and the baseline take turns, run by run, so a machine shared
            # with other work slows both alike rather than whichever ran at a busy moment.
            results, bases = [], []
            for _ in range(args.runs):
                result = run_engine(engine, directory, Path(temp))
                result["steps"] = result.pop("end_to_end")
                result |= run_engine(engine, directory, Path(temp), mode="--end-to-end")
                results.append(result)
                if baseline is not None:
                    bases.append(run_baseline(engine, directory, Path(temp), baseline))
            for number, result in enumerate(results, start=1):
                label = engine if args.runs == 1 else f"{engine} #{number}"
                print(f"{label:<20}" + "".join(f" {result[c]:>7.1f}" for c in columns))
            median = {c: statistics.median(r[c] for r in results) for c in columns}
            if args.runs > 1:
                print(f"{engine + ' median':<20}" + "".join(f" {median[c]:>7.1f}" for c in columns))
            base = None
            if bases:
                base = {c: statistics.median(b[c] for b in bases) for c in columns}
                label = engine + " " + args.baseline + (" median" if args.runs > 1 else "")
                print(f"{label:<20}" + "".join(f" {base[c]:>7.1f}" for c in columns))
            all_met &= median["end_to_end"] >= TARGET
            against = (
                f" ({median['end_to_end'] / base['end_to_end']:.1f} times {args.baseline}'s "
                f"{base['end_to_end']:.1f}/s)"
                if base
                else ""
            )
            verdicts.append(
                f"{engine}: end to end {median['end_to_end']:.1f}/s{against}, target "
                f"{_verdict(median['end_to_end'])}; import alone {median['import']:.1f}/s"
            )
    print(f"target: at least {TARGET:.0f} meetings a second end to end")
    print("\n".join(verdicts))
    print("VERDICT: PASS" if all_met else "VERDICT: FAIL")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
