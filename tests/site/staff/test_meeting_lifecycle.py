"""What the public reads about a meeting's life, and what the clerk is told after each
change: the same thing (issue 9, items 4 and 7)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Meeting
from tests.api.conftest import assert_matches_schema, get_json
from tests.factories import make_item, make_meeting
from tests.site.public.conftest import page_text
from tests.site.staff.conftest import assert_refused, banner

pytestmark = pytest.mark.django_db

# The demo is loaded as of 18 November 2024; its later meetings have passed since with
# nothing recorded, which is what a council's calendar looks like when the clerk is behind.
JANUARY = dt.date(2025, 1, 20)


@pytest.fixture
def january(demo):
    return Meeting.objects.get(starts_at__date=JANUARY)


def public_meeting_page(meeting) -> str:
    return page_text(Client().get(reverse("site:meeting_detail", args=[meeting.pk])))


def status_row(text: str) -> str:
    return text.split("Status ", 1)[1].split(" Agenda ", 1)[0]


def test_a_past_scheduled_meeting_reads_held_minutes_to_follow(january):
    assert january.status == Meeting.Status.SCHEDULED
    assert status_row(public_meeting_page(january)) == "Held, minutes to follow"
    committee_page = page_text(
        Client().get(reverse("site:committee_detail", args=[january.committee.slug]))
    )
    assert "Scheduled" not in committee_page.split("Meetings", 1)[1].split("20 January 2025")[0]
    data = get_json(Client(), reverse("api:meeting_detail", args=[january.pk]))
    assert (data["status"], data["status_label"]) == ("held", "Held, minutes to follow")
    assert_matches_schema(data, "Meeting")


def test_a_meeting_still_to_come_reads_scheduled(demo):
    committee = Meeting.objects.get(starts_at__date=JANUARY).committee
    ahead = make_meeting(committee, timezone.localdate() + dt.timedelta(days=30))
    assert status_row(public_meeting_page(ahead)) == "Scheduled"
    data = get_json(Client(), reverse("api:meeting_detail", args=[ahead.pk]))
    assert data["status"] == "scheduled"


def test_draft_minutes_are_said_to_be_draft_and_the_public_page_agrees(clerk_client, january):
    item = make_item(january, "4")
    data = {"version": item.version, "minutes": "Members noted the report."}
    response = clerk_client.post(reverse("staff:minutes", args=[item.pk]), data, follow=True)
    assert banner(response) == "Minutes of item 4 saved as a draft: not public yet"
    january.refresh_from_db()
    response = clerk_client.post(
        reverse("staff:minutes-status", args=[january.pk]),
        {"version": january.version, "minutes_status": "draft"},
        follow=True,
    )
    assert banner(response) == "Minutes saved as a draft: not public yet"
    text = public_meeting_page(january)
    assert "Minutes Not yet published" in text
    assert status_row(text) == "Held, minutes to follow"
    assert "Members noted the report." not in text


def test_publishing_draft_minutes_is_refused_rather_than_claimed(clerk_client, january):
    record.minutes_record(actor=None, item=make_item(january, "1"), text="Noted.")
    january.refresh_from_db()
    url = reverse("staff:minutes-publish", args=[january.pk])
    response = clerk_client.post(url, {"version": january.version}, follow=True)
    assert_refused(
        response,
        "Draft minutes are not public: the meeting page shows the minutes once they are "
        "approved. Set the minutes' status to approved to publish them.",
    )
    assert "Minutes Not yet published" in public_meeting_page(january)


def test_approved_minutes_are_said_to_be_public_and_the_public_page_agrees(clerk_client, january):
    record.minutes_record(actor=None, item=make_item(january, "1"), text="Members noted it.")
    january.refresh_from_db()
    response = clerk_client.post(
        reverse("staff:agenda-publish", args=[january.pk]),
        {"version": january.version},
        follow=True,
    )
    assert banner(response) == "The agenda is published and public on the meeting page"
    january.refresh_from_db()
    response = clerk_client.post(
        reverse("staff:minutes-status", args=[january.pk]),
        {"version": january.version, "minutes_status": "approved"},
        follow=True,
    )
    assert banner(response) == "The minutes are approved and public on the meeting page"
    text = public_meeting_page(january)
    assert "Minutes Approved" in text and "Members noted it." in text
    assert status_row(text) == "Held, minutes approved"


def test_a_motion_on_draft_minutes_is_said_to_be_not_public_yet(clerk_client, january):
    from tests.site.staff.test_meeting_forms import motion_data

    item = make_item(january, "6")
    response = clerk_client.post(
        reverse("staff:motion", args=[item.pk]), motion_data(), follow=True
    )
    assert banner(response) == (
        "Motion moved by Councillor Vicky Wapplington recorded: not public until the minutes "
        "are approved"
    )


def test_the_clerk_cannot_record_a_vote_at_a_meeting_still_to_come(clerk_client, january):
    from tests.site.staff.test_meeting_forms import motion_data

    ahead = make_meeting(january.committee, timezone.localdate() + dt.timedelta(days=30))
    item = make_item(ahead, "1")
    response = clerk_client.post(reverse("staff:motion", args=[item.pk]), motion_data())
    assert_refused(
        response,
        "A motion cannot be decided before the meeting has taken place: it is on "
        f"{ahead.date:%-d %B %Y}.",
        "id_outcome",
    )


def test_the_clerk_is_told_how_the_public_calendar_shows_a_meeting(clerk_client, demo):
    committee = Meeting.objects.get(starts_at__date=JANUARY).committee
    day = timezone.localdate() + dt.timedelta(days=30)
    data = {"committee": committee.pk, "time": "18:00", "venue": "Room 1", "status": "scheduled"}
    data |= {"date_day": day.day, "date_month": day.month, "date_year": day.year}
    response = clerk_client.post(reverse("staff:meeting-create"), data, follow=True)
    assert banner(response).endswith("added: the public calendar shows it as “Scheduled”")
