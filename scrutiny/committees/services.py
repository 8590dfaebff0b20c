"""Writes to the committee record. Once a meeting's minutes are signed, everything the
minutes record is locked, new records included: its agenda items, minutes, attendance,
declarations, motions, resolutions and actions (docs/rules.md); corrections go to a later
meeting. Its papers (documents) are not part of the minutes and may still be filed and
published, e.g. the signed minutes themselves or a monitoring report reissued."""

import datetime
import hashlib
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from scrutiny.committees.lifecycle import (
    refuse_before_meeting,
    refuse_untrue_meeting,
    refuse_votes_beyond_present,
)
from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Document,
    Meeting,
    MinutesCorrection,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
    Visibility,
)
from scrutiny.core import record_versions
from scrutiny.core.audit import (
    audit_record,
    edit_fields,
    field_values,
    lock_for_edit,
    save_new_version,
)
from scrutiny.core.errors import Refused
from scrutiny.core.uploads import refuse_if_too_large
from scrutiny.people.models import Person

MINUTES_ORDER = [s.value for s in Meeting.MinutesStatus]
WEBCAST_URL_LIMIT = Meeting._meta.get_field("webcast_url").max_length


def refuse_if_minutes_signed(meeting: Meeting, *, field: str = "minutes") -> None:
    if meeting.minutes_locked:
        raise Refused(
            field,
            f"The minutes of {meeting} are signed and locked. Record a correction at a "
            "later meeting instead.",
        )


@transaction.atomic
def meeting_create(
    *,
    actor,
    committee: Committee,
    starts_at: datetime.datetime,
    venue: str = "",
    status: str = Meeting.Status.SCHEDULED,
    webcast_url: str = "",
) -> Meeting:
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    meeting = Meeting(
        committee=committee,
        starts_at=starts_at,
        venue=venue,
        status=status,
        webcast_url=webcast_link(webcast_url),
    )
    refuse_untrue_meeting(meeting)
    meeting.save()
    audit_record(actor=actor, action="meeting.create", instance=meeting)
    return meeting


def webcast_link(address: str) -> str:
    """A meeting's webcast or recording: an absolute http(s) address or nothing, since the
    public page links to it as it is."""
    address = (address or "").strip()
    if not address:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise Refused(
            "webcast_url", "Enter the webcast's full address, starting https://"
        ) from None
    if len(address) > WEBCAST_URL_LIMIT:
        raise Refused("webcast_url", f"The address must be {WEBCAST_URL_LIMIT} characters or fewer")
    return address


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, expected_version: int | None, **changes) -> Meeting:
    if "webcast_url" in changes:
        changes["webcast_url"] = webcast_link(changes["webcast_url"])
    meeting = edit_fields(
        meeting,
        actor=actor,
        expected_version=expected_version,
        changes=changes,
        allowed={"starts_at", "venue", "status", "agenda_published_at", "webcast_url"},
        what="meeting",
    )
    # Checked on the saved meeting, so a move and a status change are judged together;
    # a refusal rolls the edit back.
    refuse_untrue_meeting(meeting)
    if changes.get("agenda_published_at") is not None:
        agenda_papers_publish(actor=actor, meeting=meeting)
    return meeting


def agenda_papers_publish(*, actor, meeting: Meeting) -> None:
    """The agenda goes out with its papers: each document filed on its items that has no
    publication time of its own takes the agenda's (a monitoring report issued before the
    agenda was published among them). Exempt and confidential papers stay as the
    publishing rules keep them."""
    waiting = Document.objects.select_for_update().filter(
        item__meeting=meeting, published_at__isnull=True
    )
    for document in waiting:
        before = field_values(document)
        document.published_at = meeting.agenda_published_at
        document.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=actor, action="document.publish", instance=document, before=before)


@transaction.atomic
def minutes_set_status(
    *,
    actor,
    meeting: Meeting,
    status: str,
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
    stamp: bool = True,
) -> Meeting:
    """Draft, then approved, then signed; never backwards, and signed is final.
    `at` records when it happened, for a record entered after the event; `stamp=False`
    leaves the publication time unrecorded (an import whose source does not say it)."""
    if status not in MINUTES_ORDER:
        raise Refused("minutes_status", f'Unknown minutes status "{status}".')
    meeting = lock_for_edit(meeting, expected_version=expected_version, what="meeting")
    refuse_if_minutes_signed(meeting, field="minutes_status")
    if MINUTES_ORDER.index(status) < MINUTES_ORDER.index(meeting.minutes_status):
        raise Refused(
            "minutes_status",
            f"The minutes are already {meeting.get_minutes_status_display().lower()}; "
            "they cannot go back to an earlier stage.",
        )
    if status in (Meeting.MinutesStatus.APPROVED, Meeting.MinutesStatus.SIGNED):
        refuse_before_meeting(
            meeting, field="minutes_status", what=f"Minutes cannot be {status}", today=_day(at)
        )
    before = field_values(meeting)
    meeting.minutes_status = status
    if status != Meeting.MinutesStatus.DRAFT and meeting.minutes_published_at is None and stamp:
        meeting.minutes_published_at = at or timezone.now()
    save_new_version(meeting)
    audit_record(actor=actor, action="minutes.status", instance=meeting, before=before)
    return meeting


