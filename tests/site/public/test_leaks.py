"""The leak test: nothing exempt, confidential, draft or unpublished reaches anyone who may
not see it, on any page a crawler can reach or any URL it can guess.

Every such record carries a marker (`tests.publishing.records.MARK`). A client follows
every internal link from the home page, then asks for every public URL pattern with every
id and slug in the database, exempt documents and items included."""

from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest
from django.urls import URLPattern, get_resolver, reverse

from scrutiny.committees.models import Committee, Document, Issue, Meeting, Resolution
from scrutiny.reviews.models import Recommendation, Review
from tests.factories import achieve, make_recommendation, make_review
from tests.publishing.records import MARK, build_restricted_record

CRAWL_LIMIT = 500
NOT_CRAWLED = ("/static/", "/media/", "/admin/", "/accounts/", "/staff/")


@pytest.fixture
def world(db):
    world = build_restricted_record()
    committee = world.objects["committee"]
    review = make_review(committee, title="Review of leisure centres")
    rec = make_recommendation(review)
    exempt_resolution = Resolution.objects.get(item=world.objects["exempt item"])
    achieve(rec, completed=exempt_resolution.item.meeting.date, resolution=exempt_resolution)
    return world


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def crawl(
    client, start: str = "/", skip: tuple[str, ...] = NOT_CRAWLED
) -> dict[str, tuple[int, bytes]]:
    """Breadth first through every internal link, bounded, leaving out paths under
    `skip`."""
    seen: dict[str, tuple[int, bytes]] = {}
    queue = deque([start])
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, body(response))
        if response.status_code in (301, 302):
            hrefs = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            hrefs = lxml.html.document_fromstring(seen[url][1].decode()).xpath("//a/@href")
        else:
            continue
        for href in hrefs:
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(skip) and path not in seen:
                queue.append(path)
    return seen


def followable() -> list[tuple[str, int]]:
    """Every committee, review and recommendation, as the follow form names them."""
    return [
        (kind, pk)
        for kind, model in (
            ("committee", Committee),
            ("review", Review),
            ("recommendation", Recommendation),
        )
        for pk in model.objects.values_list("pk", flat=True)
    ]


def every_public_url() -> list[str]:
    """Each public URL pattern with every object in the database, and one that is not."""
    args = {
        "home": [()],
        "accessibility": [()],
        "open_data": [()],
        "search": [()],
        "committee_list": [()],
        "review_list": [()],
        "committee_detail": [(c,) for c in Committee.objects.values_list("slug", flat=True)],
        "committee_actions": [(c,) for c in Committee.objects.values_list("slug", flat=True)],
        "meeting_detail": [(pk,) for pk in Meeting.objects.values_list("pk", flat=True)]
        + [(999999,)],
        "issue_detail": [(s,) for s in Issue.objects.values_list("slug", flat=True)],
        "review_detail": [(s,) for s in Review.objects.values_list("slug", flat=True)],
        "recommendation_detail": list(Recommendation.objects.values_list("review__slug", "number")),
        "document_download": [(pk,) for pk in Document.objects.values_list("pk", flat=True)],
        # Calendars, feeds and the tracker as CSV: always the public's view.
        "calendar": [()],
        "publications_atom": [()],
        "publications_rss": [()],
        "committee_calendar": [(c,) for c in Committee.objects.values_list("slug", flat=True)],
        "decisions_atom": [(c,) for c in Committee.objects.values_list("slug", flat=True)],
        "decisions_rss": [(c,) for c in Committee.objects.values_list("slug", flat=True)],
        "meeting_calendar": [(pk,) for pk in Meeting.objects.values_list("pk", flat=True)],
        "review_progress_atom": [(s,) for s in Review.objects.values_list("slug", flat=True)],
        "review_progress_rss": [(s,) for s in Review.objects.values_list("slug", flat=True)],
        "review_tracker_csv": [(s,) for s in Review.objects.values_list("slug", flat=True)],
        # Following by email: the form and its "check your email" page for everything that
        # may be followed; the emailed links, for a link that is not one.
        "follow": followable(),
        "follow_sent": followable(),
        "follow_confirm": [("not-a-link",)],
        "unsubscribe": [("not-a-link",)],
    }
    patterns = get_resolver().namespace_dict["site"][1].url_patterns
    names = {p.name for p in patterns if isinstance(p, URLPattern)}
    missing = names - set(args)
    assert not missing, f"Add these public pages to the leak test: {sorted(missing)}"
    urls = [reverse(f"site:{name}", args=a) for name in sorted(names) for a in args[name]]
    # The action log's other filters: every action of every status.
    return urls + [
        f"{reverse('site:committee_actions', args=a)}?status={state}"
        for a in args["committee_actions"]
        for state in ("closed", "historic", "all")
    ]


