"""Every calendar address read by a calendar client: `ical`, the strict RFC 5545 parser
Home Assistant's calendars use, with none of its leniencies for broken producers turned
on. It refuses what a client may refuse (a property of the wrong type, an end without a
time zone where the start has one, a bad escape), so each test checks what the client
reads, not only that `icalendar`, which writes our calendars, reads them back."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus

from scrutiny.committees import services as record
from scrutiny.committees.models import Committee
from scrutiny.site.public.calendars import MEETING_LENGTH, PRODUCT
from tests.factories import make_item, make_meeting
from tests.site.public.test_calendars_and_feeds import held as held  # the held meeting

LONDON = ZoneInfo("Europe/London")
# Commas and semicolons must be escaped in iCalendar text, and a line is folded at 75
# octets, which must not split a character written in more than one.
AWKWARD_NAME = "Health, Care; Wellbeing – Overview & Scrutiny Committee"
AWKWARD_VENUE = "Council Chamber, Town Hall\nHigh Street; Anytown"
AWKWARD_TITLE = "Café culture – pavement licences, “al fresco” dining; a 12‑month review, " * 2
AWKWARD_TITLE = AWKWARD_TITLE.rstrip(", ")


def client_reads(response) -> Calendar:
    """The calendar as the client takes it in: one calendar, every event validated."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (calendar,) = IcsCalendarStream.from_ics(response.content.decode("utf-8")).calendars
    assert calendar.prodid == PRODUCT and calendar.version == "2.0"
    assert calendar.method == "PUBLISH" and calendar.calscale == "GREGORIAN"
    return calendar


def by_uid(calendar: Calendar) -> dict:
    events = {event.uid: event for event in calendar.events}
    assert len(events) == len(calendar.events)  # each meeting once
    return events


def page_of(meeting) -> str:
    return "http://testserver" + reverse("site:meeting_detail", args=[meeting.pk])


def assert_reads_as(event, meeting, *, summary: str, status: EventStatus, location=None):
    assert event.uid == f"meeting-{meeting.pk}@testserver"
    assert event.summary == summary
    assert event.status == status
    assert event.sequence == meeting.version
    assert event.location == (location if location is not None else meeting.venue or None)
    assert event.url == page_of(meeting)
    # An instant the client can place in any zone: the meeting's own, in UTC, and
    # the council's local time at which the clerk set it.
    assert event.dtstart.utcoffset() == dt.timedelta(0)
    assert event.dtstart == meeting.starts_at
    assert event.dtstart.astimezone(LONDON) == meeting.starts_at.astimezone(LONDON)
    assert event.dtend == meeting.starts_at + MEETING_LENGTH
    assert event.dtend.utcoffset() == dt.timedelta(0)
    assert event.dtstamp.utcoffset() == dt.timedelta(0)
    assert event.last_modified == meeting.updated_at.replace(microsecond=0)
    assert event.description.startswith(f"Agenda, papers and minutes: {page_of(meeting)}")


@pytest.fixture
def calendars(held):
    """The held meeting; one ahead that is moved (SEQUENCE goes up) and then cancelled;
    one postponed; and a meeting of another committee whose name, venue and item title
    need escaping and careful folding."""
    committee = held.committee
    today = timezone.localdate()
    moved = make_meeting(committee, today + dt.timedelta(days=30), venue="Room 2")
    postponed = make_meeting(committee, today + dt.timedelta(days=60), venue="Room 3")
    record.meeting_update(actor=None, meeting=postponed, expected_version=None, status="postponed")
    other = Committee.objects.create(
        name=AWKWARD_NAME, slug="health-care-wellbeing", monitoring_interval_months=6
    )
    awkward = make_meeting(other, today + dt.timedelta(days=14), venue=AWKWARD_VENUE)
    record.meeting_update(
        actor=None, meeting=awkward, expected_version=None, agenda_published_at=timezone.now()
    )
    make_item(awkward, number="5", title=AWKWARD_TITLE)
    for meeting in (moved, postponed, awkward):
        meeting.refresh_from_db()
    return {"held": held, "moved": moved, "postponed": postponed, "awkward": awkward}


