"""An issued monitoring report goes with the agenda item it was filed with: the workspace's
report page, its reissue (form and check) and its decisions are for those who may read
the item's content (`publishing.rules.report_is_visible`), and 404 for anyone else, as
for a report that does not exist. A committee's named scrutiny officer with no role
manages its reviews but may not read an agenda before it is published, nor exempt or
confidential business, so the reissue check never shows them such an item's title, and
the review page lists the report without its item or a link to it."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.reviews.monitoring import monitoring_report_issue
from tests.factories import make_meeting, make_supported_review

pytestmark = pytest.mark.django_db
TITLE = "Depot sale: the bids received"
NUMBER = "17b"


@pytest.fixture
def world():
    """A report issued to an item of a meeting whose agenda is published next week."""
    supported = make_supported_review()
    review = supported.review
    committee = review.committee
    now = timezone.now()
    meeting = make_meeting(committee, (now + dt.timedelta(days=20)).date())
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=now + dt.timedelta(days=7),
    )
    meeting.refresh_from_db()
    item = record.agenda_item_create(actor=None, meeting=meeting, number=NUMBER, title=TITLE)
    monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=timezone.localdate(), item=item
    )
    return {
        "named": supported.supporting,
        "officer": supported.officer,
        "review": review,
        "item": item,
    }


def report_urls(review) -> list[str]:
    today = timezone.localdate()
    answers = {"reason": "Corrected.", "issued_on_day": today.day}
    answers |= {"issued_on_month": today.month, "issued_on_year": today.year}
    check = reverse("staff:report-reissue-check", args=[review.slug, 1])
    return [
        reverse("staff:report", args=[review.slug, 1]),
        reverse("staff:report-reissue", args=[review.slug, 1]),
        f"{check}?{urlencode(answers)}",
    ]


def answers(user, review) -> list[tuple[int, bool]]:
    """Each URL's status, and whether the page names the report's item."""
    client = Client()
    client.force_login(user)
    responses = [client.get(url) for url in report_urls(review)]
    return [(r.status_code, TITLE in r.content.decode()) for r in responses]


def test_the_named_officer_gets_404_while_the_agenda_is_unpublished(world):
    assert answers(world["named"], world["review"]) == [(404, False)] * 3


def test_a_scrutiny_officer_reads_and_reissues_it(world):
    assert answers(world["officer"], world["review"]) == [(200, False), (200, False), (200, True)]


def test_the_named_officer_reads_it_once_the_agenda_is_published(world):
    meeting = world["item"].meeting
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert answers(world["named"], world["review"]) == [(200, False), (200, False), (200, True)]


@pytest.mark.parametrize("visibility", ["exempt", "confidential"])
def test_the_named_officer_gets_404_for_exempt_or_confidential_business(world, visibility):
    item = world["item"]
    record.meeting_update(
        actor=None,
        meeting=item.meeting,
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(minutes=1),
    )
    item.refresh_from_db()
    extra = {"exempt_paragraphs": [3], "public_interest_reason": "Bids."}
    record.agenda_item_set_visibility(
        actor=None, item=item, visibility=visibility, **(extra if visibility == "exempt" else {})
    )
    assert answers(world["named"], world["review"]) == [(404, False)] * 3
    assert answers(world["officer"], world["review"])[2] == (200, True)


def test_the_review_page_names_the_item_only_to_those_who_may_read_the_report(world):
    review = world["review"]
    report = reverse("staff:report", args=[review.slug, 1])
    reissue = reverse("staff:report-reissue", args=[review.slug, 1])
    for who, readable in (("named", False), ("officer", True)):
        client = Client()
        client.force_login(world[who])
        html = client.get(reverse("staff:review", args=[review.slug])).content.decode()
        assert "First Interim Report" in html, who
        assert (f"item {NUMBER}" in html, report in html, reissue in html) == (readable,) * 3, who
