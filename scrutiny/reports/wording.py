"""The council's set wording for post-scrutiny monitoring reports.

Pure functions only: no database, no Django settings, no locale. Apostrophes are
straight (') throughout so that the same text can be searched for in every format.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from scrutiny.core.words import NUMBER_WORDS

if TYPE_CHECKING:
    from .data import MonitoringReportData

_ORDINAL_WORDS = (
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
REPORT_KIND = "Post-Scrutiny Monitoring Update"
NO_DATE = "Not set"
DRAFT_MARK = "DRAFT"
DRAFT_NOTICE = (
    "This report has not been issued. It shows the review as it stands today and will "
    "change until it is issued to a meeting."
)


def sequence_word(n: int) -> str:
    """``1`` -> "First" ... ``12`` -> "Twelfth", then "13th", "21st", "22nd", "111th"."""
    if n < 1:
        raise ValueError(f"a report sequence starts at 1, not {n}")
    if n <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n - 1]
    teens = n % 100 in (11, 12, 13)
    return f"{n}{'th' if teens else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def number_word(n: int) -> str:
    """``1`` -> "one" ... ``12`` -> "twelve"; larger numbers stay as digits."""
    if 1 <= n <= 12:
        return NUMBER_WORDS[n]
    return str(n)


def months_time(interval_months: int) -> str:
    """The possessive used in "in six months' time": "one month's", "three months'"."""
    if interval_months < 1:
        raise ValueError(f"a monitoring interval is at least one month, not {interval_months}")
    if interval_months == 1:
        return "one month's"
    return f"{number_word(interval_months)} months'"


def format_date(value: date | None, missing: str = NO_DATE) -> str:
    """``date(2024, 9, 16)`` -> "16 September 2024" (GOV.UK style, no leading zero)."""
    if value is None:
        return missing
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


def report_kind(*, sequence: int, is_final: bool) -> str:
    """ "Second Interim Report" or "Final Report"."""
    if is_final:
        return "Final Report"
    return f"{sequence_word(sequence)} Interim Report"


def report_title(data: MonitoringReportData) -> str:
    """E.g. "Review of ...: Second Interim Report (Post-Scrutiny Monitoring Update)"."""
    return title_of(review_title=data.review_title, sequence=data.sequence, is_final=data.is_final)


def title_of(*, review_title: str, sequence: int, is_final: bool) -> str:
    """`report_title` from the three things it is made of."""
    kind = report_kind(sequence=sequence, is_final=is_final)
    return f"{review_title}: {kind} ({REPORT_KIND})"


def purpose_sentence(data: MonitoringReportData) -> str:
    """The opening sentence saying what the report is for."""
    recommendations = "recommendation" if data.total == 1 else "recommendations"
    if data.is_final:
        opening = "This final monitoring report sets out"
    else:
        kind = sequence_word(data.sequence).lower()
        opening = f"This {kind} interim monitoring report sets out"
    return (
        f"{opening} the progress made in delivering the {data.total} {recommendations} "
        f"agreed following the {data.review_title}."
    )


def exceptions_intro(count: int) -> str:
    """The sentence introducing the exceptions table."""
    if count == 0:
        return "There are no exceptions to delivery to report."
    if count == 1:
        subject = "The following recommendation has"
    else:
        subject = f"The following {count} recommendations have"
    return (
        f"{subject} not been delivered by the original target date. The service's reason, "
        "the revised target date and the latest update are given for each."
    )


def recommendations_intro(committee_name: str = "") -> str:
    """The sentence that introduces the draft resolutions."""
    if committee_name:
        return f"It is recommended that the {committee_name} resolves that:"
    return "It is recommended that the committee resolves that:"


def draft_resolutions(
    *, constitution_reference: str, interval_months: int, is_final: bool = False
) -> tuple[str, ...]:
    """The four draft resolutions in the council's form.

    ``constitution_reference`` is the council's whole citation of the rule that allows the
    report to be made public, e.g. "Part 4.5.17(4) of the Council's Constitution". A final
    report closes the review instead of
    asking for a further report after ``interval_months``.
    """
    where = constitution_reference.strip() or "the Council's Constitution"
    if is_final:
        last = (
            "that Members sign off the review as complete and no further monitoring report "
            "is required."
        )
    else:
        last = (
            "that Officers continue to implement the recommendations and submit a further "
            f"report in {months_time(interval_months)} time highlighting progress and any "
            "exceptions to delivery."
        )
    return (
        "Members note the progress against the review recommendations;",
        "that Members acknowledge any exceptions to delivery and clarify the additional "
        "action required by the service;",
        f"that Members make its report and findings public, in accordance with {where};",
        last,
    )


def data_resolutions(data: MonitoringReportData) -> tuple[str, ...]:
    """:func:`draft_resolutions` for a report's data."""
    return draft_resolutions(
        constitution_reference=data.constitution_reference,
        interval_months=data.interval_months,
        is_final=data.is_final,
    )
