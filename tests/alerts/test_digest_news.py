"""What a digest carries beyond new papers, through a real SMTP server on loopback: for a
committee, the decisions its minutes made public; for a review, its monitoring reports as
the public can read them, the statuses the committee agreed for its recommendations and
their progress; for a recommendation, its agreed statuses and progress. Each is told
once, in the plain text and the HTML alike, with absolute links that open; nothing
exempt, confidential or unpublished is told at all."""

import datetime as dt
import re

import lxml.html
import pytest
import time_machine
from django.conf import settings

from scrutiny.alerts import services
from scrutiny.committees import services as record
from scrutiny.reports.services import monitoring_report_issue_with_files
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import AgreedStatus
from tests.alerts.test_alerts import (
    ASKED,
    DIGEST,
    PUBLISHED,
    digests,
    follow,
    london,
    readable,
)
from tests.alerts.test_alerts import _fresh_limits as _fresh_limits  # autouse
from tests.alerts.test_alerts import place as place  # committee, review, recommendation
from tests.factories import make_meeting, make_recommendation, post_update
from tests.publishing.records import MARK

HELD = dt.date(2025, 4, 28)  # its minutes are approved at PUBLISHED
DECIDED = london(2025, 5, 1, 10, 0)  # the clerk records its decisions, minutes in draft
NEXT = dt.date(2025, 5, 19)  # the report goes to it; its agenda is out at PUBLISHED
REPORT_TITLE = "Bus shelters: First Interim Report (Post-Scrutiny Monitoring Update)"
DECISION = "Decision of 28 April 2025, item 3: Bus shelter repairs"
EXTENDED = (
    "Status agreed by the committee for recommendation 1 of Bus shelters, 28 April 2025: "
    "Extended, target date 30 September 2025 (was Not started)"
)
UPDATE = "Progress update on recommendation 1 of Bus shelters, 5 May 2025: On track"
READER, WATCHER, OWNER_FOLLOWER = "reader@example.org", "review@example.org", "rec@example.org"


@pytest.fixture
def held(place):
    """The committee's meeting of HELD, with decisions recorded on a public item, an
    exempt one and a confidential one, its minutes still in draft."""
    committee = place[0]
    with time_machine.travel(DECIDED, tick=False):
        meeting = make_meeting(committee, HELD, status="held")
        record.meeting_update(
            actor=None,
            meeting=meeting,
            expected_version=None,
            agenda_published_at=london(2025, 4, 18, 9, 0),
        )
        public = record.agenda_item_create(
            actor=None, meeting=meeting, number="3", title="Bus shelter repairs"
        )
        record.resolution_record(
            actor=None, item=public, parts=["That bus shelters be repaired.", "That X be told."]
        )
        for number, visibility in (("4", "exempt"), ("5", "confidential")):
            item = record.agenda_item_create(
                actor=None, meeting=meeting, number=number, title=f"{MARK}-{visibility}-title",
                visibility=visibility, exempt_paragraphs=[3] if visibility == "exempt" else [],
                public_interest_reason="Commercial terms.",
            )  # fmt: skip
            record.resolution_record(actor=None, item=item, parts=[f"{MARK}-{visibility}-part"])
    return meeting


def publish_the_news(place, held):
    """At PUBLISHED: the minutes of HELD approved, recommendation 1 extended as agreed
    there, the next meeting's agenda out with the review's first monitoring report, and
    an update on recommendation 1."""
    committee, review, rec = place
    with time_machine.travel(PUBLISHED, tick=False):
        record.minutes_set_status(actor=None, meeting=held, status="approved")
        reviews.recommendation_extend(
            actor=None,
            recommendation=rec,
            to_date=dt.date(2025, 9, 30),
            reason="The contractor went into administration.",
            agreed_at=held,
        )
        post_update(rec, "on-track", dt.date(2025, 5, 5), narrative="Repairs begun.")
        meeting = record.meeting_update(
            actor=None,
            meeting=make_meeting(committee, NEXT),
            expected_version=None,
            agenda_published_at=PUBLISHED,
        )
        report = monitoring_report_issue_with_files(
            actor=None, review=review, meeting=meeting, issued_on=PUBLISHED.date()
        )
    return report


def subscribe_all(place, smtp_server, client):
    committee, review, rec = place
    with time_machine.travel(ASKED, tick=False):
        follow(client, smtp_server, committee, READER)
        follow(client, smtp_server, review, WATCHER)
        follow(client, smtp_server, rec, OWNER_FOLLOWER)


def by_recipient(messages) -> dict:
    return {m.recipients[0]: m for m in digests(messages)}


def html_of(message) -> str:
    return message.message.get_body(preferencelist=("html",)).get_content()


def links_in(message) -> list[str]:
    """Every link of the digest: the addresses in the text and the hrefs in the HTML."""
    text = re.findall(r"https?://\S+", message.body)
    hrefs = lxml.html.document_fromstring(html_of(message)).xpath("//a/@href")
    return text + hrefs


def assert_in_both_parts(message, *phrases) -> None:
    html = lxml.html.document_fromstring(html_of(message)).text_content()
    for phrase in phrases:
        assert phrase in message.body, phrase
        assert phrase in html, phrase


