"""What the archive's stages share: the seeded generator, the dates everything is relative
to, the sizes asked for, the rows written so far and the time each stage took."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from scrutiny.imports.bulk import insert_records

# Sizes of the full archive (scale 1.0, 20 years), from real ModernGov councils.
FULL_YEARS = 20
FULL = {
    "committees": 10,
    "councillors": 60,
    "officers": 200,
    "meetings": 5_000,
    "items": 60_000,
    "documents": 100_000,
    "attendance": 40_000,
    "reviews": 500,
    "recommendations": 25_000,
}
FUTURE_DAYS = 91  # meetings are scheduled about three months ahead


def months_after(day: dt.date, months: int) -> dt.date:
    return day + relativedelta(months=months)


@dataclass
class Sizes:
    """How much to write: the full archive's sizes times `scale`, per year of record."""

    scale: float
    years: int

    def of(self, what: str, minimum: int = 1) -> int:
        per_year = FULL[what] * self.scale / FULL_YEARS
        return max(minimum, round(per_year * self.years))

    def fixed(self, what: str, minimum: int = 1) -> int:
        """Sizes that do not grow with the years on record (the council's people)."""
        return max(minimum, round(FULL[what] * self.scale))


@dataclass
class Context:
    rng: random.Random
    today: dt.date
    sizes: Sizes
    actions_as_imported: bool
    stdout: object = None
    written: Counter = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def now(self) -> dt.datetime:
        """The start of `today`: everything dated before it has happened."""
        return self.at(self.today, 0)

    @property
    def first_day(self) -> dt.date:
        return self.today - dt.timedelta(days=round(365.25 * self.sizes.years))

    @property
    def last_day(self) -> dt.date:
        return self.today + dt.timedelta(days=FUTURE_DAYS)

    @staticmethod
    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def write(self, model, records: list) -> None:
        """Insert unsaved records (their new ids are set on them) and count them."""
        insert_records(model, records)
        self.written[model.__name__] += len(records)

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text + "\n" if not text.endswith("\n") else text)
            flush = getattr(self.stdout, "flush", None)
            if flush:
                flush()

    def stage(self, name: str):
        return _Stage(self, name)


class _Stage:
    def __init__(self, context: Context, name: str):
        self.context, self.name = context, name

    def __enter__(self):
        self.started = time.perf_counter()
        self.before = sum(self.context.written.values())
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            return False
        seconds = time.perf_counter() - self.started
        self.context.stage_seconds[self.name] = seconds
        rows = sum(self.context.written.values()) - self.before
        self.context.say(f"  {self.name:<34} {rows:>9,} rows {seconds:7.1f} s")
        return False
