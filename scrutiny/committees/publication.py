"""Publishing the committee record: the agenda, the minutes and each document become
public when a clerk says so, never by default (docs/rules.md: drafts are not public until
published). Exempt and confidential material stays out of public output whatever is
published; that rule lives with the public pages."""

from django.db import transaction
from django.utils import timezone

from scrutiny.committees.models import Document, Meeting
from scrutiny.committees.services import agenda_papers_publish
from scrutiny.core.audit import audit_record, field_values, lock_for_edit, save_new_version
from scrutiny.core.errors import Refused


@transaction.atomic
def agenda_publish(*, actor, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    meeting = lock_for_edit(meeting, expected_version=expected_version, what="meeting")
    if meeting.agenda_published_at is not None:
        raise Refused(
            "agenda_published_at",
            f"The agenda was already published at "
            f"{timezone.localtime(meeting.agenda_published_at):%H:%M on %d %B %Y}.",
        )
    if not meeting.items.exists():
        raise Refused("agenda_published_at", "Add the agenda items before publishing it.")
    before = field_values(meeting)
    meeting.agenda_published_at = timezone.now()
    save_new_version(meeting)
    audit_record(actor=actor, action="agenda.publish", instance=meeting, before=before)
    agenda_papers_publish(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def minutes_publish(*, actor, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """Publish approved or signed minutes that have no publication date (approving them
    publishes them: `services.minutes_set_status`). Draft minutes are never public
    (`publishing.rules`), so publishing them is refused rather than claimed."""
    meeting = lock_for_edit(meeting, expected_version=expected_version, what="meeting")
    if meeting.minutes_status == Meeting.MinutesStatus.NONE:
        raise Refused("minutes_published_at", "There are no minutes to publish yet.")
    if meeting.minutes_status == Meeting.MinutesStatus.DRAFT:
        raise Refused(
            "minutes_published_at",
            "Draft minutes are not public: the meeting page shows the minutes once they are "
            "approved. Set the minutes' status to approved to publish them.",
        )
    if meeting.minutes_published_at is not None:
        raise Refused("minutes_published_at", "The minutes are already published.")
    before = field_values(meeting)
    meeting.minutes_published_at = timezone.now()
    save_new_version(meeting)
    audit_record(actor=actor, action="minutes.publish", instance=meeting, before=before)
    return meeting


@transaction.atomic
def document_publish(*, actor, document: Document) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.published_at is not None:
        raise Refused("published_at", f'"{document.title}" is already published.')
    before = field_values(document)
    document.published_at = timezone.now()
    document.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="document.publish", instance=document, before=before)
    return document
