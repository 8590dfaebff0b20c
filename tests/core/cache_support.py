"""For tests of the page cache: writes that commit, and reading a page's cost."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext


def committed():
    """Run writes as if their transaction committed, so the versions they bump move.

    A test's own transaction never commits, so its set-up is written this way too: a
    write outside it would hold its bumps back until a commit that never comes."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def turn_on_page_cache(settings, seconds: int = 300) -> None:
    settings.SCRUTINY_PAGE_CACHE_SECONDS = seconds
    cache.clear()


def get_counting_queries(client, url: str, **extra):
    """The response and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)