def _day(at: datetime.datetime | None) -> datetime.date:
    """The day a status change happened: `at` for a record entered after the event (never
    later than today)."""
    today = timezone.localdate()
    return min(timezone.localdate(at), today) if at is not None else today


def _check_visibility(visibility: str, paragraphs: Sequence[int], reason: str) -> None:
    if visibility not in Visibility.values:
        raise Refused("visibility", f'Unknown visibility "{visibility}".')
    if visibility == Visibility.EXEMPT:
        if not paragraphs:
            raise Refused("exempt_paragraphs", "Give the Schedule 12A paragraph(s), 1 to 7.")
        bad = [p for p in paragraphs if not (isinstance(p, int) and 1 <= p <= 7)]
        if bad:
            raise Refused("exempt_paragraphs", f"Schedule 12A paragraphs are 1 to 7, not {bad}.")
        if not reason.strip():
            raise Refused(
                "public_interest_reason",
                "Say why the public interest in keeping it exempt outweighs disclosure.",
            )


@transaction.atomic
def agenda_item_create(
    *,
    actor,
    meeting: Meeting,
    number: str,
    title: str,
    text: str = "",
    issue=None,
    visibility: str = Visibility.PUBLIC,
    exempt_paragraphs: Sequence[int] = (),
    public_interest_reason: str = "",
    position: int | None = None,
) -> AgendaItem:
    # The minutes record every item considered: none is added once they are signed.
    refuse_if_minutes_signed(meeting, field="meeting")
    if not number.strip():
        raise Refused("number", 'Enter the item number as printed, e.g. "27" or "5(a)".')
    if not title.strip():
        raise Refused("title", "Enter the item's title.")
    _check_visibility(visibility, exempt_paragraphs, public_interest_reason)
    if position is None:
        position = meeting.items.count() + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number.strip(),
        title=title.strip(),
        text=text,
        issue=issue,
        visibility=visibility,
        exempt_paragraphs=list(exempt_paragraphs),
        public_interest_reason=public_interest_reason,
        position=position,
    )
    audit_record(actor=actor, action="agenda_item.create", instance=item)
    return item


@transaction.atomic
def agenda_item_set_visibility(
    *,
    actor,
    item: AgendaItem,
    visibility: str,
    exempt_paragraphs: Sequence[int] = (),
    public_interest_reason: str = "",
    expected_version: int | None = None,
) -> AgendaItem:
    _check_visibility(visibility, exempt_paragraphs, public_interest_reason)
    item = lock_for_edit(item, expected_version=expected_version, what="agenda item")
    before = field_values(item)
    item.visibility = visibility
    item.exempt_paragraphs = list(exempt_paragraphs) if visibility == Visibility.EXEMPT else []
    item.public_interest_reason = public_interest_reason
    save_new_version(item)
    audit_record(actor=actor, action="agenda_item.visibility", instance=item, before=before)
    return item


@transaction.atomic
def minutes_record(
    *, actor, item: AgendaItem, text: str, expected_version: int | None = None
) -> AgendaItem:
    item = lock_for_edit(item, expected_version=expected_version, what="agenda item")
    refuse_if_minutes_signed(item.meeting)
    before = field_values(item)
    item.minutes = text
    save_new_version(item)
    if item.meeting.minutes_status == Meeting.MinutesStatus.NONE:
        Meeting.objects.filter(pk=item.meeting_id).update(
            minutes_status=Meeting.MinutesStatus.DRAFT, updated_at=timezone.now()
        )
        record_versions.bump(
            record_versions.RECORD, record_versions.committee(item.meeting.committee_id)
        )
    audit_record(actor=actor, action="minutes.record", instance=item, before=before)
    return item


@transaction.atomic
def minutes_correction_record(
    *, actor, meeting: Meeting, agreed_at: Meeting, text: str, item: AgendaItem | None = None
) -> MinutesCorrection:
    if meeting.minutes_status != Meeting.MinutesStatus.SIGNED:
        raise Refused(
            "meeting",
            f"The minutes of {meeting} are not signed yet: change them directly instead.",
        )
    if agreed_at.committee_id != meeting.committee_id:
        raise Refused("agreed_at", "A correction is agreed by the same committee.")
    if agreed_at.starts_at <= meeting.starts_at:
        raise Refused("agreed_at", "A correction is agreed at a later meeting.")
    if item is not None and item.meeting_id != meeting.pk:
        raise Refused("item", "Choose an item of the meeting whose minutes are corrected.")
    if not text.strip():
        raise Refused("text", "Say what the correction is.")
    correction = MinutesCorrection.objects.create(
        meeting=meeting, agreed_at=agreed_at, item=item, text=text.strip()
    )
    audit_record(actor=actor, action="minutes.correction", instance=correction)
    return correction


