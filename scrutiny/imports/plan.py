"""Work out what importing one meeting would change, before anything is written.

Planning compares an imported meeting with what ``state`` holds and produces a ``Plan``:
the new records to create (unsaved, wired to their parents), the edits to make through
the services, and the counts the person importing sees. Keeping planning apart from
writing is what makes a dry run exact (it is the same plan, not written), lets a signed
meeting be refused when its plan would change it, and lets the importer create the new
records of many meetings in a few bulk inserts.
"""

import datetime

from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.lifecycle import refuse_untrue_meeting
from scrutiny.committees.models import Attendance, Committee, Issue, Meeting
from scrutiny.core.audit import edit_fields
from scrutiny.imports.bulk import new_record
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.matching import (
    attendance_status,
    attendee_is_councillor,
    committee_kind,
    plain,
    unique_slug,
)
from scrutiny.imports.plan_items import plan_item
from scrutiny.imports.planning import Context, Plan, fit, refused_at
from scrutiny.imports.records import ImportedMeeting
from scrutiny.imports.state import MeetingState, key

STATUSES = {
    "held": Meeting.Status.HELD,
    "confirmed": Meeting.Status.CONFIRMED,
    "cancelled": Meeting.Status.CANCELLED,
    "canceled": Meeting.Status.CANCELLED,
    "postponed": Meeting.Status.POSTPONED,
    "scheduled": Meeting.Status.SCHEDULED,
    "provisional": Meeting.Status.SCHEDULED,
}
MINUTES_ORDER = [status.value for status in Meeting.MinutesStatus]


def describe(imported: ImportedMeeting) -> str:
    """How refusals name a meeting: "meeting 4567 of 16/09/2024 (Customer Services …)"."""
    ident = f" {imported.source_id}" if imported.source_id else ""
    committee = f" ({imported.committee})" if imported.committee else ""
    return f"meeting{ident} of {imported.date:%d/%m/%Y}{committee}"


def plan_meeting(ctx: Context, imported: ImportedMeeting) -> Plan:
    plan = Plan(where=describe(imported), people_checkpoint=ctx.state.people.checkpoint())
    committee = _committee(ctx, imported, plan)
    existing = ctx.state.meeting_for(imported=imported, committee=committee)
    if existing is None:
        plan.state = _new_meeting(ctx, imported, committee, plan)
    else:
        plan.state = existing
        _update_meeting(ctx, imported, existing.meeting, plan)
    issue = _issue(ctx, plan) if ctx.issue_title else None
    for position, item in enumerate(imported.items, start=1):
        plan_item(
            ctx, plan, item, position=position, issue=issue, full_agenda=bool(imported.source_id)
        )
    _attendance(ctx, imported, plan)
    return plan


def _committee(ctx: Context, imported: ImportedMeeting, plan: Plan) -> Committee:
    name = fit(imported.committee, limit=200, place=plan.where, what="committee name")
    if not name:
        raise ImportRefused(plan.where, "the meeting does not say which committee met")
    committee = ctx.state.committees.get(plain(name))
    if committee is None:
        slug = unique_slug(name, taken=ctx.state.committee_slugs)
        committee = Committee(name=name, slug=slug, kind=committee_kind(name))
        ctx.state.committees[plain(name)] = committee
    if committee.pk is None:
        plan.creates.append(committee)
    return committee


def _issue(ctx: Context, plan: Plan) -> Issue:
    title = fit(ctx.issue_title, limit=300, place="issue title", what="issue title")
    issue = ctx.state.issue(title)
    if issue is None:
        slug = unique_slug(title, taken=ctx.state.issue_slugs)
        issue = Issue(title=title, slug=slug)
        ctx.state.issues[plain(title)] = issue
    if issue.pk is None:
        plan.creates.append(issue)
    return issue


def _papers_published(ctx: Context, imported: ImportedMeeting, starts_at: datetime.datetime):
    """When the agenda went out: the earliest paper's date, else no later than the meeting."""
    if not (ctx.published_record or imported.agenda_published):
        return None
    dates = [d.published for i in imported.items for d in i.documents if d.published]
    return ctx.aware(min(dates)) if dates else starts_at


def _minutes_status(ctx: Context, imported: ImportedMeeting) -> str:
    """The minutes' stage as the source gives it: its own word when it has one, else
    approved when it publishes them as the record, else a draft when it has minutes at
    all. Never later than the source says."""
    if imported.minutes_status in MINUTES_ORDER:
        return imported.minutes_status
    if not any(item.minutes for item in imported.items):
        return Meeting.MinutesStatus.NONE
    if ctx.published_record or imported.minutes_published:
        return Meeting.MinutesStatus.APPROVED
    return Meeting.MinutesStatus.DRAFT


def _minutes_published_at(ctx: Context, imported: ImportedMeeting, status: str):
    """When the source says the minutes were published; None when it does not say (the
    import's own clock is not when the council published them)."""
    if status == Meeting.MinutesStatus.NONE or imported.minutes_published_on is None:
        return None
    return ctx.aware(imported.minutes_published_on)


