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


@pytest.fixture
def redis_cache(settings):
    prefix = f"scrutiny-test-{uuid.uuid4().hex}"  # parallel test runs keep apart
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 300
    yield prefix
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
