"""Calendars (iCalendar), feeds (Atom and RSS), the public tracker as CSV, webcasts and
votes by name: read back with the libraries a calendar or feed reader uses, and never
carrying exempt, confidential, draft or unpublished business, whoever asks."""

import datetime as dt
import json

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Membership
from scrutiny.core.errors import Refused
from scrutiny.people.roles import Role
from tests.factories import make_committee, make_councillor, make_meeting
from tests.publishing.records import MARK, signed_in
from tests.site.public.test_leaks import body, every_public_url, leaks, visit
from tests.site.public.test_leaks import world as world  # the restricted record


def _events(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def held(db):
    """A committee's meeting, held yesterday with its agenda out and minutes approved: a
    public item with a motion voted on by name, and an exempt one with its own."""
    committee = make_committee("Place Scrutiny Committee")
    day = timezone.localdate() - dt.timedelta(days=1)
    meeting = make_meeting(committee, day, status="held", venue="Committee Room 1")
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(days=8),
        webcast_url="https://webcasts.example.gov.uk/place/1",
    )
    ann, bob, cat = (make_councillor(n) for n in ("Ann Able", "Bob Baker", "Cat Cole"))
    secret = make_councillor("Dee Dunn")  # present (public), but votes only on the exempt item
    for person in (ann, bob, cat, secret):
        Membership.objects.create(committee=committee, person=person, role="member")
        record.attendance_record(actor=None, meeting=meeting, person=person, status="present")
    public = record.agenda_item_create(
        actor=None, meeting=meeting, number="3", title="Bus shelters"
    )
    record.motion_record(
        actor=None, item=public, mover=ann, seconder=bob, outcome="carried",
        recorded_votes={ann: "for", bob: "for", cat: "against"},
    )  # fmt: skip
    exempt = record.agenda_item_create(
        actor=None, meeting=meeting, number="4", title="Depot lease",
        text=f"{MARK}-lease-text", visibility="exempt", exempt_paragraphs=[3],
        public_interest_reason="Commercial terms.",
    )  # fmt: skip
    record.motion_record(
        actor=None, item=exempt, mover=ann, seconder=None, text=f"{MARK}-lease-motion",
        recorded_votes={secret: "abstain"},
    )  # fmt: skip
    record.minutes_set_status(actor=None, meeting=meeting, status="approved")
    meeting.refresh_from_db()
    return meeting