@transaction.atomic
def document_add(
    *,
    actor,
    item: AgendaItem,
    title: str,
    kind: str = Document.Kind.REPORT,
    file=None,
    file_format: str = "",
    size_bytes: int | None = None,
    pages: int | None = None,
    visibility: str | None = None,
    published_at: datetime.datetime | None = None,
) -> Document:
    if not title.strip():
        raise Refused("title", "Enter the document's title.")
    if kind not in Document.Kind.values:
        raise Refused("kind", f'Unknown document kind "{kind}".')
    document = Document(
        item=item,
        title=title.strip(),
        kind=kind,
        file_format=file_format.upper(),
        pages=pages,
        visibility=visibility or item.visibility,
        published_at=published_at,
    )
    if file is not None:
        document.file.save(getattr(file, "name", "document"), file, save=False)
        document.size_bytes = document.file.size
    if size_bytes is not None:
        document.size_bytes = size_bytes
    document.save()
    audit_record(actor=actor, action="document.add", instance=document)
    return document


@transaction.atomic
def document_store_file(*, actor, document: Document, content: bytes, name: str) -> Document:
    """Keep a copy of a document's file in the tracker's storage (an imported paper
    fetched from the council's site): its size and SHA-256 are recorded with it. Papers
    are not minutes, so signed minutes do not lock this. A document that already holds
    a file keeps it (the first copy stored is the one staff may have checked)."""
    document = lock_for_edit(document, expected_version=None, what="document")
    if document.file:
        return document
    refuse_if_too_large(len(content))
    before = field_values(document)
    document.file.save(name, ContentFile(content), save=False)
    document.size_bytes = len(content)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.save()
    audit_record(actor=actor, action="document.file", instance=document, before=before)
    return document


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, person: Person, status: str, role: str = ""):
    """Who was present, sent apologies, was absent, substituted or attended (one record per
    person per meeting: recording again replaces it)."""
    refuse_if_minutes_signed(meeting, field="attendance")
    if status not in Attendance.Status.values:
        raise Refused("status", f'Unknown attendance "{status}".')
    existing = Attendance.objects.filter(meeting=meeting, person=person).first()
    before = field_values(existing) if existing else None
    if existing and (existing.status, existing.role) == (status, role.strip()):
        return existing
    record, _ = Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"status": status, "role": role.strip()}
    )
    audit_record(actor=actor, action="attendance.record", instance=record, before=before)
    return record


@transaction.atomic
def attendance_register_record(
    *, actor, meeting: Meeting, register: list[tuple[Person, str, str]]
) -> list[Attendance]:
    """The clerk's register for the meeting: (person, status, role) for each person
    recorded; all or none of it is saved."""
    refuse_if_minutes_signed(meeting, field="attendance")
    if not register:
        raise Refused("attendance", "Record the attendance of at least one person.")
    return [
        attendance_record(actor=actor, meeting=meeting, person=person, status=status, role=role)
        for person, status, role in register
    ]


@transaction.atomic
def declaration_record(
    *, actor, item: AgendaItem, person: Person, kind: str, text: str, left_room: bool = False
):
    """A member's declaration of interest on an item, and whether they left the room for
    it (shown beside the item's votes by name)."""
    refuse_if_minutes_signed(item.meeting, field="declarations")
    if kind not in Declaration.Kind.values:
        raise Refused("kind", f'Unknown kind of interest "{kind}".')
    if not text.strip():
        raise Refused("text", "Say what the interest is.")
    declaration = Declaration.objects.create(
        item=item, person=person, kind=kind, text=text.strip(), left_room=left_room
    )
    audit_record(actor=actor, action="declaration.record", instance=declaration)
    return declaration


