"""Keeping the index current. Entries are replaced a meeting or a review at a time, from
the public record as it stands (`indexer`): after every write that touches one (`tracking`),
when a publication falls due by the clock (`catch_up`, asked before each search), and when
a document's text has been read (`document_text_read`, in the background worker)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from scrutiny.committees.models import Document, Meeting
from scrutiny.core import record_versions
from scrutiny.publishing import rules
from scrutiny.reviews.models import Review
from scrutiny.search import documents, indexer
from scrutiny.search.models import DocumentText, IndexSweep, SearchEntry

logger = logging.getLogger(__name__)


def reindex_meetings(meeting_ids: Iterable[int]) -> int:
    """Replace the entries of these meetings (a deleted one loses its entries); returns
    how many entries were written. Documents now published (to the public, or to the
    committee's members) whose text was never read are queued for the worker."""
    written = 0
    for meeting_id in sorted(set(meeting_ids)):
        with transaction.atomic():
            meeting = (
                Meeting.objects.select_for_update(of=("self",))
                .select_related("committee")
                .filter(pk=meeting_id)
                .first()
            )
            SearchEntry.objects.filter(meeting_id=meeting_id).delete()
            if meeting is None:
                continue
            entries = indexer.meeting_entries(meeting)
            SearchEntry.objects.bulk_create(entries, batch_size=500)
            written += len(entries)
        queue_unread_documents(meeting)
    return written


def reindex_reviews(review_ids: Iterable[int]) -> int:
    written = 0
    for review_id in sorted(set(review_ids)):
        with transaction.atomic():
            review = (
                Review.objects.select_for_update(of=("self",))
                .select_related("committee")
                .filter(pk=review_id)
                .first()
            )
            SearchEntry.objects.filter(review_id=review_id).delete()
            if review is None:
                continue
            entries = indexer.review_entries(review)
            SearchEntry.objects.bulk_create(entries, batch_size=500)
            written += len(entries)
    return written


def rebuild(*, batch: int = 200, progress=None) -> int:
    """The whole index again, meeting by meeting and review by review."""
    written = 0
    meeting_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(meeting_ids), batch):
        written += reindex_meetings(meeting_ids[start : start + batch])
        if progress:
            progress(written)
    SearchEntry.objects.filter(meeting_id__isnull=False).exclude(
        meeting_id__in=Meeting.objects.values("pk")
    ).delete()
    written += reindex_reviews(Review.objects.values_list("pk", flat=True))
    IndexSweep.objects.all().delete()
    IndexSweep.objects.create(swept_to=timezone.now())
    _analyze()
    return written


def _analyze() -> None:
    """Fresh statistics after a rebuild, so that PostgreSQL's planner knows which words
    are common (a broad word is best read newest first, a rare one by its index)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")


def catch_up(now: datetime.datetime | None = None) -> int:
    """Take into the index the agendas and documents whose publication time has passed
    since the last sweep: they became public with no write. Two indexed queries when
    nothing fell due."""
    now = timezone.now() if now is None else now
    sweep = IndexSweep.objects.order_by("pk").first()
    if sweep is None:
        IndexSweep.objects.create(swept_to=now)
        return 0
    if sweep.swept_to >= now:
        return 0
    since = sweep.swept_to
    meeting_ids = set(
        Meeting.objects.filter(
            agenda_published_at__gt=since, agenda_published_at__lte=now
        ).values_list("pk", flat=True)
    ) | set(
        Document.objects.filter(published_at__gt=since, published_at__lte=now).values_list(
            "item__meeting_id", flat=True
        )
    )
    written = reindex_meetings(meeting_ids) if meeting_ids else 0
    IndexSweep.objects.filter(pk=sweep.pk, swept_to=since).update(swept_to=now)
    return written


def queue_unread_documents(meeting: Meeting) -> None:
    """Queue the reading of each published document of the meeting that has a file and
    whose text has never been tried: public ones, and exempt ones its members may read."""
    tried = DocumentText.objects.values("document_id")
    member = rules.member_of(meeting.committee_id)
    unread = (
        rules.visible_documents(member, Document.objects.filter(item__meeting=meeting))
        .exclude(Q(file="") | Q(pk__in=tried))
        .values_list("pk", flat=True)
    )
    for document_id in unread:
        transaction.on_commit(lambda pk=document_id: read_document_text.enqueue(pk), robust=True)


def document_text_read(document_id: int) -> DocumentText | None:
    """Read one document's text, once: it is marked read, too large or unreadable, and a
    document marked is never read again (a new file is a new document). The text is kept
    on the document and its meeting's entries rebuilt."""
    if DocumentText.objects.filter(document_id=document_id).exists():
        return None
    document = Document.objects.filter(pk=document_id).select_related("item").first()
    if document is None:
        return None
    text, state, reason, truncated = "", DocumentText.State.NO_TEXT, "", False
    if document.file:
        try:
            with document.file.open("rb") as handle:
                data = handle.read(documents.max_file_bytes() + 1)
            found = documents.read_text(document.file.name, data)
            text, truncated, state = found.text, found.truncated, DocumentText.State.READ
        except documents.TooLarge as error:
            state, reason = DocumentText.State.TOO_LARGE, str(error)[:300]
        except documents.Unreadable as error:
            state, reason = DocumentText.State.UNREADABLE, str(error)[:300]
        except OSError as error:
            state, reason = DocumentText.State.UNREADABLE, type(error).__name__
    with transaction.atomic():
        marked, created = DocumentText.objects.get_or_create(
            document_id=document_id,
            defaults={"state": state, "reason": reason, "truncated": truncated},
        )
        if not created:
            return None
        if text:
            Document.objects.filter(pk=document_id).update(extracted_text=text)
            record_versions.bump(record_versions.RECORD)
    reindex_meetings([document.item.meeting_id])
    return marked


@task()
def read_document_text(document_id: int) -> str:
    """The background task: read one document's text into the index; returns how it went."""
    marked = document_text_read(document_id)
    return marked.state if marked is not None else "already-tried"
