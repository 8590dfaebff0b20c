"""What each write to the reviews changes for the page cache (see
`scrutiny.core.record_versions`)."""

from scrutiny.core import record_versions
from scrutiny.core.record_versions import RECORD, VOCABULARY, loaded
from scrutiny.reviews.models import (
    Concern,
    Evidence,
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)


def _with_review(review_id) -> tuple[str, ...]:
    if review_id is None:
        return (RECORD,)
    return (RECORD, record_versions.review(review_id))


def review_scopes(review: Review):
    return (
        RECORD,
        record_versions.review(review.pk),
        record_versions.committee(review.committee_id),
    )


def of_review(record):  # Concern, TimelineEntry, Recommendation, MonitoringReport
    return _with_review(record.review_id)


def of_recommendation(record):  # ProgressUpdate, Extension
    recommendation = loaded(record, "recommendation")
    return _with_review(recommendation.review_id if recommendation else None)


def evidence_scopes(evidence: Evidence):
    recommendation = loaded(evidence, "update", "recommendation")
    return _with_review(recommendation.review_id if recommendation else None)


def vocabulary_scopes(status: Status):
    return (VOCABULARY,)


def register() -> None:
    record_versions.track(Status, vocabulary_scopes)
    record_versions.track(Review, review_scopes)
    for model in (Concern, TimelineEntry, Recommendation, MonitoringReport):
        record_versions.track(model, of_review)
    for model in (ProgressUpdate, Extension):
        record_versions.track(model, of_recommendation)
    record_versions.track(Evidence, evidence_scopes)