def leaks(responses: dict[str, tuple[int, bytes]], markers=(MARK,)) -> list[str]:
    return [
        f"{url}: {marker}"
        for url, (_, content) in responses.items()
        for marker in markers
        if marker.encode() in content
    ]


def visit(client, urls) -> dict[str, tuple[int, bytes]]:
    out = {}
    for url in urls:
        response = client.get(url)
        out[url] = (response.status_code, body(response))
    return out


def test_anonymous_crawler_finds_no_marker(client, world):
    crawled = crawl(client)
    assert reverse("site:meeting_detail", args=[world.objects["signed meeting"].pk]) in crawled
    assert reverse("site:issue_detail", args=[world.objects["issue"].slug]) in crawled
    public = reverse("site:document_download", args=[world.objects["public document"].pk])
    assert public in crawled, "the crawler should reach the public document"
    assert {url: status for url, (status, _) in crawled.items() if status != 200} == {}
    assert leaks(crawled) == []


def test_every_url_for_every_object_shows_the_public_no_marker(client, world):
    responses = visit(client, every_public_url())
    assert leaks(responses) == []
    assert all(status in (200, 404) for status, _ in responses.values())


@pytest.mark.parametrize(
    "which",
    [
        "exempt document",
        "public document on exempt item",
        "confidential document",
        "draft document",
        "future document",
        "unpublished agenda document",
    ],
)
def test_restricted_document_downloads_are_not_found(client, world, which):
    url = reverse("site:document_download", args=[world.objects[which].pk])
    assert client.get(url).status_code == 404


def test_public_document_downloads(client, world):
    url = reverse("site:document_download", args=[world.objects["public document"].pk])
    assert client.get(url).status_code == 200


def test_committee_member_sees_the_exempt_business_of_their_committee(client, world):
    client.force_login(world.users["member"])
    meeting = world.objects["signed meeting"]
    response = client.get(reverse("site:meeting_detail", args=[meeting.pk]))
    html = response.content.decode()
    for marker in world.member_markers:
        assert marker in html, marker
    for which in ("exempt document", "confidential document", "public document on exempt item"):
        document = world.objects[which]
        download = client.get(reverse("site:document_download", args=[document.pk]))
        assert download.status_code == 200, which
        assert MARK.encode() in body(download)
        assert "private" in download["Cache-Control"]


def test_committee_member_still_sees_no_draft_anywhere(client, world):
    client.force_login(world.users["member"])
    responses = crawl(client) | visit(client, every_public_url())
    assert leaks(responses, world.draft_markers) == []


def test_councillor_of_another_committee_sees_no_marker(client, world):
    client.force_login(world.users["outsider"])
    responses = crawl(client) | visit(client, every_public_url())
    assert leaks(responses) == []
    document = world.objects["exempt document"]
    assert client.get(reverse("site:document_download", args=[document.pk])).status_code == 404


def test_clerk_sees_drafts_to_check_them(client, world):
    client.force_login(world.users["clerk"])
    responses = visit(client, every_public_url())
    everything = b"".join(content for _, content in responses.values()).decode(errors="ignore")
    for marker in world.draft_markers + world.member_markers:
        assert marker in everything, marker
