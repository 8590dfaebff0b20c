"""What each write to the reviews changes for the page cache (see
`scrutiny.core.record_versions`), and which review a deleted record leaves changed
(`publishing.changes`)."""

from django.db.models.signals import post_delete
from django.utils import timezone

from scrutiny.core import record_versions
from scrutiny.core.record_versions import RECORD, VOCABULARY, loaded
from scrutiny.reviews.models import (
    AgreedStatus,
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


def of_recommendation(record):  # ProgressUpdate, Extension, AgreedStatus
    recommendation = loaded(record, "recommendation")
    return _with_review(recommendation.review_id if recommendation else None)


def evidence_scopes(evidence: Evidence):
    recommendation = loaded(evidence, "update", "recommendation")
    return _with_review(recommendation.review_id if recommendation else None)


def vocabulary_scopes(status: Status):
    return (VOCABULARY,)


# A deleted record leaves no `updated_at` behind, so its review takes the moment instead.
REVIEW_OF_DELETED = {
    Concern: lambda r: {"pk": r.review_id},
    TimelineEntry: lambda r: {"pk": r.review_id},
    Recommendation: lambda r: {"pk": r.review_id},
    MonitoringReport: lambda r: {"pk": r.review_id},
    ProgressUpdate: lambda r: {"recommendations": r.recommendation_id},
    Extension: lambda r: {"recommendations": r.recommendation_id},
    AgreedStatus: lambda r: {"recommendations": r.recommendation_id},
    Evidence: lambda r: {"recommendations__updates": r.update_id},
}


def touch_review(sender, instance, **kwargs) -> None:
    match = REVIEW_OF_DELETED[sender](instance)
    Review.objects.filter(**match).update(updated_at=timezone.now())


def register() -> None:
    for model in REVIEW_OF_DELETED:
        post_delete.connect(
            touch_review, sender=model, dispatch_uid=f"changes:{model._meta.label_lower}"
        )
    record_versions.track(Status, vocabulary_scopes)
    record_versions.track(Review, review_scopes)
    for model in (Concern, TimelineEntry, Recommendation, MonitoringReport):
        record_versions.track(model, of_review)
    for model in (ProgressUpdate, Extension, AgreedStatus):
        record_versions.track(model, of_recommendation)
    record_versions.track(Evidence, evidence_scopes)