@transaction.atomic
def motion_record(
    *,
    actor,
    item: AgendaItem,
    mover: Person,
    seconder: Person | None,
    text: str = "",
    kind: str = Motion.Kind.MOTION,
    outcome: str = Motion.Outcome.CARRIED,
    unanimous: bool = False,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    recorded_votes: Mapping[Person, str] | None = None,
) -> Motion:
    """`recorded_votes` maps each member whose vote was recorded by name to "for",
    "against" or "abstain"."""
    refuse_if_minutes_signed(item.meeting, field="motion")
    refuse_before_meeting(item.meeting, field="outcome", what="A motion cannot be decided")
    if seconder is not None and seconder.pk == mover.pk:
        raise Refused("seconder", "The seconder must be someone other than the mover.")
    if unanimous and votes_against:
        raise Refused("votes_against", "A unanimous vote has no votes against.")
    recorded_votes = recorded_votes or {}
    for person, vote in recorded_votes.items():
        if vote not in RecordedVote.Vote.values:
            raise Refused("recorded_votes", f'Unknown vote "{vote}" for {person}.')
    refuse_votes_beyond_present(
        item.meeting,
        counted=sum(n or 0 for n in (votes_for, votes_against, abstentions)),
        named=len(recorded_votes),
    )
    motion = Motion.objects.create(
        item=item,
        mover=mover,
        seconder=seconder,
        text=text,
        kind=kind,
        outcome=outcome,
        unanimous=unanimous,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    RecordedVote.objects.bulk_create(
        RecordedVote(motion=motion, person=person, vote=vote)
        for person, vote in recorded_votes.items()
    )
    record_versions.bump(*record_versions.scopes_for(motion))
    after = field_values(motion)
    if recorded_votes:
        after["recorded_votes"] = {str(p.pk): v for p, v in recorded_votes.items()}
    audit_record(actor=actor, action="motion.record", instance=motion, after=after)
    return motion


@transaction.atomic
def resolution_record(
    *,
    actor,
    item: AgendaItem,
    parts: Sequence[str],
    kind: str = Resolution.Kind.RESOLVED,
    preamble: str = "RESOLVED that:",
    motion: Motion | None = None,
    unanimous: bool = False,
) -> Resolution:
    refuse_if_minutes_signed(item.meeting, field="resolution")
    refuse_before_meeting(item.meeting, field="parts", what="A resolution cannot be recorded")
    parts = [p.strip() for p in parts]
    if not parts or any(not p for p in parts):
        raise Refused("parts", "Each numbered part of the resolution needs its wording.")
    resolution = Resolution.objects.create(
        item=item, kind=kind, preamble=preamble, motion=motion, unanimous=unanimous
    )
    ResolutionPart.objects.bulk_create(
        ResolutionPart(resolution=resolution, number=n, text=t)
        for n, t in enumerate(parts, start=1)
    )
    record_versions.bump(*record_versions.scopes_for(resolution))
    audit_record(
        actor=actor,
        action="resolution.record",
        instance=resolution,
        after=resolution_audit_values(resolution, parts),
    )
    return resolution


def resolution_audit_values(resolution: Resolution, parts: Sequence[str]) -> dict:
    """What a new resolution's audit event records: its item, kind, parts and whether it
    was unanimous (here and for each an import writes)."""
    return {
        "item": resolution.item_id,
        "kind": resolution.kind,
        "parts": list(parts),
        "unanimous": resolution.unanimous,
    }


@transaction.atomic
def action_record(
    *, actor, item: AgendaItem, text: str, owner: Person | None, due_on: datetime.date | None
) -> Action:
    refuse_if_minutes_signed(item.meeting, field="action")
    if not text.strip():
        raise Refused("text", "Say what the action is.")
    action = Action.on_item(item, text=text.strip(), owner=owner, due_on=due_on)
    action.save()
    audit_record(actor=actor, action="action.record", instance=action)
    return action


@transaction.atomic
def action_close(
    *,
    actor,
    action: Action,
    status: str,
    response: str,
    closed_on: datetime.date,
    expected_version: int | None = None,
) -> Action:
    if status not in {Action.Status.DONE, Action.Status.DROPPED}:
        raise Refused("status", "An action closes as done or no longer needed.")
    if not response.strip():
        raise Refused("response", "Say what was done.")
    action = lock_for_edit(action, expected_version=expected_version, what="action")
    before = field_values(action)
    action.status, action.response, action.closed_on = status, response.strip(), closed_on
    save_new_version(action)
    audit_record(actor=actor, action="action.close", instance=action, before=before)
    return action


@transaction.atomic
def action_reopen(
    *,
    actor,
    action: Action,
    due_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Action:
    """An officer takes up a historic action (brought in with an archive, its state not
    recorded) as open business again, optionally with a new due date. Open actions need
    no reopening and closed ones stay as the committee was told."""
    action = lock_for_edit(action, expected_version=expected_version, what="action")
    if action.status != Action.Status.HISTORIC:
        raise Refused(
            "status",
            f"Only a historic action can be reopened; this one is "
            f"{action.get_status_display().lower()}.",
        )
    before = field_values(action)
    action.status = Action.Status.OPEN
    if due_on is not None:
        action.due_on = due_on
    save_new_version(action)
    audit_record(actor=actor, action="action.reopen", instance=action, before=before)
    return action
