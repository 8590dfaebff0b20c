"""Deadlines as minutes state them, and the dates they name.

An officer's undertaking is often given a deadline in words: "within a fortnight", "by 1
March", "before the end of the month", "by the next meeting". ``find_deadline`` finds the
first such phrase in a stretch of text; ``deadline_due_on`` turns it into a date, counting
from the day of the meeting that minuted it:

- within (or in) N days, weeks or months; a week, a fortnight, a month: the meeting's day
  plus that long ("working days" skip Saturdays and Sundays);
- by, before, no later than 1 March (or 1st March, March 1): that day; with no year, the
  first on or after the meeting; by 01/03/2025: that day;
- by (the end of) March: the last day of that month, the first on or after the meeting;
- by the end of the week, the month, the year, the financial year: that Friday, the last
  day of the month, 31 December, 31 March;
- by Friday: the first Friday after the meeting;
- by, before, at, for, in time for, to the next meeting: the committee's next meeting
  when it is known, else none.

Anything else ("shortly", "in due course", "as soon as possible", "in the spring") is not
a deadline: the action keeps its wording and has no due date.
"""

import calendar
import datetime
import re

from scrutiny.imports.month_names import MONTHS as _MONTHS

_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty-one": 21,
    "twenty-eight": 28,
    "thirty": 30,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_BY = r"(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|ahead\s+of)"
_DEADLINE = re.compile(
    # The lookahead only skips, quickly, the words no deadline starts with (twice as quick).
    r"(?i:\b(?=[wibaftno])(?:"
    rf"(?:within|in)\s+(?:the\s+next\s+)?(?P<count>{_NUMBER})\s+(?P<unit>(?:working\s+)?days?|weeks?|months?)(?:['\u2019]?s?['\u2019]?\s+time)?"
    r"|(?:within|in)\s+(?:a|one)\s+(?P<fortnight>fortnight)(?:['\u2019]s\s+time)?"
    r"|(?:by|before|ahead\s+of|in\s+time\s+for|for|at|to)\s+the\s+(?P<next>next|following)\s+meeting"
    rf"(?:\s+of\s+the\s+(?:committee|board|panel|commission|sub-committee))?"
    rf"|{_BY}\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b(?:\s+(?P<year>\d{{4}}))?"
    rf"|{_BY}\s+(?P<month_first>{_MONTH})\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year_after>\d{{4}}))?"
    rf"|{_BY}\s+(?P<numeric>\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    rf"|{_BY}\s+(?:the\s+(?:end|close)\s+of\s+)?(?P<whole_month>{_MONTH})\b(?:\s+(?P<month_year>\d{{4}}))?"
    rf"|{_BY}\s+the\s+(?:end|close)\s+of\s+(?:the\s+|this\s+)?(?P<period>week|month|calendar\s+year|year|financial\s+year)"
    rf"|{_BY}\s+(?:next\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday)"
    r")\b)"
)


def find_deadline(text: str) -> str:
    """The first deadline stated in ``text``, as written (spaces tidied), or ""."""
    match = _DEADLINE.search(text)
    return " ".join(match.group(0).split()) if match else ""


def deadline_due_on(
    deadline: str,
    *,
    meeting_date: datetime.date | None,
    next_meeting: datetime.date | None = None,
) -> datetime.date | None:
    """The date ``deadline`` names, counted from ``meeting_date`` (see the module's table);
    None when it names none, or needs a date that is not given. A deadline with a full
    date ("by 01/03/2025", "by 1 March 2025") needs no meeting date."""
    match = _DEADLINE.fullmatch(" ".join(deadline.split())) if deadline else None
    if match is None:
        return None
    found = match.groupdict()
    try:
        if found["numeric"]:
            day, month, year = (int(part) for part in found["numeric"].split("/"))
            return datetime.date(year, month, day)
        if found["day"] or found["day_after"]:
            day = int(found["day"] or found["day_after"])
            month = _MONTHS[(found["month"] or found["month_first"]).lower()]
            year = found["year"] or found["year_after"]
            if year:
                return datetime.date(int(year), month, day)
            return _first_on_or_after(meeting_date, month, day)
    except ValueError:
        return None  # "by 31 February": not a day, so no due date
    if found["whole_month"]:
        month = _MONTHS[found["whole_month"].lower()]
        if found["month_year"]:
            year = int(found["month_year"])
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
        return _month_end_on_or_after(meeting_date, month)
    if found["next"]:
        return next_meeting
    if meeting_date is None:
        return None
    if found["count"]:
        return _after(
            meeting_date, _NUMBERS.get(found["count"].lower()) or int(found["count"]), found["unit"]
        )
    if found["fortnight"]:
        return meeting_date + datetime.timedelta(days=14)
    if found["weekday"]:
        ahead = (_WEEKDAYS[found["weekday"].lower()] - meeting_date.weekday() - 1) % 7 + 1
        return meeting_date + datetime.timedelta(days=ahead)
    return _period_end(meeting_date, " ".join(found["period"].lower().split()))


def _after(day: datetime.date, count: int, unit: str) -> datetime.date:
    unit = " ".join(unit.lower().split()).rstrip("s")
    if unit == "day":
        return day + datetime.timedelta(days=count)
    if unit == "week":
        return day + datetime.timedelta(weeks=count)
    if unit == "working day":
        while count:
            day += datetime.timedelta(days=1)
            count -= day.weekday() < 5
        return day
    month_index = day.month - 1 + count
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _first_on_or_after(
    meeting_date: datetime.date | None, month: int, day: int
) -> datetime.date | None:
    if meeting_date is None:
        return None
    for year in range(meeting_date.year, meeting_date.year + 5):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue  # 29 February in a year without one
        if candidate >= meeting_date:
            return candidate
    return None


def _month_end_on_or_after(meeting_date: datetime.date | None, month: int) -> datetime.date | None:
    if meeting_date is None:
        return None
    year = meeting_date.year if month >= meeting_date.month else meeting_date.year + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(day: datetime.date, period: str) -> datetime.date:
    if period == "week":
        return day + datetime.timedelta(days=(4 - day.weekday()) % 7)
    if period == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if period == "financial year":
        return datetime.date(day.year if day.month <= 3 else day.year + 1, 3, 31)
    return datetime.date(day.year, 12, 31)
