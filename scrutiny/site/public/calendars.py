"""Meetings as iCalendar (RFC 5545): every meeting, a committee's, and one meeting's
"add to calendar" file. Each meeting is one event whose UID never changes, whose SEQUENCE
is the meeting's version (so a calendar client takes a move or a cancellation as an
update of the event it holds) and which is CANCELLED when the meeting is called off.
Always the public's view (`publishing.feeds`)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vText

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import feeds, rules
from scrutiny.publishing.committees import get_committee_or_404

# Meetings have a start and no stated end: a calendar shows them this long.
MEETING_LENGTH = datetime.timedelta(hours=2)
PRODUCT = "-//Scrutiny Tracker//Committee meetings//EN"


def _event(request: HttpRequest, meeting) -> Event:
    page = request.build_absolute_uri(reverse("site:meeting_detail", args=[meeting.pk]))
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host().split(':')[0]}")
    event.add("sequence", meeting.version)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + MEETING_LENGTH)
    called_off = feeds.is_called_off(meeting)
    summary = f"{meeting.committee.name}"
    if called_off:
        summary += f" ({meeting.get_status_display().lower()})"
    event.add("summary", summary)
    event.add("status", "CANCELLED" if called_off else "CONFIRMED")
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", page)
    lines = [f"Agenda, papers and minutes: {page}"]
    if meeting.webcast_url:
        lines.append(f"Webcast: {meeting.webcast_url}")
    if meeting.public_items:
        lines.append("")
        lines += [f"{item.number}. {item.title}" for item in meeting.public_items]
    event.add("description", "\n".join(lines))
    return event


def _calendar(request: HttpRequest, meetings, *, name: str, filename: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # The standard name (RFC 7986), escaped as iCalendar text, and the older name most
    # clients still read.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(request, meeting))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_page(params=())
def all_meetings(request: HttpRequest) -> HttpResponse:
    return _calendar(
        request, feeds.calendar_meetings(), name="Committee meetings", filename="meetings.ics"
    )


@public_page(params=())
def committee_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_committee_or_404(slug)
    return _calendar(
        request,
        feeds.calendar_meetings(committee=committee),
        name=committee.name,
        filename=f"{committee.slug}.ics",
    )


@public_page(params=())
def one_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = rules.get_visible_meeting_or_404(None, pk)
    response = _calendar(
        request,
        feeds.calendar_meetings(meeting=meeting),
        name=str(meeting),
        filename=f"meeting-{meeting.pk}.ics",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
