"""The workspace's pages, the review pages and answers, and the review summaries run as
many queries for an archive ten times the size: the count depends on what a page shows,
never on how many reviews, recommendations, updates or meetings there are."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scrutiny.demo.archive import ArchiveSummary, generate_archive
from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import review_progress_summary

pytestmark = pytest.mark.django_db

SMALL = 0.02  # ten reviews, about a hundred meetings
TENFOLD = SMALL * 10


def pages(summary: ArchiveSummary) -> dict[str, tuple[str | None, str]]:
    """Each page measured: (the role signed in, or None for the public; its address)."""
    review = f"/reviews/{summary.review_slug}/"
    return {
        "officer's dashboard": ("scrutiny-officer", "/staff/"),
        "owner's dashboard": ("recommendation-owner", "/staff/"),
        "councillor's dashboard": ("councillor", "/staff/"),
        "workspace reviews": ("scrutiny-officer", "/staff/reviews/"),
        "workspace review": ("scrutiny-officer", f"/staff{review}"),
        "workspace meetings (clerk)": ("clerk", "/staff/meetings/"),
        "workspace meetings (officer)": ("scrutiny-officer", "/staff/meetings/"),
        "reviews": (None, "/reviews/"),
        "review": (None, review),
        "recommendation": (None, f"{review}recommendations/{summary.recommendation_number}/"),
        "api reviews": (None, "/api/v1/reviews/"),
        "api review": (None, f"/api/v1{review}"),
    }


def count(run) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url


def query_counts(scale: float) -> dict[str, int]:
    """Each page's query count on an archive at `scale`, which is then rolled back."""
    counts = {}
    with transaction.atomic():
        summary = generate_archive(scale=scale, seed=5)
        users = get_user_model().objects.in_bulk(summary.usernames.values(), field_name="username")
        for page, (role, url) in pages(summary).items():
            client = Client()
            if role is not None:
                client.force_login(users[summary.usernames[role]])
            get(client, url)  # the session and the sign-in's groups, read once
            counts[page] = count(lambda c=client, u=url: get(c, u))
        review = Review.objects.select_related("committee").get(slug=summary.review_slug)
        counts["review_progress_summary"] = count(lambda: review_progress_summary(review=review))
        counts["review_summary command"] = count(
            lambda: call_command("review_summary", "--json", stdout=io.StringIO())
        )
        transaction.set_rollback(True)
    return counts


def test_review_and_workspace_pages_run_the_same_queries_at_ten_times_the_size():
    small, large = query_counts(SMALL), query_counts(TENFOLD)
    assert small.keys() == large.keys()
    grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert not grown, f"queries (small archive, tenfold archive): {grown}"
