"""What the import commands share: progress lines, dates from options, printing a report."""

import datetime
import json
import re
from collections.abc import Callable

from django.core.management.base import CommandError, OutputWrapper

from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.report import ImportReport

# Long runs report progress; a run shorter than this says nothing until it ends.
PROGRESS_FROM = 100


def progress_printer(stderr: OutputWrapper, verb: str) -> Callable[[int, int], None]:
    """ "Imported 120 of 1,000 meetings" on stderr, every chunk and at the end of a long run."""

    def report(done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % PROGRESS_FROM == 0 or done == total):
            stderr.write(f"{verb} {done:,} of {total:,} meetings")

    return report


def date_option(value: str | None, *, option: str) -> datetime.date | None:
    """A date given as YYYY-MM-DD or dd/mm/yyyy."""
    if not value:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    try:
        if iso:
            return datetime.date(*(int(part) for part in iso.groups()))
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise CommandError(f"{option}: {value!r} is not a date (use YYYY-MM-DD or dd/mm/yyyy)")


def refused(error: ImportRefused) -> CommandError:
    return CommandError(f"Nothing was imported. {error.place}: {error.reason}")


def write_report(stdout: OutputWrapper, report: ImportReport, *, payload: dict | None) -> None:
    """The counts as text, or ``payload`` with them as JSON when one is given."""
    if payload is not None:
        stdout.write(json.dumps(payload | {"import": report.as_dict()}, indent=2))
        return
    for line in report.lines() or ["Nothing to import."]:
        stdout.write(line)
