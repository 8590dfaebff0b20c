"""The public pages are cached for anonymous visitors and invalidated by the write path:
after each kind of change made through the services, the next anonymous request shows
it (and an item made exempt hides its content at once)."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import publication
from scrutiny.committees import services as record
from scrutiny.committees.models import AgendaItem, Committee, Issue, Meeting, Membership
from scrutiny.imports.records import ImportedItem, ImportedMeeting
from scrutiny.imports.writers import RecordImporter
from scrutiny.people.models import Person
from scrutiny.people.roles import Role
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review, Status
from tests.core.cache_support import committed, get_counting_queries, turn_on_page_cache
from tests.factories import (
    make_committee,
    make_councillor,
    make_item,
    make_meeting,
    make_officer,
    make_recommendation,
    make_review,
    make_user,
)
from tests.site.public.conftest import page_text

pytestmark = pytest.mark.django_db


@dataclass
class World:
    committee: Committee
    councillor: Person
    officer: Person
    issue: Issue
    decided: Meeting  # agenda published, minutes approved
    drafted: Meeting  # agenda published, minutes in draft
    unpublished: Meeting  # agenda not yet published
    item: AgendaItem  # the decided meeting's public item, on the issue
    review: Review
    recommendation: Recommendation


@pytest.fixture
def world(settings) -> World:
    turn_on_page_cache(settings)
    with committed():
        committee = make_committee("Growth Scrutiny Committee")
        councillor, officer = make_councillor("Jo Bloggs"), make_officer("Pat Lane")
        Membership.objects.create(committee=committee, person=councillor)
        issue = Issue.objects.create(title="Library opening hours", slug="library-hours")
        decided = _meeting(committee, dt.date(2024, 7, 15))
        item = make_item(
            decided, title="Library opening hours", text="The report on opening.", issue=issue
        )
        record.minutes_record(actor=None, item=item, text="Members noted the library report.")
        record.action_record(
            actor=None, item=item, text="Report back on Sunday opening.", owner=officer,
            due_on=None,
        )  # fmt: skip
        record.attendance_record(actor=None, meeting=decided, person=councillor, status="present")
        record.minutes_set_status(actor=None, meeting=decided, status="approved")
        drafted = _meeting(committee, dt.date(2024, 9, 16))
        drafted_item = make_item(drafted, title="Parks budget")
        record.minutes_record(actor=None, item=drafted_item, text="Members queried the budget.")
        unpublished = make_meeting(committee, dt.date(2024, 11, 18))
        make_item(unpublished, title="Parks strategy")
        review = make_review(committee, title="Review of libraries")
        reviews.review_update(actor=None, review=review, expected_version=None, stage="monitoring")
        recommendation = make_recommendation(review, owner=officer)
    return World(
        committee, councillor, officer, issue, decided, drafted, unpublished, item, review,
        recommendation,
    )  # fmt: skip


def _meeting(committee: Committee, day: dt.date) -> Meeting:
    meeting = make_meeting(committee, day)
    record.meeting_update(
        actor=None, meeting=meeting, expected_version=None,
        agenda_published_at=meeting.starts_at - dt.timedelta(days=10),
    )  # fmt: skip
    return meeting


def meeting_url(meeting: Meeting) -> str:
    return reverse("site:meeting_detail", args=[meeting.pk])


def committee_url(world: World) -> str:
    return reverse("site:committee_detail", args=[world.committee.slug])


def review_url(world: World) -> str:
    return reverse("site:review_detail", args=[world.review.slug])


def recommendation_url(world: World) -> str:
    return reverse("site:recommendation_detail", args=[world.review.slug, 1])


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return page_text(response)


def assert_change_shows(client, url: str, change, *, appears=(), disappears=()):
    """The page is cached (a second request costs one query), then the change is made and
    committed, and the next request shows it."""
    before = text_of(client, url)
    response, queries = get_counting_queries(client, url)
    assert queries == 1, f"{url} was not served from the cache"
    assert page_text(response) == before
    for text in appears:
        assert text not in before, text
    for text in disappears:
        assert text in before, text
    with committed():
        change()
    after = text_of(client, url)
    for text in appears:
        assert text in after, text
    for text in disappears:
        assert text not in after, text


# Served from the cache, with the headers that let browsers revalidate.


def test_a_second_anonymous_request_costs_only_the_versions_query(client, world):
    url = meeting_url(world.decided)
    first, first_queries = get_counting_queries(client, url)
    second, second_queries = get_counting_queries(client, url)
    assert first_queries > 1
    assert second_queries == 1
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in second["Vary"]
    assert "Content-Security-Policy" in second


@pytest.mark.parametrize(
    "url",
    [
        reverse("site:home"),
        reverse("site:committee_list"),
        reverse("site:review_list"),
        reverse("site:accessibility"),
        reverse("site:issue_detail", args=["library-hours"]),
    ],
)
def test_every_public_page_is_cached(client, world, url):
    first = client.get(url)
    second, queries = get_counting_queries(client, url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert queries == 1
    assert second.content == first.content


def test_a_matching_if_none_match_is_answered_304_from_the_versions_alone(client, world):
    url = meeting_url(world.decided)
    etag = client.get(url)["ETag"]
    response, queries = get_counting_queries(client, url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert queries == 1
    assert response["ETag"] == etag
    with committed():
        record.document_add(
            actor=None, item=world.item, title="Opening hours survey",
            published_at=timezone.now() - dt.timedelta(minutes=1),
        )  # fmt: skip
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Opening hours survey" in page_text(response)


def test_if_modified_since_is_answered_304_until_something_changes(client, world):
    url = meeting_url(world.decided)
    client.get(url)
    # A Last-Modified is given once the newest change is a couple of seconds old.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=False):
        last_modified = client.get(url)["Last-Modified"]
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
        assert response.status_code == 304
    with committed():
        record.agenda_item_set_visibility(
            actor=None, item=world.item, visibility="exempt", exempt_paragraphs=[3],
            public_interest_reason="Commercially sensitive.",
        )  # fmt: skip
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert "The report on opening." not in page_text(response)


def test_head_is_served_like_get(client, world):
    url = meeting_url(world.decided)
    body = client.get(url).content
    response = client.head(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert body


# What is never cached.


@pytest.fixture
def clerk_client(client):
    user = make_user("clerk")
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK.label)[0])
    client.force_login(user)
    return client


def test_a_signed_in_request_is_never_served_from_the_cache_and_is_private(
    client, clerk_client, world
):
    url = meeting_url(world.unpublished)
    anonymous = client.__class__()
    assert "Parks strategy" not in text_of(anonymous, url)  # cached for the public
    response, queries = get_counting_queries(clerk_client, url)
    assert "Parks strategy" in page_text(response)  # staff see the draft agenda
    assert queries > 1
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")
    _, queries = get_counting_queries(clerk_client, url)
    assert queries > 1
    assert "Parks strategy" not in text_of(anonymous, url)


def test_every_signed_in_response_is_private_staff_pages_too(clerk_client, world):
    response = clerk_client.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_request_with_a_session_or_messages_cookie_is_not_cached(client, world, cookie):
    url = meeting_url(world.decided)
    client.cookies[cookie] = "something"
    client.get(url)
    _, queries = get_counting_queries(client, url)
    assert queries > 1


def test_a_query_the_page_does_not_read_is_not_cached(client, world):
    url = committee_url(world) + "?utm_source=newsletter"
    client.get(url)
    response, queries = get_counting_queries(client, url)
    assert response.status_code == 200
    assert queries > 1
    assert not response.has_header("ETag")
    paged = committee_url(world) + "?page=1"
    client.get(paged)
    _, queries = get_counting_queries(client, paged)
    assert queries == 1


def test_a_missing_page_is_not_cached(client, world):
    url = reverse("site:committee_detail", args=["no-such-committee"])
    assert client.get(url).status_code == 404
    with committed():
        Committee.objects.create(name="No Such Committee", slug="no-such-committee")
    assert client.get(url).status_code == 200


def test_with_the_cache_turned_off_nothing_is_kept(client, world, settings):
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 0
    url = meeting_url(world.decided)
    client.get(url)
    response, queries = get_counting_queries(client, url)
    assert queries > 1
    assert not response.has_header("ETag")


# The clock: what is published for a future moment appears when that moment comes.


def test_an_agenda_published_for_later_appears_when_the_clock_passes_it(client, world):
    url = meeting_url(world.unpublished)
    start = timezone.now()
    with committed():
        record.meeting_update(
            actor=None, meeting=world.unpublished, expected_version=None,
            agenda_published_at=start + dt.timedelta(hours=1),
        )  # fmt: skip
    with time_machine.travel(start, tick=False):
        assert "Parks strategy" not in text_of(client, url)
        _, queries = get_counting_queries(client, url)
        assert queries == 1
    with time_machine.travel(start + dt.timedelta(hours=1, seconds=1), tick=False):
        assert "Parks strategy" in text_of(client, url)


def test_a_document_published_for_later_appears_when_the_clock_passes_it(client, world):
    url = meeting_url(world.decided)
    start = timezone.now()
    with committed():
        record.document_add(
            actor=None, item=world.item, title="Embargoed survey",
            published_at=start + dt.timedelta(minutes=30),
        )  # fmt: skip
    with time_machine.travel(start, tick=False):
        assert "Embargoed survey" not in text_of(client, url)
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert "Embargoed survey" in text_of(client, url)


# Each kind of change, on the pages that show it.


def test_publishing_an_agenda_shows_it(client, world):
    for url in (meeting_url(world.unpublished), committee_url(world)):
        text_of(client, url)
    assert_change_shows(
        client, meeting_url(world.unpublished),
        lambda: publication.agenda_publish(actor=None, meeting=world.unpublished),
        appears=["Parks strategy"],
    )  # fmt: skip


def test_approving_minutes_shows_them(client, world):
    assert_change_shows(
        client, meeting_url(world.drafted),
        lambda: record.minutes_set_status(actor=None, meeting=world.drafted, status="approved"),
        appears=["Members queried the budget."],
    )  # fmt: skip


def test_adding_a_document_shows_it(client, world):
    assert_change_shows(
        client, meeting_url(world.decided),
        lambda: record.document_add(
            actor=None, item=world.item, title="Opening hours survey",
            published_at=timezone.now() - dt.timedelta(minutes=1),
        ),
        appears=["Opening hours survey"],
    )  # fmt: skip


@pytest.mark.parametrize("page", ["meeting", "issue", "home"])
def test_making_an_item_exempt_hides_its_content(client, world, page):
    url = {
        "meeting": meeting_url(world.decided),
        "issue": reverse("site:issue_detail", args=[world.issue.slug]),
        "home": reverse("site:home"),
    }[page]
    hidden = {
        "meeting": ["The report on opening.", "Members noted the library report."],
        "issue": ["Members noted the library report."],
        "home": ["Members note the progress."],
    }[page]
    if page == "home":  # the home page's latest decisions
        with committed():
            record.resolution_record(
                actor=None, item=world.item, parts=["Members note the progress."]
            )
    assert_change_shows(
        client, url,
        lambda: record.agenda_item_set_visibility(
            actor=None, item=world.item, visibility="exempt", exempt_paragraphs=[3],
            public_interest_reason="Commercially sensitive.",
        ),
        disappears=hidden,
    )  # fmt: skip


def test_withdrawing_an_agenda_hides_it(client, world):
    assert_change_shows(
        client, meeting_url(world.decided),
        lambda: record.meeting_update(
            actor=None, meeting=world.decided, expected_version=None, agenda_published_at=None
        ),
        disappears=["Library opening hours", "Members noted the library report."],
    )  # fmt: skip


@pytest.mark.parametrize("page", ["meeting", "home"])
def test_recording_a_resolution_shows_it(client, world, page):
    url = meeting_url(world.decided) if page == "meeting" else reverse("site:home")
    assert_change_shows(
        client, url,
        lambda: record.resolution_record(
            actor=None, item=world.item, parts=["The library opens on Sundays."]
        ),
        appears=["The library opens on Sundays."],
    )  # fmt: skip


def test_closing_an_action_changes_the_matters_arising_of_later_meetings(client, world):
    action = world.item.actions.get()
    assert_change_shows(
        client, meeting_url(world.drafted),
        lambda: record.action_close(
            actor=None, action=action, status="done", response="Sunday opening agreed.",
            closed_on=dt.date(2024, 8, 1),
        ),
        appears=["Sunday opening agreed."],
    )  # fmt: skip


@pytest.mark.parametrize("page", ["review", "recommendation"])
def test_posting_a_progress_update_shows_it(client, world, page):
    url = review_url(world) if page == "review" else recommendation_url(world)
    assert_change_shows(
        client, url,
        lambda: reviews.progress_update_post(
            actor=None, recommendation=world.recommendation, author=world.officer,
            as_of=dt.date(2024, 1, 15), proposed_status="slipped",
            narrative="Staffing delayed the work.",
        ),
        appears=["Staffing delayed the work."],
    )  # fmt: skip


def test_extending_a_recommendation_shows_the_new_date(client, world):
    assert_change_shows(
        client, recommendation_url(world),
        lambda: reviews.recommendation_extend(
            actor=None, recommendation=world.recommendation, to_date=dt.date(2025, 12, 31),
            reason="The new library system arrives late.",
        ),
        appears=["31 December 2025", "The new library system arrives late."],
    )  # fmt: skip


@pytest.mark.parametrize("page", ["meeting", "committee", "recommendation"])
def test_renaming_a_person_shows_the_new_name(client, world, page):
    person = world.officer if page == "recommendation" else world.councillor
    url = {
        "meeting": meeting_url(world.decided),
        "committee": committee_url(world),
        "recommendation": recommendation_url(world),
    }[page]

    def rename():
        person.name = "Sam Renamed"
        person.save()

    assert_change_shows(client, url, rename, appears=["Sam Renamed"])


@pytest.mark.parametrize("page", ["review", "reviews", "home"])
def test_editing_a_status_label_shows_the_new_label(client, world, page):
    url = {
        "review": review_url(world),
        "reviews": reverse("site:review_list"),
        "home": reverse("site:home"),
    }[page]
    with committed():  # the committee agrees it: the summaries count the agreed status
        reviews.recommendation_set_status(
            actor=None, recommendation=world.recommendation, status="on-track"
        )

    def relabel():
        status = Status.objects.get(code="on-track")
        status.label = "Progressing to plan"
        status.save()

    # The summaries write the label in lower case, within a sentence.
    label = "Progressing to plan" if page == "review" else "progressing to plan"
    assert_change_shows(client, url, relabel, appears=[label])


def test_renaming_a_review_shows_on_the_reviews_list(client, world):
    assert_change_shows(
        client, reverse("site:review_list"),
        lambda: reviews.review_update(
            actor=None, review=world.review, expected_version=None,
            title="Review of libraries and archives",
        ),
        appears=["Review of libraries and archives"],
    )  # fmt: skip


def test_a_new_meeting_shows_as_the_committees_next_meeting(client, world):
    assert_change_shows(
        client, reverse("site:committee_list"),
        lambda: make_meeting(world.committee, timezone.localdate() + dt.timedelta(days=40)),
        appears=[f"{timezone.localdate() + dt.timedelta(days=40):%-d %B %Y}"],
    )  # fmt: skip


def test_running_an_import_shows_what_it_brought(client, world):
    imported = ImportedMeeting(
        source_id="9001", committee=world.committee.name, date=dt.date(2023, 3, 13),
        items=(ImportedItem(number="4", title="Imported allotments report"),),
        agenda_published=True,
    )  # fmt: skip
    assert_change_shows(
        client, committee_url(world),
        lambda: RecordImporter(source="ModernGov").import_meetings([imported]),
        appears=["13 March 2023"],
    )  # fmt: skip


# Streamed files: the download checks the rules on every request and is not kept.
# Following by email: forms and emailed links, each answer about one request or one
# address.
NOT_CACHED = {
    "site:document_download",
    "site:follow",
    "site:follow_sent",
    "site:follow_confirm",
    "site:unsubscribe",
}


def _routes(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_public_and_api_view_goes_through_the_page_cache():
    from django.urls import get_resolver

    routes = [
        (name, view)
        for name, view in _routes(get_resolver())
        if name.split(":")[0] in {"site", "api"} and name not in NOT_CACHED
    ]
    assert len(routes) > 10
    uncached = [name for name, view in routes if not hasattr(view, "public_page_scopes")]
    assert uncached == []
