"""Sample monitoring-report data for the renderer tests and the benchmark.

Modelled on a real second interim report to a customer services scrutiny committee:
13 recommendations, 9 achieved (2 of them late) and 4 extended.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from scrutiny.reports.data import (
    MonitoringReportData,
    RecommendationRow,
    StatusCount,
    TimelineLine,
)

REVIEW_TITLE = "Review of Members ICT & Support and ICT Service Delivery"
SUMMARY = "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended."

EXTENDED = (
    (
        "that necessary works be completed in the Council Chamber to upgrade the power supply",
        "Estates and Property",
        "The works depend on the wider Civic Centre electrical upgrade, which is now "
        "scheduled for the February recess.",
        "Contractor appointed; survey completed in August.",
    ),
    (
        "that consideration be given to providing additional access to the intranet "
        "(either via an extranet link or additional on-site PC/Laptop provision) for Members",
        "ICT",
        "The extranet option is part of the new intranet platform, whose launch has moved "
        "to the spring.",
        "Two on-site PCs have been installed in the Members' Room as an interim measure.",
    ),
    (
        "that a review of the Council Chamber and meeting room ICT equipment takes place",
        "ICT",
        "The review is being combined with the hybrid meetings procurement to avoid buying "
        "equipment twice.",
        "Specification drafted and shared with the Member IT Working Group.",
    ),
    (
        "that a review of Members' ICT Equipment provision also takes place",
        "ICT",
        "Members asked for laptops with mobile network access to be included, which "
        "widened the scope.",
        "Options, including laptops with SIM cards, will be brought to the Working Group.",
    ),
)
ACHIEVED = (
    "that remote support for Members' iPads be set up so that updates can be installed "
    "without a visit to the Council offices",
    "that a Member IT Working Group be created and meet at least quarterly",
    "that Members have a named contact at the ICT Service Desk",
    "that ICT induction for newly elected Members include a one-to-one equipment session",
    "that the ICT Service Desk publish its response times for Members' support requests",
    "that Wi-Fi coverage in the Council Chamber and meeting rooms be surveyed and improved",
    "that the accessibility of the Members' area of the intranet be tested and improved",
    "that guidance on using ICT equipment in hybrid meetings be produced for Members",
    "that Members' email and calendars be available on personal devices through a secure app",
)
LATE = {2, 6}  # positions in ACHIEVED completed behind schedule


def achieved_row(number: int, text: str, *, late: bool = False) -> RecommendationRow:
    original = date(2023, 12, 31) if number % 2 else date(2024, 3, 31)
    return RecommendationRow(
        number=number,
        reference=f"R{number}",
        text=text,
        owner="Head of ICT" if number % 3 else "Scrutiny Officer",
        directorate="Resources" if number % 3 else "Governance",
        original_target=original,
        current_target=date(2024, 6, 30) if late else original,
        status="Achieved",
        rag="green",
        achieved_late=late,
        is_exception=False,
        exception_reason="",
        latest_update="Completed and confirmed with the Chair.",
        latest_update_on=date(2024, 8, 30),
    )


def extended_row(number: int, text: str, owner: str, reason: str, update: str):
    return RecommendationRow(
        number=number,
        reference=f"R{number}",
        text=text,
        owner=f"Head of {owner}",
        directorate="Resources",
        original_target=date(2024, 3, 31),
        current_target=date(2025, 3, 31),
        status="Extended",
        rag="amber",
        achieved_late=False,
        is_exception=True,
        exception_reason=reason,
        latest_update=update,
        latest_update_on=date(2024, 9, 2),
    )


def sample_report(**changes) -> MonitoringReportData:
    """The 13-recommendation second interim report; keyword arguments replace fields."""
    rows = [
        achieved_row(index + 1, text, late=index in LATE) for index, text in enumerate(ACHIEVED)
    ]
    rows += [
        extended_row(len(ACHIEVED) + index + 1, *values) for index, values in enumerate(EXTENDED)
    ]
    data = MonitoringReportData(
        council_name="Example District Council",
        committee_name="Customer Services Scrutiny Committee",
        meeting_date=date(2024, 9, 16),
        review_title=REVIEW_TITLE,
        sequence=2,
        is_final=False,
        background=(
            TimelineLine(
                None,
                "2020/21",
                "Review commenced because of operational issues raised by the COVID-19 pandemic",
            ),
            TimelineLine(
                None,
                "2022/23",
                "Review re-started, refocused on Member ICT equipment and support",
            ),
            TimelineLine(date(2023, 7, 10), "", "Committee agreed 13 recommendations"),
            TimelineLine(date(2024, 3, 11), "", "First interim monitoring report considered"),
        ),
        concerns=(
            "remote support for iPads to enable easier updates",
            "Member ICT equipment",
            "Member ICT support",
            "Council Chamber and meeting room ICT equipment",
            "the power supply within the Council Chamber",
            "creation of a Member IT Working Group",
            "accessibility of, and access to, the Council's intranet",
        ),
        summary_sentence=SUMMARY,
        total=13,
        achieved=9,
        achieved_late=2,
        counts=(StatusCount("Achieved", 9, "green"), StatusCount("Extended", 4, "amber")),
        exceptions=tuple(row for row in rows if row.is_exception),
        recommendations=tuple(rows),
        constitution_reference="Part 4.5.17(4) of the Council's Constitution",
        interval_months=6,
        author="Scrutiny Officer",
        issued_on=date(2024, 9, 6),
    )
    return dataclasses.replace(data, **changes)


def large_report(size: int = 50) -> MonitoringReportData:
    """A report with ``size`` recommendations, a fifth of them extended."""
    rows = []
    for number in range(1, size + 1):
        if number % 5 == 0:
            text, owner, reason, update = EXTENDED[number % len(EXTENDED)]
            rows.append(extended_row(number, f"{text} ({number})", owner, reason, update))
        else:
            text = ACHIEVED[number % len(ACHIEVED)]
            rows.append(achieved_row(number, f"{text} ({number})", late=number % 7 == 0))
    exceptions = tuple(row for row in rows if row.is_exception)
    achieved = size - len(exceptions)
    late = sum(row.achieved_late for row in rows)
    return sample_report(
        summary_sentence=(
            f"{achieved} out of {size} recommendations achieved ({late} completed behind "
            f"schedule); {len(exceptions)} extended."
        ),
        total=size,
        achieved=achieved,
        achieved_late=late,
        counts=(
            StatusCount("Achieved", achieved, "green"),
            StatusCount("Extended", len(exceptions), "amber"),
        ),
        exceptions=exceptions,
        recommendations=tuple(rows),
    )
