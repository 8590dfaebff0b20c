"""The leak crawler: every URL, as every role, read to the last byte, against one table of
who may read what (MAY_SEE).

The world (`tests.crawler.world`) marks every text field and file of every record with a
marker of its own, filed under a category. Each role asks for every URL (`tests.crawler.
crawl`: every URL pattern with every object, every path of the API's description, every
link found on the way, the workspace's included) and reads every answer, PDF and Word files
included. A marker of a category the role may not read fails, naming the URL and the
record and field it came from. The crawl must also find every category the role may read:
some exist only inside files (evidence), so a crawler that reached nothing, or read no
file, fails too; and the administrator must find every marked field but those no page
shows (SHOWN_NOWHERE).
"""

from collections import defaultdict

import pytest
from django.test import Client
from django.urls import reverse

from tests.crawler.crawl import content_of, crawl, every_url, readable
from tests.crawler.world import (
    CATEGORIES,
    CONFIDENTIAL_A,
    EVIDENCE_A,
    EVIDENCE_B,
    EVIDENCE_OWN,
    EXEMPT_A,
    EXEMPT_B,
    PUBLIC,
    build_world,
)
from tests.helpers import module_world

EVERYTHING = frozenset(CATEGORIES)
MAY_SEE = {
    "anonymous": {PUBLIC},
    "signed in, no role": {PUBLIC},
    "councillor of A": {PUBLIC, EXEMPT_A, CONFIDENTIAL_A, EVIDENCE_OWN, EVIDENCE_A},
    "councillor of B": {PUBLIC, EXEMPT_B, EVIDENCE_B},
    "recommendation owner": {PUBLIC, EVIDENCE_OWN},
    "A's named officer, no role": {PUBLIC, EVIDENCE_OWN, EVIDENCE_A},
    "scrutiny officer": EVERYTHING,
    "clerk": EVERYTHING,
    "administrator": EVERYTHING,
}
# Fields kept for the record's own sake (where an import found it, the text read from a
# file, the checksum of a fetched file): no page, answer or file shows them to anyone.
# (A document's source_url is linked only where no file is held, which none here lacks.)
SHOWN_NOWHERE = {
    ("AgendaItem", "source_id"),
    ("Document", "extracted_text"),
    ("Document", "source_url"),
    ("Document", "sha256"),
}
START = ["/", "/api/v1/", "/staff/"]


def build_world_and_urls():
    world = build_world()
    world.urls = every_url(Client())
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (`tests.helpers.module_world`)."""
    with module_world(django_db_blocker, build_world_and_urls) as built:
        yield built


def client_of(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", MAY_SEE)
def test_each_role_reads_what_it_may_and_nothing_else(world, role):
    pages = crawl(client_of(world, role), START + world.urls)
    where_found = defaultdict(list)
    for url, text in pages.items():
        for marker in world.markers.found_in(text):
            where_found[marker].append(url)
    given = world.markers.given
    leaks = [
        f"{url}: {marker} ({given[marker]})"
        for marker, urls in sorted(where_found.items())
        if given[marker].category not in MAY_SEE[role]
        for url in urls
    ]
    assert not leaks, f"{role} reads what it may not:\n" + "\n".join(leaks)
    seen = {given[marker].category for marker in where_found}
    assert seen == MAY_SEE[role], "the crawl must find every category the role may read"
    if role == "administrator":
        unseen = {str(given[m]) for m in given.keys() - where_found.keys()}
        shown_nowhere = {str(m) for m in given.values() if (m.model, m.field) in SHOWN_NOWHERE}
        assert unseen == shown_nowhere, "marked fields the crawl never found (or now finds)"


@pytest.mark.django_db
def test_a_marker_inside_a_generated_report_is_found(world):
    """The issued report's files are the renderer's own (PDF and Word): reading them finds
    the recommendations' markers, as a leak inside a report would be found."""
    report = world.objects["public report"]
    recommendation = world.objects["own recommendation"]
    text_marker = next(
        marker
        for marker, where in world.markers.given.items()
        if (where.model, where.pk, where.field) == ("Recommendation", recommendation.pk, "text")
    )
    documents = report.item.documents.all()
    assert sorted(d.file.name.rsplit(".", 1)[-1] for d in documents) == ["docx", "pdf"]
    client = Client()
    for document in documents:
        response = client.get(reverse("site:document_download", args=[document.pk]))
        assert response.status_code == 200
        content = content_of(response)
        assert text_marker.encode() not in content  # compressed: only reading finds it
        assert text_marker in readable(response, content)
