"""Working days, and the deadline for a meeting's agenda papers.

Section 100B of the Local Government Act 1972 requires a principal council to make the
agenda and reports for a meeting open to inspection at least five *clear* days before the
meeting. "Clear days" exclude both the day the papers are published and the day of the
meeting, and (since the Local Government (Access to Information) (Variation) Order 2002)
Saturdays, Sundays and bank holidays do not count. So a meeting on Monday 16 September 2024
needs its papers by Friday 6 September 2024: 9, 10, 11, 12 and 13 September are the five
clear working days between.

Bank holidays come from the maintained ``holidays`` calendar (which follows the royal
proclamations that move or add them), for the part of the UK the council is in:
``SCRUTINY_BANK_HOLIDAYS`` is ``england-and-wales`` (the default), ``scotland`` or
``northern-ireland``. A council can add its own closure days (for example the days
between Christmas and New Year when its offices shut) through the
``SCRUTINY_EXTRA_NON_WORKING_DAYS`` setting: an iterable of ``date`` objects or ISO 8601
strings such as ``"2025-12-29"``.

Everything here is plain Python: no database, and settings are read only for the region
and the extra closure days.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, datetime, timedelta

import holidays

CLEAR_WORKING_DAYS_FOR_PAPERS = 5

# SCRUTINY_BANK_HOLIDAYS -> the calendar's subdivision of the United Kingdom.
REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
DEFAULT_REGION = "england-and-wales"


def _check_is_date(value: object, name: str) -> None:
    # A datetime is a date too, but comparing it with dates silently fails; and which
    # calendar day an aware datetime falls on depends on the time zone, so the caller
    # must decide (usually ``timezone.localdate(value)``).
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def _is_weekend(day: date) -> bool:
    return day.weekday() >= calendar.SATURDAY


def region() -> str:
    """The council's part of the UK for bank holidays, from ``SCRUTINY_BANK_HOLIDAYS``."""
    from django.conf import settings

    name = DEFAULT_REGION
    if settings.configured:
        name = getattr(settings, "SCRUTINY_BANK_HOLIDAYS", DEFAULT_REGION) or DEFAULT_REGION
    if name not in REGIONS:
        choices = ", ".join(REGIONS)
        raise ValueError(f"SCRUTINY_BANK_HOLIDAYS is {name!r}: use one of {choices}.")
    return name


def bank_holidays(year: int, *, where: str | None = None) -> frozenset[date]:
    """The bank holidays in ``year`` as GOV.UK lists them: when a fixed holiday falls at a
    weekend, the substitute weekday is listed instead."""
    return _bank_holidays(where or region(), year)


@functools.cache
def _bank_holidays(where: str, year: int) -> frozenset[date]:
    calendar_ = holidays.country_holidays("GB", subdiv=REGIONS[where], years=year)
    return frozenset(day for day in calendar_ if not _is_weekend(day))


def extra_non_working_days() -> frozenset[date]:
    """The council's own closure days, from ``settings.SCRUTINY_EXTRA_NON_WORKING_DAYS``."""
    from django.conf import settings

    if not settings.configured:
        return frozenset()
    days = set()
    for value in getattr(settings, "SCRUTINY_EXTRA_NON_WORKING_DAYS", ()):
        days.add(date.fromisoformat(value) if isinstance(value, str) else value)
    for day in days:
        _check_is_date(day, "each of SCRUTINY_EXTRA_NON_WORKING_DAYS")
    return frozenset(days)


def _is_working_day(day: date, extra: frozenset[date]) -> bool:
    return not _is_weekend(day) and day not in bank_holidays(day.year) and day not in extra


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday, bank holiday (in the council's part of the UK) or council
    closure day."""
    _check_is_date(day, "day")
    return _is_working_day(day, extra_non_working_days())


def clear_working_days_between(start: date, end: date) -> int:
    """The working days strictly between ``start`` and ``end``: neither end counts.
    Zero when ``end`` is not at least two days after ``start``."""
    _check_is_date(start, "start")
    _check_is_date(end, "end")
    extra = extra_non_working_days()
    count = 0
    day = start + timedelta(days=1)
    while day < end:
        count += _is_working_day(day, extra)
        day += timedelta(days=1)
    return count


def papers_deadline(meeting_date: date) -> date:
    """The last working day on which the papers for a meeting on ``meeting_date`` can be
    published with five clear working days before the meeting.

    Publication on a Saturday, Sunday or bank holiday straight after this day would still
    leave five clear working days (see ``papers_are_late``), but the council publishes on
    working days, so the deadline it works to is a working day.
    """
    _check_is_date(meeting_date, "meeting_date")
    extra = extra_non_working_days()
    day = meeting_date
    found = 0
    while found < CLEAR_WORKING_DAYS_FOR_PAPERS:
        day -= timedelta(days=1)
        found += _is_working_day(day, extra)
    # ``day`` is now the earliest of the five clear working days; publication must be
    # on a working day before it.
    day -= timedelta(days=1)
    while not _is_working_day(day, extra):
        day -= timedelta(days=1)
    return day


def papers_are_late(*, meeting_date: date, published_on: date) -> bool:
    """Whether papers published on ``published_on`` left fewer than five clear working
    days before the meeting."""
    _check_is_date(meeting_date, "meeting_date")
    _check_is_date(published_on, "published_on")
    return clear_working_days_between(published_on, meeting_date) < CLEAR_WORKING_DAYS_FOR_PAPERS
