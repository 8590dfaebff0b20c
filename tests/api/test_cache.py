"""API answers are cached for anonymous clients like the pages, invalidated by the write
path, and never cached for a signed-in caller."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.reviews import services as reviews
from tests.core.cache_support import committed, get_counting_queries, turn_on_page_cache
from tests.factories import (
    make_committee,
    make_item,
    make_meeting,
    make_officer,
    make_recommendation,
    make_review,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record_in_hand(settings):
    turn_on_page_cache(settings)
    with committed():
        committee = make_committee("Growth Scrutiny Committee")
        meeting = make_meeting(committee, dt.date(2024, 7, 15))
        item = make_item(meeting, title="Library opening hours", text="The report on opening.")
        record.meeting_update(
            actor=None, meeting=meeting, expected_version=None,
            agenda_published_at=meeting.starts_at - dt.timedelta(days=10),
        )  # fmt: skip
        review = make_review(committee, title="Review of libraries")
        officer = make_officer("Pat Lane")
        recommendation = make_recommendation(review, owner=officer)
    return {"meeting": meeting, "item": item, "review": review, "rec": recommendation}


def cached_then_changed(client, url: str, change) -> tuple[str, str]:
    """The answer before (checked to come from the cache the second time) and after."""
    before = client.get(url)
    assert before.status_code == 200
    again, queries = get_counting_queries(client, url)
    assert queries == 1, f"{url} was not served from the cache"
    assert again.content == before.content
    with committed():
        change()
    after = client.get(url)
    assert after.status_code == 200
    return before.content.decode(), after.content.decode()


def test_a_meeting_made_exempt_drops_its_text_from_the_next_answer(client, record_in_hand):
    url = reverse("api:meeting_detail", args=[record_in_hand["meeting"].pk])
    before, after = cached_then_changed(
        client, url,
        lambda: record.agenda_item_set_visibility(
            actor=None, item=record_in_hand["item"], visibility="exempt",
            exempt_paragraphs=[3], public_interest_reason="Commercially sensitive.",
        ),
    )  # fmt: skip
    assert "The report on opening." in before
    assert "The report on opening." not in after


def test_a_new_document_is_in_the_next_meeting_answer(client, record_in_hand):
    url = reverse("api:meeting_detail", args=[record_in_hand["meeting"].pk])
    before, after = cached_then_changed(
        client, url,
        lambda: record.document_add(
            actor=None, item=record_in_hand["item"], title="Opening hours survey",
            published_at=timezone.now() - dt.timedelta(minutes=1),
        ),
    )  # fmt: skip
    assert "Opening hours survey" not in before
    assert "Opening hours survey" in after


def test_an_extension_is_in_the_next_review_answer(client, record_in_hand):
    url = reverse("api:review_detail", args=[record_in_hand["review"].slug])
    before, after = cached_then_changed(
        client, url,
        lambda: reviews.recommendation_extend(
            actor=None, recommendation=record_in_hand["rec"], to_date=dt.date(2025, 12, 31),
            reason="The new library system arrives late.",
        ),
    )  # fmt: skip
    assert "2025-12-31" not in before
    assert "2025-12-31" in after


def test_a_renamed_review_is_in_the_next_list_answer(client, record_in_hand):
    url = reverse("api:review_list")
    before, after = cached_then_changed(
        client, url,
        lambda: reviews.review_update(
            actor=None, review=record_in_hand["review"], expected_version=None,
            title="Review of libraries and archives",
        ),
    )  # fmt: skip
    assert "Review of libraries and archives" not in before
    assert "Review of libraries and archives" in after


@pytest.mark.parametrize(
    "name", ["api:index", "api:openapi", "api:committee_list", "api:review_list"]
)
def test_every_api_answer_is_cached_with_its_validators(client, record_in_hand, name):
    url = reverse(name)
    first = client.get(url)
    second, queries = get_counting_queries(client, url)
    assert queries == 1
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
    assert not_modified.status_code == 304


def test_each_host_gets_its_own_links(client, record_in_hand, settings):
    settings.ALLOWED_HOSTS = ["testserver", "scrutiny.council.example"]
    url = reverse("api:index")
    assert "http://testserver/api/v1/" in client.get(url).content.decode()
    other = client.get(url, HTTP_HOST="scrutiny.council.example").content.decode()
    assert "http://scrutiny.council.example/api/v1/" in other
    assert "testserver" not in other


def test_a_signed_in_caller_is_never_served_from_the_cache(client, record_in_hand):
    url = reverse("api:meeting_detail", args=[record_in_hand["meeting"].pk])
    client.get(url)
    client.force_login(make_user())
    response, queries = get_counting_queries(client, url)
    assert response.status_code == 200
    assert queries > 1
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_a_missing_record_is_not_cached(client, record_in_hand):
    url = reverse("api:meeting_detail", args=[record_in_hand["meeting"].pk + 1000])
    assert client.get(url).status_code == 404
    _, queries = get_counting_queries(client, url)
    assert queries > 1
