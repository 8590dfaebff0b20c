"""Working days in England and Wales, and the deadline for a meeting's agenda papers.

Section 100B of the Local Government Act 1972 requires a principal council to make the
agenda and reports for a meeting open to inspection at least five *clear* days before the
meeting. "Clear days" exclude both the day the papers are published and the day of the
meeting, and (since the Local Government (Access to Information) (Variation) Order 2002)
Saturdays, Sundays and bank holidays do not count. So a meeting on Monday 16 September 2024
needs its papers by Friday 6 September 2024: 9, 10, 11, 12 and 13 September are the five
clear working days between.

Bank holidays are computed by rule, with a small table of the years the rules were
changed by proclamation. A council can add its own closure days (for example the days
between Christmas and New Year when its offices shut) through the
``SCRUTINY_EXTRA_NON_WORKING_DAYS`` setting: an iterable of ``date`` objects or ISO 8601
strings such as ``"2025-12-29"``.

Everything here is plain Python: no database, and settings are read only for the extra
closure days.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

CLEAR_WORKING_DAYS_FOR_PAPERS = 5

# The rules below are those in force since 1978, when the early May bank holiday began.
FIRST_SUPPORTED_YEAR = 1978

# Years when a regular bank holiday was moved by royal proclamation: (year, holiday) -> the
# day or days that replaced it. Extra days granted in the same year are listed with them.
_MOVED_HOLIDAYS: dict[tuple[int, str], tuple[date, ...]] = {
    # 50th anniversary of VE Day: early May bank holiday moved to Monday 8 May.
    (1995, "early_may"): (date(1995, 5, 8),),
    # Golden Jubilee: spring bank holiday moved to Tuesday 4 June, extra day Monday 3 June.
    (2002, "spring"): (date(2002, 6, 3), date(2002, 6, 4)),
    # Diamond Jubilee: spring bank holiday moved to Monday 4 June, extra day Tuesday 5 June.
    (2012, "spring"): (date(2012, 6, 4), date(2012, 6, 5)),
    # 75th anniversary of VE Day: early May bank holiday moved to Friday 8 May.
    (2020, "early_may"): (date(2020, 5, 8),),
    # Platinum Jubilee: spring bank holiday moved to Thursday 2 June, extra day Friday 3 June.
    (2022, "spring"): (date(2022, 6, 2), date(2022, 6, 3)),
}

# One-off bank holidays granted by proclamation, in addition to the regular ones.
_ONE_OFF_HOLIDAYS: frozenset[date] = frozenset(
    {
        date(1999, 12, 31),  # Millennium celebrations
        date(2011, 4, 29),  # Wedding of Prince William and Catherine Middleton
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of King Charles III
    }
)


def _check_is_date(value: object, name: str) -> None:
    # A datetime is a date too, but comparing it with dates silently fails; and which
    # calendar day an aware datetime falls on depends on the time zone, so the caller
    # must decide (usually ``timezone.localdate(value)``).
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(calendar.MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - calendar.MONDAY) % 7)


def _is_weekend(day: date) -> bool:
    return day.weekday() >= calendar.SATURDAY


def _with_substitutes(days: Iterable[date], taken: set[date]) -> list[date]:
    """Each day that falls at a weekend is replaced by the next weekday not already a
    holiday: Christmas on a Saturday gives Monday 27 and Tuesday 28 December."""
    result = []
    for day in days:
        actual = day
        while _is_weekend(actual) or actual in taken:
            actual += timedelta(days=1)
        taken.add(actual)
        result.append(actual)
    return result


@functools.cache
def england_and_wales_bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays in England and Wales in ``year``, as GOV.UK lists them: when a
    fixed holiday falls at a weekend, the substitute weekday is listed instead."""
    if year < FIRST_SUPPORTED_YEAR:
        raise ValueError(f"bank holidays are computed only from {FIRST_SUPPORTED_YEAR} on")
    easter = easter_sunday(year)
    holidays: set[date] = {easter - timedelta(days=2), easter + timedelta(days=1)}
    holidays.update(_MOVED_HOLIDAYS.get((year, "early_may"), (_first_monday(year, 5),)))
    holidays.update(_MOVED_HOLIDAYS.get((year, "spring"), (_last_monday(year, 5),)))
    holidays.add(_last_monday(year, 8))
    holidays.update(day for day in _ONE_OFF_HOLIDAYS if day.year == year)
    holidays.update(_with_substitutes([date(year, 1, 1)], holidays))
    holidays.update(_with_substitutes([date(year, 12, 25), date(year, 12, 26)], holidays))
    return frozenset(holidays)


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
    return (
        not _is_weekend(day)
        and day not in england_and_wales_bank_holidays(day.year)
        and day not in extra
    )


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday, bank holiday in England and Wales or council closure day."""
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
