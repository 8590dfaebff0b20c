"""Committees as the public page shows them: members and their roles, the work
programme, and the meetings a page at a time (the calendar of meetings is public)."""

from __future__ import annotations

from django.http import HttpRequest

from scrutiny.api.responses import day, link, moment, pagination
from scrutiny.committees.lifecycle import public_meeting_state
from scrutiny.committees.models import Action, Committee, Meeting, Membership
from scrutiny.publishing.committees import WorkProgrammeEntry, municipal_year


def committee_summary(request: HttpRequest, committee: Committee) -> dict:
    return {
        "slug": committee.slug,
        "name": committee.name,
        "links": {
            "self": link(request, "api:committee_detail", committee.slug),
            "html": link(request, "site:committee_detail", committee.slug),
        },
    }


def committee_list_entry(request: HttpRequest, committee: Committee) -> dict:
    """One committee of the list; `next_meeting_at` comes from the list's annotation."""
    return committee_summary(request, committee) | {
        "kind": committee.kind,
        "next_meeting_at": moment(committee.next_meeting_at),
    }


def meeting_status(meeting: Meeting) -> dict:
    """Where the meeting is in its life today, as the public page says it."""
    state = public_meeting_state(meeting)
    return {"status": state.value, "status_label": state.label}


def meeting_summary(request: HttpRequest, meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "date": day(meeting.date),
        "starts_at": moment(meeting.starts_at),
        "municipal_year": municipal_year(meeting.date),
        "venue": meeting.venue,
        **meeting_status(meeting),
        "links": {
            "self": link(request, "api:meeting_detail", meeting.pk),
            "html": link(request, "site:meeting_detail", meeting.pk),
        },
    }


def member(membership: Membership) -> dict:
    return {"name": membership.person.display_name, "role": membership.role}


def work_programme_entry(request: HttpRequest, entry: WorkProgrammeEntry) -> dict:
    review, due = entry.review, entry.next_report
    return {
        "review": {
            "slug": review.slug,
            "title": review.title,
            "stage": review.stage,
            "links": {"self": link(request, "api:review_detail", review.slug)},
        },
        "next_report_due_on": day(due.due_on) if due else None,
        "next_report_meeting": meeting_summary(request, due.meeting)
        if due and due.meeting
        else None,
    }


def committee_detail(
    request: HttpRequest, *, committee: Committee, members, work_programme, page, keep: str = ""
) -> dict:
    officer = committee.scrutiny_officer
    return committee_summary(request, committee) | {
        "kind": committee.kind,
        "description": committee.description,
        "scrutiny_officer": officer.display_name if officer else None,
        "monitoring_interval_months": committee.monitoring_interval_months,
        "members": [member(m) for m in members],
        "work_programme": [work_programme_entry(request, e) for e in work_programme],
        "meetings": {
            "results": [meeting_summary(request, m) for m in page.object_list],
            **pagination(request, page, "api:committee_detail", committee.slug, keep=keep),
        },
    }


def action_log_entry(request: HttpRequest, action: Action) -> dict:
    """One action of a committee's log, with the meeting and item that agreed it."""
    meeting = action.meeting
    return {
        "text": action.text,
        "agreed_at": {
            "meeting": meeting.pk,
            "date": day(meeting.date),
            "item": action.item.number,
            "links": {"self": link(request, "api:meeting_detail", meeting.pk)},
        },
        "owner": action.owner.display_name if action.owner else None,
        "due_on": day(action.due_on),
        "status": action.status,
        "response": action.response,
        "closed_on": day(action.closed_on),
    }


def action_log(request: HttpRequest, *, committee: Committee, page, state: str) -> dict:
    return {
        "committee": committee_summary(request, committee),
        "status": state,
        "results": [action_log_entry(request, a) for a in page.object_list],
        **pagination(
            request, page, "api:committee_actions", committee.slug, keep=f"status={state}&"
        ),
    }
