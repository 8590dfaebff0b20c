"""The leak test for the API: every API URL for every id and slug in the restricted
record (`tests.publishing.records`), and every link the answers give, asked by the
public and by a councillor of another committee, never shows a marker; the committee's
own member sees its exempt business there, but no draft."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from scrutiny.committees.models import Committee, Meeting, Resolution
from scrutiny.reviews.models import Review
from tests.factories import achieve, make_recommendation, make_review
from tests.publishing.records import build_restricted_record
from tests.site.public.test_leaks import leaks, visit

API = "http://testserver/api/"


@pytest.fixture
def world(db):
    world = build_restricted_record()
    review = make_review(world.objects["committee"], title="Review of leisure centres")
    exempt_resolution = Resolution.objects.get(item=world.objects["exempt item"])
    achieve(
        make_recommendation(review),
        completed=exempt_resolution.item.meeting.date,
        resolution=exempt_resolution,
    )
    return world


def every_api_url() -> list[str]:
    """Each API URL pattern with every object in the database, and one that is not."""
    args = {
        "index": [()],
        "openapi": [()],
        "committee_list": [()],
        "review_list": [()],
        "search": [()],
        "committee_detail": [(s,) for s in Committee.objects.values_list("slug", flat=True)]
        + [("no-such-committee",)],
        "committee_actions": [(s,) for s in Committee.objects.values_list("slug", flat=True)]
        + [("no-such-committee",)],
        "meeting_detail": [(pk,) for pk in Meeting.objects.values_list("pk", flat=True)]
        + [(999999,)],
        "review_detail": [(s,) for s in Review.objects.values_list("slug", flat=True)],
    }
    patterns = get_resolver().namespace_dict["api"][1].url_patterns
    names = {p.name for p in patterns if isinstance(p, URLPattern)}
    missing = names - set(args)
    assert not missing, f"Add these API URLs to the leak test: {sorted(missing)}"
    urls = [reverse(f"api:{name}", args=a) for name in sorted(names) for a in args[name]]
    # The action log's other filters: every action of every status.
    return urls + [
        f"{reverse('api:committee_actions', args=a)}?status={state}"
        for a in args["committee_actions"]
        for state in ("closed", "historic", "all")
    ]


def links_in(value) -> set[str]:
    """Every API address anywhere in an answer."""
    if isinstance(value, dict):
        return set().union(*(links_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(links_in(v) for v in value))
    if isinstance(value, str) and value.startswith(API):
        return {value.removeprefix("http://testserver")}
    return set()


def crawl_api(client) -> dict[str, tuple[int, bytes]]:
    """Every URL pattern, then every API link in the answers, to a fixed point."""
    responses = visit(client, every_api_url())
    while True:
        found = set().union(
            *(links_in(client.get(url).json()) for url, (s, _) in responses.items() if s == 200)
        )
        new = sorted(found - set(responses))
        if not new:
            return responses
        responses |= visit(client, new)


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_no_marker_reaches_the_public_or_another_committee(client, world, who):
    if world.users[who]:
        client.force_login(world.users[who])
    responses = crawl_api(client)
    assert reverse("api:meeting_detail", args=[world.objects["signed meeting"].pk]) in responses
    assert leaks(responses) == []
    # 301: the OpenAPI document's server address, /api/v1, redirects to /api/v1/.
    assert {status for status, _ in responses.values()} == {200, 301, 404}


def test_public_sees_exempt_items_as_number_title_and_paragraphs(client, world):
    meeting = world.objects["signed meeting"]
    data = client.get(reverse("api:meeting_detail", args=[meeting.pk])).json()
    items = {i["number"]: i for i in data["items"]}
    assert items["5"] == {
        "number": "5",
        "title": "Leisure centres: contract award",
        "visibility": "exempt",
        "notice": "This item is exempt under paragraph 3 of Schedule 12A to the Local "
        "Government Act 1972.",
        "exempt_paragraphs": [3],
    }
    assert items["6"]["title"] is None
    assert set(items["6"]) == {"number", "title", "visibility", "notice"}
    public_documents = [d["title"] for d in items["4"]["documents"]]
    assert public_documents == ["Open report on leisure centres"]


def test_the_committee_member_sees_their_exempt_business_but_no_draft(client, world):
    client.force_login(world.users["member"])
    meeting = world.objects["signed meeting"]
    response = client.get(reverse("api:meeting_detail", args=[meeting.pk]))
    text = response.content.decode()
    for marker in world.member_markers:
        assert marker in text, marker
    assert "private" in response["Cache-Control"]
    assert leaks(crawl_api(client), world.draft_markers) == []


def test_restricted_and_missing_meetings_get_the_same_answer(client, world):
    """The unpublished meeting is on the calendar, so it is found, with nothing of its
    agenda; an unknown id is the plain JSON 404."""
    unpublished = world.objects["unpublished meeting"]
    data = client.get(reverse("api:meeting_detail", args=[unpublished.pk])).json()
    assert data["items"] == [] and data["agenda_published_at"] is None
    missing = client.get(reverse("api:meeting_detail", args=[999999]))
    assert (missing.status_code, missing.json()) == (404, {"error": "Not found"})
