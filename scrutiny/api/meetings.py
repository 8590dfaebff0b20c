"""A meeting as its public page shows it, built from the same `MeetingRecord`: the item
records there already carry only what the user may see (`publishing.meetings`), and this
module adds nothing they leave out."""

from __future__ import annotations

from django.http import HttpRequest

from scrutiny.api.committees import committee_summary, meeting_status
from scrutiny.api.responses import day, link, moment
from scrutiny.committees.models import (
    Action,
    Document,
    Meeting,
    Motion,
    RecordedVote,
    Resolution,
    Visibility,
)
from scrutiny.publishing.meetings import ItemRecord, MeetingRecord, council_copy
from scrutiny.publishing.rules import PUBLISHED_MINUTES

# The page's order: who was there first, then who sent apologies or was absent.
ATTENDANCE_ORDER = ("present", "substitute", "apologies", "absent", "in_attendance", "expected")


def person_name(person) -> str | None:
    return person.display_name if person else None


def document(request: HttpRequest, doc: Document) -> dict:
    return {
        "id": doc.pk,
        "title": doc.title,
        "kind": doc.kind,
        "format": doc.file_format.upper() or None,
        "size_bytes": doc.size_bytes or None,
        "pages": doc.pages,
        # The public download, which applies the rules again; else the council's own copy
        # of an imported paper; none for a paper only on file.
        "download_url": link(request, "site:document_download", doc.pk)
        if doc.file
        else council_copy(doc) or None,
    }


def motion(entry: Motion, left_room: list[str]) -> dict:
    return {
        "kind": entry.kind,
        "text": entry.text,
        "mover": person_name(entry.mover),
        "seconder": person_name(entry.seconder),
        "outcome": entry.outcome,
        "unanimous": entry.unanimous,
        "votes": {
            "for": entry.votes_for,
            "against": entry.votes_against,
            "abstentions": entry.abstentions,
        },
        # Where the minutes record the votes by name; empty lists where they do not.
        "votes_by_name": {
            "for": _names(entry, RecordedVote.Vote.FOR),
            "against": _names(entry, RecordedVote.Vote.AGAINST),
            "abstained": _names(entry, RecordedVote.Vote.ABSTAIN),
            # Who declared an interest in the item and left the room for it.
            "left_the_room": left_room,
        },
    }


def _names(entry: Motion, vote: str) -> list[str]:
    """The members who voted `vote`, by name, from the prefetched recorded votes."""
    return [v.person.display_name for v in entry.recorded_votes.all() if v.vote == vote]


def resolution(entry: Resolution) -> dict:
    return {
        "kind": entry.kind,
        "preamble": entry.preamble or "RESOLVED that:",
        "unanimous": entry.unanimous,
        "parts": [{"number": p.number, "text": p.text} for p in entry.parts.all()],
    }


def action(entry: Action) -> dict:
    return {
        "text": entry.text,
        "owner": person_name(entry.owner),
        "due_on": day(entry.due_on),
        "status": entry.status,
        "response": entry.response,
        "closed_on": day(entry.closed_on),
    }


def agenda_item(request: HttpRequest, entry: ItemRecord) -> dict:
    """Always the number; the title unless confidential; the Schedule 12A paragraphs of
    an exempt item; its content only where the record says the user may see it."""
    item = entry.item
    data = {
        "number": item.number,
        "title": item.title if entry.title_visible else None,
        "visibility": item.visibility,
        "notice": entry.notice or None,
    }
    if item.visibility == Visibility.EXEMPT and not entry.content_visible:
        data["exempt_paragraphs"] = list(item.exempt_paragraphs)
    if not entry.content_visible:
        return data
    issue = item.issue
    return data | {
        "exempt_paragraphs": list(item.exempt_paragraphs),
        "issue": {
            "slug": issue.slug,
            "title": issue.title,
            "links": {"html": link(request, "site:issue_detail", issue.slug)},
        }
        if issue
        else None,
        "text": item.text,
        "documents": [document(request, d) for d in entry.documents],
        "minutes": entry.minutes if entry.minutes_visible else None,
        "declarations": [
            {
                "person": person_name(d.person),
                "kind": d.kind,
                "text": d.text,
                "left_room": d.left_room,
            }
            for d in entry.declarations
        ],
        "motions": [motion(m, entry.left_room) for m in entry.motions],
        "resolutions": [resolution(r) for r in entry.resolutions],
        "actions": [action(a) for a in entry.actions],
    }


def matter_arising(request: HttpRequest, entry: Action, meeting: Meeting) -> dict:
    """As the committee saw it at this meeting: one closed later was still open then."""
    closed = entry.closed_on is not None and entry.closed_on <= meeting.date
    return {
        "text": entry.text,
        "agreed_at": {
            "meeting": entry.meeting_id,
            "date": day(entry.meeting.date),
            "item": entry.item.number,
            "links": {"self": link(request, "api:meeting_detail", entry.meeting_id)},
        },
        "owner": person_name(entry.owner),
        "due_on": day(entry.due_on),
        "status": entry.status if closed else Action.Status.OPEN,
        "closed_on": day(entry.closed_on) if closed else None,
        "response": entry.response if closed else "",
    }


def attendance(record: MeetingRecord) -> list[dict]:
    return [
        {"name": entry.person.display_name, "status": entry.status, "role": entry.role}
        for status in ATTENDANCE_ORDER
        for entry in record.attendance.get(status, [])
    ]


def meeting_detail(request: HttpRequest, record: MeetingRecord) -> dict:
    meeting = record.meeting
    published = record.agenda_visible and meeting.agenda_published_at
    return {
        "id": meeting.pk,
        "committee": committee_summary(request, meeting.committee),
        "date": day(meeting.date),
        "starts_at": moment(meeting.starts_at),
        "venue": meeting.venue,
        "webcast_url": meeting.webcast_url or None,
        "calendar_url": link(request, "site:meeting_calendar", meeting.pk),
        **meeting_status(meeting),
        "agenda_published_at": moment(meeting.agenda_published_at) if published else None,
        "minutes_status": meeting.minutes_status
        if meeting.minutes_status in PUBLISHED_MINUTES
        else None,
        "attendance": attendance(record) if record.minutes_visible else [],
        "corrections": [
            {
                "text": c.text,
                "agreed_at": {"meeting": c.agreed_at_id, "date": day(c.agreed_at.date)},
                "item": c.item.number if c.item else None,
            }
            for c in record.corrections
        ],
        "matters_arising": [
            matter_arising(request, a, meeting) for a in record.matters_arising.actions
        ],
        # How many there are in all: the list stops at the first few, the log has the rest.
        "matters_arising_total": record.matters_arising.total,
        "items": [agenda_item(request, e) for e in record.items],
        "links": {
            "self": link(request, "api:meeting_detail", meeting.pk),
            "html": link(request, "site:meeting_detail", meeting.pk),
        },
    }
