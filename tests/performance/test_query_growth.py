"""Each public page of the committee record runs as many queries for an archive ten times
the size: the count depends on what the page shows, never on how long the record is."""

import pytest
from django.db import transaction

from scrutiny.demo.archive import generate_archive
from tests.performance.public_pages import public_pages, queries_of

pytestmark = pytest.mark.django_db

SMALL = 0.002
TENFOLD = SMALL * 10


def query_counts(client, scale: float) -> dict[str, int]:
    """Each page's query count on an archive at `scale`, which is then rolled back."""
    with transaction.atomic():
        summary = generate_archive(scale=scale, seed=3)
        counts = {page: len(queries_of(client, url)) for page, url in public_pages(summary).items()}
        transaction.set_rollback(True)
    return counts


def test_public_pages_run_the_same_queries_at_ten_times_the_size(client):
    small, large = query_counts(client, SMALL), query_counts(client, TENFOLD)
    grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert not grown, f"queries (small archive, tenfold archive): {grown}"