def test_the_calendar_of_all_meetings_reads_back_with_each_meeting_once(client, held):
    response = client.get(reverse("site:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["uid"]) == f"meeting-{held.pk}@testserver"
    assert str(event["status"]) == "CONFIRMED"
    assert event["summary"] == "Place Scrutiny Committee"
    assert event["location"] == "Committee Room 1"
    assert event.decoded("dtstart") == held.starts_at
    assert event.decoded("last-modified") is not None
    assert "https://webcasts.example.gov.uk/place/1" in event["description"]
    assert "3. Bus shelters" in event["description"]
    assert "Depot lease" not in event["description"]  # an exempt title is not in a calendar


def test_a_move_and_a_cancellation_are_updates_of_the_same_event(client, held):
    committee_calendar = reverse("site:committee_calendar", args=[held.committee.slug])
    (before,) = _events(client.get(committee_calendar).content)
    later = make_meeting(held.committee, timezone.localdate() + dt.timedelta(days=30))
    moved_to = later.starts_at + dt.timedelta(days=7)
    record.meeting_update(actor=None, meeting=later, expected_version=None, starts_at=moved_to)
    later.refresh_from_db()
    record.meeting_update(actor=None, meeting=later, expected_version=None, status="cancelled")
    later.refresh_from_db()

    events = {str(e["uid"]): e for e in _events(client.get(committee_calendar).content)}
    assert events[str(before["uid"])]["sequence"] == before["sequence"]  # unchanged
    moved = events[f"meeting-{later.pk}@testserver"]
    assert moved["sequence"] == later.version and later.version >= 3
    assert str(moved["status"]) == "CANCELLED"
    assert moved.decoded("dtstart") == moved_to
    assert "cancelled" in str(moved["summary"])


def test_a_meeting_page_offers_its_own_calendar_file(client, held):
    page = client.get(reverse("site:meeting_detail", args=[held.pk])).content.decode()
    url = reverse("site:meeting_calendar", args=[held.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{held.pk}.ics"'
    (event,) = _events(response.content)
    assert str(event["uid"]) == f"meeting-{held.pk}@testserver"
    assert client.get(reverse("site:meeting_calendar", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("publications_atom", ()),
        ("publications_rss", ()),
        ("decisions_atom", ("place-scrutiny-committee",)),
        ("decisions_rss", ("place-scrutiny-committee",)),
    ],
)
def test_the_feeds_read_without_error(client, held, name, args):
    record.resolution_record(
        actor=None, item=held.items.get(number="3"), parts=["That bus shelters be repaired."]
    )
    response = client.get(reverse(f"site:{name}", args=args))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if name.endswith("atom") else "rss20")
    titles = [entry.title for entry in parsed.entries]
    if name.startswith("publications"):
        assert f"Agenda: {held}" in titles and f"Minutes: {held}" in titles
    else:
        assert titles == [f"{held.date:%-d %B %Y}, item 3: Bus shelters"]
        assert "That bus shelters be repaired." in parsed.entries[0].summary


def test_votes_by_name_on_the_meeting_page_and_in_the_api(client, held):
    page = client.get(reverse("site:meeting_detail", args=[held.pk])).content.decode()
    assert "For (2)" in page and "Councillor Ann Able, Councillor Bob Baker" in page
    assert "Against (1)" in page and "Cat Cole" in page
    assert MARK not in page and "Abstained" not in page  # the exempt item's vote
    data = json.loads(client.get(reverse("api:meeting_detail", args=[held.pk])).content)
    (item,) = [i for i in data["items"] if i["number"] == "3"]
    assert item["motions"][0]["votes_by_name"] == {
        "for": ["Councillor Ann Able", "Councillor Bob Baker"],
        "against": ["Councillor Cat Cole"],
        "abstained": [],
        "left_the_room": [],
    }
    assert MARK not in json.dumps(data)


def test_who_declared_an_interest_and_left_is_shown_beside_the_votes(client, held):
    """On the page beside the votes by name and in the API; one who left the room for the
    exempt item is not named to the public, nor one who stayed."""
    eve, hidden = make_councillor("Eve Egan"), make_councillor(f"{MARK} Fay Ford")
    stayed = make_councillor("Gil Gray")
    public, exempt = held.items.get(number="3"), held.items.get(number="4")
    record.declaration_record(
        actor=None, item=public, person=eve, kind="dpi", text="Owns a bus company.",
        left_room=True,
    )  # fmt: skip
    record.declaration_record(
        actor=None, item=public, person=stayed, kind="non-registrable", text="Uses the bus.",
    )  # fmt: skip
    record.declaration_record(
        actor=None, item=exempt, person=hidden, kind="dpi", text="Bids for the lease.",
        left_room=True,
    )  # fmt: skip
    page = client.get(reverse("site:meeting_detail", args=[held.pk])).content.decode()
    assert "Declared an interest and left the room for this item (1)" in page
    assert "Owns a bus company. <strong>Left the room for this item.</strong>" in page
    assert "Uses the bus.</li>" in page
    assert MARK not in page
    data = json.loads(client.get(reverse("api:meeting_detail", args=[held.pk])).content)
    (item,) = [i for i in data["items"] if i["number"] == "3"]
    assert item["motions"][0]["votes_by_name"]["left_the_room"] == ["Councillor Eve Egan"]
    assert [(d["person"], d["left_room"]) for d in item["declarations"]] == [
        ("Councillor Eve Egan", True),
        ("Councillor Gil Gray", False),
    ]
    assert MARK not in json.dumps(data)
    # The committee's member reads the exempt item, and who left the room for it.
    member = signed_in(
        Role.COUNCILLOR, Membership.objects.filter(committee=held.committee).first().person
    )
    client.force_login(member)
    data = json.loads(client.get(reverse("api:meeting_detail", args=[held.pk])).content)
    (item,) = [i for i in data["items"] if i["number"] == "4"]
    assert item["motions"][0]["votes_by_name"]["left_the_room"] == [f"Councillor {MARK} Fay Ford"]


def test_the_webcast_is_shown_and_given_by_the_api(client, held):
    page = client.get(reverse("site:meeting_detail", args=[held.pk])).content.decode()
    assert 'href="https://webcasts.example.gov.uk/place/1"' in page
    data = json.loads(client.get(reverse("api:meeting_detail", args=[held.pk])).content)
    assert data["webcast_url"] == "https://webcasts.example.gov.uk/place/1"
    assert data["calendar_url"].endswith(reverse("site:meeting_calendar", args=[held.pk]))


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://example.org/x", "webcast"])
def test_a_webcast_address_that_is_not_a_web_page_is_refused(held, address):
    with pytest.raises(Refused):
        record.meeting_update(actor=None, meeting=held, expected_version=None, webcast_url=address)


def test_the_clerk_sets_the_webcast_on_the_meeting_form(client, held):
    client.force_login(signed_in(Role.CLERK))
    url = reverse("staff:meeting-edit", args=[held.pk])
    form = client.get(url)
    assert 'name="webcast_url"' in form.content.decode()


def test_unknown_api_paths_answer_the_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert json.loads(response.content) == {"error": "Not found"}


def test_no_calendar_feed_or_spreadsheet_carries_restricted_business(client, world):
    urls = [u for u in every_public_url() if u.endswith((".ics", ".atom", ".rss", ".csv"))]
    assert len(urls) >= 10
    for who in (None, "member"):
        if who:
            client.force_login(world.users[who])
        responses = visit(client, urls)
        assert leaks(responses) == [], who
        # A member's view never reaches an address they might share.
        assert leaks(responses, world.member_markers) == [], who
    calendar = visit(client, [reverse("site:calendar")])
    assert b"Leisure centres: open report" in next(iter(calendar.values()))[1]


def test_the_public_tracker_downloads_as_csv(client, world):
    from scrutiny.reviews.models import Review

    review = Review.objects.get()
    response = client.get(reverse("site:review_tracker_csv", args=[review.slug]))
    text = body(response).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Number,Reference,Recommendation,Directorate")
    assert len(lines) == 1 + review.recommendations.count()
    assert MARK not in text
