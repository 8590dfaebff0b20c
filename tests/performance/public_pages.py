"""The public pages and API answers of a generated archive, for the performance tests:
each page's address built from the archive's summary (`scrutiny.demo.archive`)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def public_pages(summary) -> dict[str, str]:
    """Every public page type and API answer, by name."""
    committee, meeting = summary.committee_slug, summary.sample_meeting_id
    review = summary.review_slug
    return {
        "home": reverse("site:home"),
        "committee list": reverse("site:committee_list"),
        "committee": reverse("site:committee_detail", args=[committee]),
        "action log": reverse("site:committee_actions", args=[committee]),
        "meeting late in the archive": reverse("site:meeting_detail", args=[meeting]),
        "issue": reverse("site:issue_detail", args=[summary.issue_slug]),
        "document download": reverse("site:document_download", args=[summary.document_id]),
        "api committee list": reverse("api:committee_list"),
        "api committee": reverse("api:committee_detail", args=[committee]),
        "api action log": reverse("api:committee_actions", args=[committee]),
        "api meeting": reverse("api:meeting_detail", args=[meeting]),
        "reviews": reverse("site:review_list"),
        "review": reverse("site:review_detail", args=[review]),
        "recommendation": reverse(
            "site:recommendation_detail", args=[review, summary.recommendation_number]
        ),
        "api reviews": reverse("api:review_list"),
        "api review": reverse("api:review_detail", args=[review]),
    }


def full_action_logs(summary) -> dict[str, str]:
    """The action log's filters over the whole history (closed, all): their page counts
    every action of the committee."""
    log = reverse("site:committee_actions", args=[summary.committee_slug])
    return {f"action log, {state}": f"{log}?status={state}" for state in ("closed", "all")}


def queries_of(client, url: str) -> list[str]:
    """The SQL of every query one anonymous request for `url` runs."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code in (200, 404), f"{url}: {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]