def _new_meeting(ctx: Context, imported, committee: Committee, plan: Plan) -> MeetingState:
    starts_at = ctx.aware(imported.date, imported.time)
    status = STATUSES.get(plain(imported.status))
    if status is None:
        past = imported.date < ctx.today
        status = Meeting.Status.HELD if past else Meeting.Status.SCHEDULED
    minutes_status = _minutes_status(ctx, imported)
    approved = minutes_status in (Meeting.MinutesStatus.APPROVED, Meeting.MinutesStatus.SIGNED)
    plan.papers_published_at = _papers_published(ctx, imported, starts_at)
    meeting = new_record(
        Meeting,
        committee=committee,
        starts_at=starts_at,
        venue=fit(imported.venue, limit=200, place=plan.where, what="venue"),
        status=status,
        agenda_published_at=plan.papers_published_at,
        minutes_status=minutes_status,
        minutes_published_at=_minutes_published_at(ctx, imported, minutes_status),
        source_id=fit(imported.source_id, limit=60, place=plan.where, what="meeting id"),
        webcast_url=imported.webcast_url,
    )
    # The services' rules for a meeting written in bulk: minutes are approved only
    # after the meeting, and its status and date agree.
    if approved:
        ctx.refuse_before_meeting(
            meeting, field="minutes_status", what="Minutes cannot be approved", place=plan.where
        )
    with refused_at(plan.where):
        refuse_untrue_meeting(meeting, today=ctx.today)
    plan.creates.append(meeting)
    plan.is_new_meeting = True
    plan.count("meeting", "created")
    return MeetingState(meeting=meeting)


def _update_meeting(ctx: Context, imported, meeting: Meeting, plan: Plan) -> None:
    changes: dict[str, object] = {}
    local = timezone.localtime(meeting.starts_at)
    if imported.time is not None or local.date() != imported.date:
        starts_at = ctx.aware(imported.date, imported.time or local.time())
        if starts_at != meeting.starts_at:
            changes["starts_at"] = starts_at
    venue = fit(imported.venue, limit=200, place=plan.where, what="venue")
    if venue and venue != meeting.venue:
        changes["venue"] = venue
    status = STATUSES.get(plain(imported.status))
    if status and status != meeting.status:
        changes["status"] = status
    if imported.webcast_url and imported.webcast_url != meeting.webcast_url:
        changes["webcast_url"] = imported.webcast_url
    if imported.source_id and not meeting.source_id:
        changes["source_id"] = fit(imported.source_id, limit=60, place=plan.where, what="id")
    plan.papers_published_at = meeting.agenda_published_at or _papers_published(
        ctx, imported, changes.get("starts_at", meeting.starts_at)
    )
    if meeting.agenda_published_at is None and plan.papers_published_at is not None:
        changes["agenda_published_at"] = plan.papers_published_at
    wanted = _minutes_status(ctx, imported)
    forward = MINUTES_ORDER.index(wanted) > MINUTES_ORDER.index(meeting.minutes_status)
    published_at = _minutes_published_at(ctx, imported, wanted)
    undated = meeting.minutes_published_at is None and meeting.minutes_status != "none"
    if undated and published_at is not None and not forward:
        changes["minutes_published_at"] = published_at
    if changes or forward:
        plan.count("meeting", "updated")
        plan.updates.append(
            lambda: _apply_meeting(
                ctx, meeting, changes, wanted if forward else None, published_at=published_at
            )
        )
    else:
        plan.count("meeting", "unchanged")


def _apply_meeting(
    ctx: Context, meeting: Meeting, changes: dict, minutes_status, *, published_at
) -> None:
    if changes:
        meeting = edit_fields(
            meeting,
            actor=ctx.actor,
            expected_version=None,
            changes=changes,
            allowed=set(changes),
            what="meeting",
        )
        refuse_untrue_meeting(meeting)
    if minutes_status:
        record.minutes_set_status(
            actor=ctx.actor,
            meeting=meeting,
            status=minutes_status,
            at=published_at,
            stamp=published_at is not None,
        )


def _attendance(ctx: Context, imported: ImportedMeeting, plan: Plan) -> None:
    people = ctx.state.people
    meeting = plan.state.meeting
    for attendee in imported.attendees:
        status = attendance_status(attendee.attendance)
        name = fit(attendee.name, limit=200, place=plan.where, what="attendee's name")
        if not name:
            continue
        plan.attendance_states[(" ".join(attendee.attendance.split()), status)] += 1
        if status is None:
            continue
        role = fit(attendee.role, limit=120, place=plan.where, what="attendee's role")
        if attendee_is_councillor(name=name, role=role):
            party = fit(attendee.party, limit=120, place=plan.where, what="political party")
            ward = fit(attendee.ward, limit=120, place=plan.where, what="ward")
            person = people.councillor(name, party=party, ward=ward)
        else:
            person = people.officer_attending(name, role=role[:200])
        if not plain(person.name):
            continue
        plan.creates.append(person)
        existing = plan.state.attendance.get(key(person)) or plan.new_attendance.get(key(person))
        if existing is None:
            attendance = new_record(
                Attendance, meeting=meeting, person=person, status=status, role=role
            )
            plan.new_attendance[key(person)] = attendance
            plan.creates.append(attendance)
            plan.count("attendance", "created")
        elif (existing.status, existing.role) != (status, role) and existing.pk is not None:
            plan.count("attendance", "updated")
            plan.updates.append(
                lambda p=person, s=status, r=role: record.attendance_record(
                    actor=ctx.actor, meeting=meeting, person=p, status=s, role=r
                )
            )
        else:
            plan.count("attendance", "unchanged")
