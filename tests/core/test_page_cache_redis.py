"""The page cache on Redis, as production runs it (SCRUTINY_CACHE_URL): pages stored
there are shared between processes and invalidated by the versions in the database."""

import datetime as dt
import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from scrutiny.committees import publication
from tests.core.cache_support import committed, get_counting_queries
from tests.factories import make_committee, make_item, make_meeting
from tests.site.public.conftest import page_text

REDIS_URL = os.environ.get("SCRUTINY_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_reachable(), reason=f"Redis is not reachable at {REDIS_URL}"),
]


def _use_redis(settings, *, near: bool) -> str:
    prefix = f"scrutiny-test-{uuid.uuid4().hex}"  # parallel test runs keep apart
    aliases = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    if near:  # as production runs several processes: each keeps near copies too
        aliases["near"] = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
        }
    settings.CACHES = aliases
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 300
    return prefix


@pytest.fixture
def redis_cache(settings):
    prefix = _use_redis(settings, near=False)
    yield prefix
    _forget(prefix)


@pytest.fixture
def redis_with_near_copies(settings):
    prefix = _use_redis(settings, near=True)
    yield prefix
    _forget(prefix)


def _forget(prefix: str) -> None:
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_pages_are_stored_in_redis_and_invalidated_by_a_write(client, redis_cache):
    with committed():
        meeting = make_meeting(make_committee(), dt.date(2024, 11, 18))
        make_item(meeting, title="Parks strategy")
    url = reverse("site:meeting_detail", args=[meeting.pk])
    assert "Parks strategy" not in page_text(client.get(url))
    assert type(caches["default"]).__name__ == "RedisCache"
    stored = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_cache}:*scrutiny:page:*"))
    assert stored, "the page was not stored in Redis"
    response, queries = get_counting_queries(client, url)
    assert queries == 1
    assert "Parks strategy" not in page_text(response)
    with committed():
        publication.agenda_publish(actor=None, meeting=meeting)
    assert "Parks strategy" in page_text(client.get(url))


def test_near_copies_serve_hits_without_redis_and_a_write_still_shows(
    client, redis_with_near_copies
):
    with committed():
        meeting = make_meeting(make_committee(), dt.date(2024, 11, 18))
        make_item(meeting, title="Library opening hours")
    url = reverse("site:meeting_detail", args=[meeting.pk])
    first = client.get(url)
    server = redis.Redis.from_url(REDIS_URL)
    shared = list(server.scan_iter(f"{redis_with_near_copies}:*scrutiny:page:*"))
    assert shared, "the page was not stored in Redis"
    server.delete(*shared)  # only this process's near copy is left
    response, queries = get_counting_queries(client, url)
    assert queries == 1
    assert response.content == first.content
    with committed():
        publication.agenda_publish(actor=None, meeting=meeting)
    assert "Library opening hours" in page_text(client.get(url))
