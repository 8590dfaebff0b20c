"""Which meetings and reviews a write touches: their entries are rebuilt when the writing
transaction commits (once each, however many records it wrote). Writes past `save()`
(bulk imports, `QuerySet.update`) are taken in by `manage.py search_index`."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Committee,
    Document,
    Meeting,
    Resolution,
    ResolutionPart,
)
from scrutiny.reviews.models import Concern, ProgressUpdate, Recommendation, Review
from scrutiny.search import services

_PENDING_ATTRIBUTE = "_scrutiny_search_pending"


class _Pending:
    def __init__(self) -> None:
        self.meetings: set[int] = set()
        self.reviews: set[int] = set()
        self.flushed = False

    def __call__(self) -> None:
        self.flushed = True
        services.reindex_meetings(self.meetings)
        services.reindex_reviews(self.reviews)


def _pending() -> _Pending:
    connection = connections[DEFAULT_DB_ALIAS]
    pending = getattr(connection, _PENDING_ATTRIBUTE, None)
    registered = pending is not None and any(
        entry[1] is pending for entry in connection.run_on_commit
    )
    if pending is None or pending.flushed or not registered:
        pending = _Pending()
        setattr(connection, _PENDING_ATTRIBUTE, pending)
        transaction.on_commit(pending, robust=True)
    return pending


def _meeting_of(instance) -> int | None:
    if isinstance(instance, Meeting):
        return instance.pk
    if isinstance(instance, Action):
        return instance.meeting_id
    if isinstance(instance, AgendaItem):
        return instance.meeting_id
    if isinstance(instance, Document | Resolution):
        return (
            AgendaItem.objects.filter(pk=instance.item_id)
            .values_list("meeting_id", flat=True)
            .first()
        )
    if isinstance(instance, ResolutionPart):
        return (
            Resolution.objects.filter(pk=instance.resolution_id)
            .values_list("item__meeting_id", flat=True)
            .first()
        )
    return None


def _review_of(instance) -> int | None:
    if isinstance(instance, Review):
        return instance.pk
    if isinstance(instance, Recommendation | Concern):
        return instance.review_id
    if isinstance(instance, ProgressUpdate):
        return (
            Recommendation.objects.filter(pk=instance.recommendation_id)
            .values_list("review_id", flat=True)
            .first()
        )
    return None


def _written(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if isinstance(instance, Committee):
        meetings = Meeting.objects.filter(committee=instance).values_list("pk", flat=True)
        reviews = Review.objects.filter(committee=instance).values_list("pk", flat=True)
        pending = _pending()
        pending.meetings |= set(meetings)
        pending.reviews |= set(reviews)
        return
    meeting_id = _meeting_of(instance)
    if meeting_id is not None:
        _pending().meetings.add(meeting_id)
    review_id = _review_of(instance)
    if review_id is not None:
        _pending().reviews.add(review_id)


def _committee_renamed(sender, instance, **kwargs) -> None:
    if kwargs.get("created") or kwargs.get("raw"):
        return
    _written(sender, instance, **kwargs)


def register() -> None:
    models = (
        Meeting,
        AgendaItem,
        Document,
        Resolution,
        ResolutionPart,
        Action,
        Review,
        Concern,
        Recommendation,
        ProgressUpdate,
    )
    for model in models:
        uid = f"search:{model._meta.label_lower}"
        post_save.connect(_written, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_written, sender=model, dispatch_uid=f"{uid}:delete")
    post_save.connect(_committee_renamed, sender=Committee, dispatch_uid="search:committee")
