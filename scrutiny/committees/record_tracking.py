"""What each write to the committee record changes for the page cache (see
`scrutiny.core.record_versions`), when the record changes by the clock alone, and which
meeting or committee a deleted record leaves changed (`publishing.changes`)."""

import datetime

from django.db.models import Min
from django.db.models.signals import post_delete
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Document,
    Issue,
    Meeting,
    Membership,
    MinutesCorrection,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
)
from scrutiny.core import page_cache, record_versions
from scrutiny.core.record_versions import RECORD, loaded


def _with_meeting(meeting) -> tuple[str, ...]:
    """Everything is in the record; the committee too when its meeting is in hand."""
    if meeting is None:
        return (RECORD,)
    return (RECORD, record_versions.committee(meeting.committee_id))


def committee_scopes(committee: Committee):
    return (RECORD, record_versions.committee(committee.pk))


def of_committee(record):  # Membership, Meeting
    return (RECORD, record_versions.committee(record.committee_id))


def of_meeting(record):  # Attendance, MinutesCorrection
    return _with_meeting(loaded(record, "meeting"))


def item_scopes(item: AgendaItem):
    return _with_meeting(loaded(item, "meeting"))


def of_item(record):  # Document, Declaration, Motion, Resolution, Action
    return _with_meeting(loaded(record, "item", "meeting"))


def vote_scopes(vote: RecordedVote):
    return _with_meeting(loaded(vote, "motion", "item", "meeting"))


def part_scopes(part: ResolutionPart):
    return _with_meeting(loaded(part, "resolution", "item", "meeting"))


def next_scheduled_change(now: datetime.datetime) -> datetime.datetime | None:
    """The next moment a public page changes with no write: an agenda or a document
    published for a future time, or a meeting starting (it leaves "upcoming")."""
    moments = [
        Meeting.objects.filter(agenda_published_at__gt=now).aggregate(
            at=Min("agenda_published_at")
        )["at"],
        Meeting.objects.filter(starts_at__gt=now).aggregate(at=Min("starts_at"))["at"],
        Document.objects.filter(published_at__gt=now).aggregate(at=Min("published_at"))["at"],
    ]
    return min((moment for moment in moments if moment is not None), default=None)


# A deleted record leaves no `updated_at` behind, so its meeting (or committee) takes
# the moment instead, and a client asking what changed since is told of it.
PARENT_OF_DELETED = {
    Membership: (Committee, lambda r: {"pk": r.committee_id}),
    AgendaItem: (Meeting, lambda r: {"pk": r.meeting_id}),
    Attendance: (Meeting, lambda r: {"pk": r.meeting_id}),
    MinutesCorrection: (Meeting, lambda r: {"pk": r.meeting_id}),
    Action: (Meeting, lambda r: {"pk": r.meeting_id}),
    Document: (Meeting, lambda r: {"items": r.item_id}),
    Declaration: (Meeting, lambda r: {"items": r.item_id}),
    Motion: (Meeting, lambda r: {"items": r.item_id}),
    Resolution: (Meeting, lambda r: {"items": r.item_id}),
    RecordedVote: (Meeting, lambda r: {"items__motions": r.motion_id}),
    ResolutionPart: (Meeting, lambda r: {"items__resolutions": r.resolution_id}),
}


def touch_parent(sender, instance, **kwargs) -> None:
    parent, match = PARENT_OF_DELETED[sender]
    parent.objects.filter(**match(instance)).update(updated_at=timezone.now())


def register() -> None:
    for model in PARENT_OF_DELETED:
        post_delete.connect(
            touch_parent, sender=model, dispatch_uid=f"changes:{model._meta.label_lower}"
        )
    record_versions.track(Committee, committee_scopes)
    record_versions.track(Issue)
    for model in (Membership, Meeting):
        record_versions.track(model, of_committee)
    for model in (Attendance, MinutesCorrection):
        record_versions.track(model, of_meeting)
    record_versions.track(AgendaItem, item_scopes)
    for model in (Document, Declaration, Motion, Resolution, Action):
        record_versions.track(model, of_item)
    record_versions.track(RecordedVote, vote_scopes)
    record_versions.track(ResolutionPart, part_scopes)
    page_cache.scheduled_change(next_scheduled_change)