def test_each_follower_is_told_of_decisions_reports_and_agreed_statuses(
    place, held, smtp_server, client
):
    subscribe_all(place, smtp_server, client)
    publish_the_news(place, held)
    with time_machine.travel(DIGEST, tick=False):
        report = services.digests_send()
    assert (report.sent, report.nothing_new) == (3, 0)
    sent = by_recipient(smtp_server.wait_for(3 + 3))

    committee = sent[READER]
    assert_in_both_parts(
        committee,
        f"Minutes: Place Scrutiny Committee – {HELD:%-d %B %Y}",
        DECISION,
        "RESOLVED that:",
        "1. That bus shelters be repaired.",
        "2. That X be told.",
        f"{REPORT_TITLE}",  # the report's paper, published with the agenda
    )
    assert "Status agreed" not in committee.body and "Progress update" not in committee.body

    review = sent[WATCHER]
    assert_in_both_parts(
        review,
        f"{REPORT_TITLE}: Place Scrutiny Committee, {NEXT:%-d %B %Y}, item 1",
        EXTENDED,
        UPDATE,
    )
    assert DECISION not in review.body

    recommendation = sent[OWNER_FOLLOWER]
    assert_in_both_parts(recommendation, EXTENDED, UPDATE)
    assert REPORT_TITLE not in recommendation.body

    for message in sent.values():
        assert MARK not in readable(message)
        links = links_in(message)
        assert links and all(link.startswith(settings.SCRUTINY_SITE_URL + "/") for link in links)
        for link in links:  # each opens: the public's page, or its paper
            path = link.removeprefix(settings.SCRUTINY_SITE_URL).split("#")[0]
            with time_machine.travel(DIGEST, tick=False):
                assert client.get(path).status_code == 200, link


def test_what_was_told_is_never_told_again_and_a_later_agreement_is(
    place, held, smtp_server, client
):
    _, review, rec = place
    subscribe_all(place, smtp_server, client)
    publish_the_news(place, held)
    with time_machine.travel(DIGEST, tick=False):
        services.digests_send()
    first = smtp_server.wait_for(3 + 3)
    # Later that morning recommendation 2's agreed status is recorded; re-agreeing
    # recommendation 1's "Extended" changes nothing and is not news.
    with time_machine.travel(DIGEST + dt.timedelta(hours=3), tick=False):
        second_rec = make_recommendation(review, number=2)
        reviews.recommendation_set_status(actor=None, recommendation=second_rec, status="slipped")
        rec.refresh_from_db()
        reviews.recommendation_set_status(actor=None, recommendation=rec, status="extended")
    assert AgreedStatus.objects.filter(recommendation=rec).count() == 1
    with time_machine.travel(DIGEST + dt.timedelta(days=1), tick=False):
        report = services.digests_send()
    assert (report.sent, report.nothing_new) == (1, 2)  # the review's follower alone
    [later] = digests(smtp_server.wait_for(len(first) + 1))[3:]
    assert later.recipients == [WATCHER]
    assert_in_both_parts(
        later,
        "Status agreed by the committee for recommendation 2 of Bus shelters, 6 May 2025: "
        "Slipped (was Not started)",
    )
    for told in (EXTENDED, UPDATE, REPORT_TITLE, DECISION):
        assert told not in later.body


def test_a_report_on_an_item_made_exempt_and_an_unpublished_agenda_are_not_news(
    place, held, smtp_server, client
):
    committee, review, _ = place
    subscribe_all(place, smtp_server, client)
    report = publish_the_news(place, held)
    with time_machine.travel(PUBLISHED + dt.timedelta(hours=1), tick=False):
        record.agenda_item_set_visibility(
            actor=None,
            item=report.item,
            visibility="exempt",
            exempt_paragraphs=[3],
            public_interest_reason="Commercial terms.",
        )
        # A later meeting's report, its agenda not yet published.
        later = make_meeting(committee, dt.date(2025, 6, 30))
        monitoring_report_issue_with_files(
            actor=None, review=review, meeting=later, issued_on=PUBLISHED.date()
        )
    with time_machine.travel(DIGEST, tick=False):
        services.digests_send()
    sent = by_recipient(smtp_server.wait_for(3 + 3))
    assert "Interim Report" not in sent[WATCHER].body
    assert "Interim Report" not in html_of(sent[WATCHER])
    assert "Interim Report" not in sent[READER].body  # nor its papers
    assert EXTENDED in sent[WATCHER].body  # the rest is told as before
    # The later agenda published: its report is news then, once.
    out = DIGEST + dt.timedelta(hours=1)
    with time_machine.travel(out, tick=False):
        record.meeting_update(
            actor=None, meeting=later, expected_version=None, agenda_published_at=out
        )
    with time_machine.travel(DIGEST + dt.timedelta(days=1), tick=False):
        services.digests_send()
    news = by_recipient(digests(smtp_server.wait_for(3 + 3 + 2))[3:])
    assert sorted(news) == [READER, WATCHER]
    second = "Bus shelters: Second Interim Report (Post-Scrutiny Monitoring Update)"
    assert_in_both_parts(news[WATCHER], f"{second}: Place Scrutiny Committee, 30 June 2025")
    assert_in_both_parts(news[READER], "Agenda: Place Scrutiny Committee – 30 June 2025", second)
    assert "First Interim Report" not in news[WATCHER].body + news[READER].body