def _check_every_meeting(events: dict, meetings: dict) -> None:
    held, moved, postponed = meetings["held"], meetings["moved"], meetings["postponed"]
    assert_reads_as(
        events[f"meeting-{held.pk}@testserver"],
        held,
        summary="Place Scrutiny Committee",
        status=EventStatus.CONFIRMED,
    )
    assert_reads_as(
        events[f"meeting-{moved.pk}@testserver"],
        moved,
        summary="Place Scrutiny Committee",
        status=EventStatus.CONFIRMED,
    )
    assert_reads_as(
        events[f"meeting-{postponed.pk}@testserver"],
        postponed,
        summary="Place Scrutiny Committee (postponed)",
        status=EventStatus.CANCELLED,
    )
    description = events[f"meeting-{held.pk}@testserver"].description
    assert "\nWebcast: https://webcasts.example.gov.uk/place/1\n" in description
    assert description.endswith("\n\n3. Bus shelters")  # the exempt item 4 is not there


def test_the_calendar_of_all_meetings_reads_in_a_calendar_client(client, calendars):
    calendar = client_reads(client.get(reverse("site:calendar")))
    assert calendar.name == ["Committee meetings"]
    events = by_uid(calendar)
    assert len(events) == 4
    _check_every_meeting(events, calendars)
    awkward = calendars["awkward"]
    event = events[f"meeting-{awkward.pk}@testserver"]
    assert_reads_as(event, awkward, summary=AWKWARD_NAME, status=EventStatus.CONFIRMED)
    assert event.location == AWKWARD_VENUE
    assert event.description.endswith(f"\n\n5. {AWKWARD_TITLE}")


def test_a_committees_calendar_reads_in_a_calendar_client(client, calendars):
    place = client_reads(
        client.get(reverse("site:committee_calendar", args=["place-scrutiny-committee"]))
    )
    assert place.name == ["Place Scrutiny Committee"]
    events = by_uid(place)
    assert len(events) == 3  # not the other committee's meeting
    _check_every_meeting(events, calendars)

    other = client_reads(
        client.get(reverse("site:committee_calendar", args=["health-care-wellbeing"]))
    )
    assert other.name == [AWKWARD_NAME]
    (event,) = other.events
    assert_reads_as(event, calendars["awkward"], summary=AWKWARD_NAME, status=EventStatus.CONFIRMED)


@pytest.mark.parametrize("which", ["held", "moved", "postponed", "awkward"])
def test_each_meetings_own_calendar_file_reads_in_a_calendar_client(client, calendars, which):
    meeting = calendars[which]
    calendar = client_reads(client.get(reverse("site:meeting_calendar", args=[meeting.pk])))
    assert calendar.name == [str(meeting)]
    (event,) = calendar.events
    called_off = which == "postponed"
    assert_reads_as(
        event,
        meeting,
        summary=meeting.committee.name + (" (postponed)" if called_off else ""),
        status=EventStatus.CANCELLED if called_off else EventStatus.CONFIRMED,
    )


def test_a_client_holding_a_meeting_takes_each_change_as_an_update_of_it(client, calendars):
    """The same UID throughout and a higher SEQUENCE at each change, so the client
    replaces the event it holds: moved, its venue changed, then cancelled."""
    meeting = calendars["moved"]
    address = reverse("site:committee_calendar", args=["place-scrutiny-committee"])
    uid = f"meeting-{meeting.pk}@testserver"
    held_uid = f"meeting-{calendars['held'].pk}@testserver"
    first = by_uid(client_reads(client.get(address)))
    sequences = [first[uid].sequence]

    moved_to = meeting.starts_at + dt.timedelta(days=7, hours=-1)
    changes = [{"starts_at": moved_to}, {"venue": "Committee Room 4"}, {"status": "cancelled"}]
    for change in changes:
        record.meeting_update(actor=None, meeting=meeting, expected_version=None, **change)
        meeting.refresh_from_db()
        events = by_uid(client_reads(client.get(address)))
        assert set(events) == set(first)  # the same events: none added, none lost
        sequences.append(events[uid].sequence)
        assert events[held_uid].sequence == first[held_uid].sequence  # the others untouched

    assert sequences == sorted(set(sequences))  # rose at every change
    assert_reads_as(
        events[uid],
        meeting,
        summary="Place Scrutiny Committee (cancelled)",
        status=EventStatus.CANCELLED,
        location="Committee Room 4",
    )
    assert events[uid].dtstart == moved_to
    assert events[uid].dtstart.astimezone(LONDON).hour == 17
