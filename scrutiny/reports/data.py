"""The plain data a post-scrutiny monitoring report is rendered from.

The selectors fill these frozen dataclasses from the database; everything in
``scrutiny.reports`` that turns them into HTML, DOCX or PDF reads nothing else, so the
renderers can be tested and benchmarked without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RAG_VALUES = frozenset({"red", "amber", "green", "grey", "blue"})


@dataclass(frozen=True)
class TimelineLine:
    """One line of the review's background, e.g. ("2020/21", "Review commenced ...")."""

    date: date | None
    label: str
    text: str


@dataclass(frozen=True)
class StatusCount:
    """How many recommendations are in one status; ``rag`` is one of ``RAG_VALUES``."""

    label: str
    count: int
    rag: str


@dataclass(frozen=True)
class RecommendationRow:
    number: int
    reference: str
    text: str
    owner: str
    directorate: str
    original_target: date | None
    current_target: date | None
    status: str
    rag: str
    achieved_late: bool
    is_exception: bool
    exception_reason: str
    latest_update: str
    latest_update_on: date | None


@dataclass(frozen=True)
class MonitoringReportData:
    council_name: str
    committee_name: str
    meeting_date: date | None
    review_title: str
    sequence: int  # 1 = first interim report
    is_final: bool
    background: tuple[TimelineLine, ...]
    concerns: tuple[str, ...]
    summary_sentence: str
    total: int
    achieved: int
    achieved_late: int
    counts: tuple[StatusCount, ...]
    exceptions: tuple[RecommendationRow, ...]
    recommendations: tuple[RecommendationRow, ...]
    constitution_reference: str
    interval_months: int
    author: str
    issued_on: date
    # A draft (not issued) says DRAFT on every page of every format; an issued report never.
    is_draft: bool = False
