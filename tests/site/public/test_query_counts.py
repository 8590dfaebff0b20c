"""Each public page and API answer costs the same number of queries however much there is
to show: grow the record tenfold and the count must not move."""

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import Committee, Issue, Meeting, Membership
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review
from tests.factories import (
    make_committee,
    make_councillor,
    make_meeting,
    make_officer,
    make_recommendation,
    make_review,
    make_user,
    post_update,
)

# No public page may ever need more than this for the public; a signed-in user's page
# also reads their session, account, roles and committee seats (what the publishing rules
# let them see) and whether the workspace is theirs (the service navigation's link).
MOST_QUERIES = 15
MOST_QUERIES_SIGNED_IN = 18
_days = itertools.count(1)


@dataclass
class Record:
    committee: Committee
    review: Review
    issue: Issue
    meeting: Meeting
    councillors: list
    officer: object


def start() -> Record:
    committee = make_committee("Growth Scrutiny Committee")
    councillors = [make_councillor() for _ in range(3)]
    for person in councillors:
        Membership.objects.create(committee=committee, person=person)
    issue = Issue.objects.create(title="Growth", slug="growth")
    review = make_review(committee, title="Review of growth")
    reviews.review_update(actor=None, review=review, expected_version=None, stage="monitoring")
    reviews.timeline_entry_add(
        actor=None, review=review, kind="final-report", happened_on=dt.date(2023, 3, 13),
        text="Agreed.",
    )  # fmt: skip
    meeting = _meeting(committee)
    return Record(committee, review, issue, meeting, councillors, make_officer())


def _meeting(committee) -> Meeting:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=7 * next(_days))
    meeting = make_meeting(committee, day, status="held")
    return record.meeting_update(
        actor=None, meeting=meeting, expected_version=None,
        agenda_published_at=meeting.starts_at - dt.timedelta(days=7),
    )  # fmt: skip


def _item(r: Record, meeting: Meeting, visibility: str = "public"):
    number = str(meeting.items.count() + 1)
    extra = {"exempt_paragraphs": [3], "public_interest_reason": "Prices."}
    item = record.agenda_item_create(
        actor=None, meeting=meeting, number=number, title=f"Item {number}", text="Text.",
        issue=r.issue, visibility=visibility, **(extra if visibility == "exempt" else {}),
    )  # fmt: skip
    record.document_add(
        actor=None, item=item, title="Report", file_format="PDF", size_bytes=2048,
        published_at=meeting.agenda_published_at,
    )  # fmt: skip
    record.declaration_record(
        actor=None, item=item, person=r.councillors[0], kind="dpi", text="A shop."
    )
    motion = record.motion_record(
        actor=None, item=item, mover=r.councillors[0], seconder=r.councillors[1]
    )
    record.resolution_record(actor=None, item=item, motion=motion, parts=["Noted;", "Agreed."])
    record.action_record(actor=None, item=item, text="Report back.", owner=r.officer, due_on=None)
    record.minutes_record(actor=None, item=item, text="Discussed.")
    return item


def grow(r: Record, units: int) -> None:
    """Each unit: a meeting with two items, two items on the big meeting, a review, and two
    recommendations with updates and extensions; recommendation 1 gains updates too."""
    for _ in range(units):
        meeting = _meeting(r.committee)
        _item(r, meeting)
        _item(r, meeting, "exempt")
        for person in r.councillors:
            record.attendance_record(actor=None, meeting=meeting, person=person, status="present")
        record.minutes_set_status(actor=None, meeting=meeting, status="approved")
        _item(r, r.meeting)
        _item(r, r.meeting, "exempt")
        record.attendance_record(
            actor=None, meeting=r.meeting, person=make_councillor(), status="apologies"
        )
        other = make_review(r.committee)
        reviews.review_update(actor=None, review=other, expected_version=None, stage="monitoring")
        make_recommendation(other)
        for _ in range(2):
            rec = make_recommendation(r.review, owner=r.officer)
            post_update(rec, "on-track", dt.date(2024, 1, 1), "Going well.")
            rec.refresh_from_db()
            reviews.recommendation_extend(
                actor=None, recommendation=rec, to_date=dt.date(2025, 3, 31), reason="Later."
            )
        first = Recommendation.objects.filter(review=r.review).order_by("number").first()
        post_update(first, "on-track", dt.date(2024, 2, 1) + dt.timedelta(days=next(_days)))


def pages(r: Record) -> dict[str, str]:
    first = Recommendation.objects.filter(review=r.review).order_by("number").first()
    return {
        "home": reverse("site:home"),
        "committees": reverse("site:committee_list"),
        "committee": reverse("site:committee_detail", args=[r.committee.slug]),
        "meeting": reverse("site:meeting_detail", args=[r.meeting.pk]),
        "issue": reverse("site:issue_detail", args=[r.issue.slug]),
        "reviews": reverse("site:review_list"),
        "review": reverse("site:review_detail", args=[r.review.slug]),
        "recommendation": reverse("site:recommendation_detail", args=[r.review.slug, first.number]),
        "accessibility": reverse("site:accessibility"),
        "api index": reverse("api:index"),
        "api committees": reverse("api:committee_list"),
        "api committee": reverse("api:committee_detail", args=[r.committee.slug]),
        "api meeting": reverse("api:meeting_detail", args=[r.meeting.pk]),
        "api reviews": reverse("api:review_list"),
        "api review": reverse("api:review_detail", args=[r.review.slug]),
        "api openapi": reverse("api:openapi"),
    }


def count_queries(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("who", ["anonymous", "committee member"])
def test_page_queries_do_not_grow_with_the_record(client, db, who):
    r = start()
    if who == "committee member":
        user = make_user()
        r.councillors[0].user = user
        r.councillors[0].save()
        client.force_login(user)
    grow(r, 3)
    before = count_queries(client, pages(r))
    grow(r, 27)
    after = count_queries(client, pages(r))
    assert after == before
    most = MOST_QUERIES if who == "anonymous" else MOST_QUERIES_SIGNED_IN
    assert max(after.values()) <= most, after
    # The pages did get longer: the growth is on the pages measured.
    assert Meeting.objects.count() > 30
    assert r.meeting.items.count() == 60


def test_committee_page_is_paginated(client, db):
    r = start()
    grow(r, 30)
    first = client.get(reverse("site:committee_detail", args=[r.committee.slug]))
    assert first.content.decode().count('href="/meetings/') == 25
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("site:committee_detail", args=[r.committee.slug]) + "?page=2")
    assert second.content.decode().count('href="/meetings/') == 6


def test_query_counts_are_reported(client, db, capsys):
    """Prints each page's count (run with -s) for the record."""
    r = start()
    grow(r, 3)
    counts = count_queries(client, pages(r))
    with capsys.disabled():
        print("\nQueries per public page (anonymous):", counts)
    assert counts["accessibility"] == 0


def test_api_committee_meetings_are_paginated(client, db):
    """Last in the module: `grow` moves the shared meeting dates on, and the committee
    page test above counts meeting links in a way that depends on them."""
    r = start()
    grow(r, 30)
    url = reverse("api:committee_detail", args=[r.committee.slug])
    first = client.get(url).json()["meetings"]
    assert (len(first["results"]), first["count"], first["previous"]) == (25, 31, None)
    assert first["next"] == f"http://testserver{url}?page=2"
    second = client.get(first["next"]).json()["meetings"]
    assert (len(second["results"]), second["next"]) == (6, None)
    assert second["previous"] == f"http://testserver{url}?page=1"
