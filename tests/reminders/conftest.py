"""A committee, its meetings and a review under monitoring, as the reminders see them:

- the last monitoring report went to the meeting of 16 September 2024 (issued on
  5 September); the next is due six months on, at the meeting of 17 March 2025, whose
  papers deadline is Friday 7 March 2025 (first reminder 7 February, second 21 February);
- Alice Moss owns recommendations 1 and 2, Carl Hunt owns 3, and Bea Lowe owns 4 and has
  posted an update since the last report; nobody else has.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from scrutiny.committees.models import Committee, Meeting
from scrutiny.people.models import Person
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.reviews.monitoring import monitoring_report_issue
from tests.factories import make_committee, make_meeting, make_review, post_update

D = dt.date
DEADLINE = D(2025, 3, 7)
FIRST_DAY = D(2025, 2, 7)
SECOND_DAY = D(2025, 2, 21)
MEETING_DAY = D(2025, 3, 17)


def officer(name: str, email: str | None = None) -> Person:
    if email is None:
        email = f"{name.lower().replace(' ', '.')}@council.example"
    return Person.objects.create(
        kind=Person.Kind.OFFICER, name=name, job_title="Service Manager", email=email
    )


def recommend(review: Review, number: int, owner: Person | None) -> Recommendation:
    return reviews.recommendation_create(
        actor=None,
        review=review,
        number=number,
        reference=f"TS (23/24) {number:02d}",
        text=f"That the service delivers improvement {number}.",
        agreed_on=D(2024, 3, 18),
        original_target_date=D(2025, 6, 30),
        owner=owner,
    )


def monitored(review: Review) -> Review:
    """Owners are chased only on a review under monitoring."""
    return reviews.review_update(
        actor=None, review=review, expected_version=None, stage=Review.Stage.MONITORING
    )


def respond_to_all(review: Review) -> None:
    if review.reported_to_executive_on is None:
        review = reviews.review_update(
            actor=None, review=review, expected_version=None, reported_to_executive_on=D(2024, 4, 1)
        )
    for rec in review.recommendations.all():
        reviews.executive_response_record(
            actor=None, recommendation=rec, response="accepted", received_on=D(2024, 5, 20)
        )


@dataclass
class Monitoring:
    committee: Committee
    review: Review
    next_meeting: Meeting
    scrutiny_officer: Person
    alice: Person
    bea: Person
    carl: Person
    recs: dict[int, Recommendation]


OWNERS = ("Alice Moss", "Bea Lowe", "Carl Hunt")


def build_monitoring(
    committee: Committee | None = None, *, title: str = "", owners=OWNERS
) -> Monitoring:
    so = officer("Jo Bennett", "jo.bennett@council.example")
    committee = committee or make_committee("Transport Scrutiny Committee")
    committee.scrutiny_officer = so
    committee.save()
    review = make_review(committee, title=title or "Review of Bus Services")
    review = monitored(review)
    reviews.timeline_entry_add(
        actor=None, review=review, kind="final-report", happened_on=D(2024, 3, 18), text="."
    )
    alice, bea, carl = (officer(name) for name in owners)
    recs = {1: recommend(review, 1, alice), 2: recommend(review, 2, alice)}
    recs[3] = recommend(review, 3, carl)
    recs[4] = recommend(review, 4, bea)
    respond_to_all(review)
    for rec in recs.values():
        post_update(rec, "on-track", D(2024, 9, 2), "Under way.")
    report_meeting = make_meeting(committee, D(2024, 9, 16), status="held")
    monitoring_report_issue(
        actor=None, review=review, meeting=report_meeting, issued_on=D(2024, 9, 5)
    )
    post_update(recs[4], "on-track", D(2024, 12, 2), "Contract let.")
    next_meeting = make_meeting(committee, MEETING_DAY)
    make_meeting(committee, D(2025, 6, 16))
    return Monitoring(committee, review, next_meeting, so, alice, bea, carl, recs)


@pytest.fixture
def monitoring(db) -> Monitoring:
    return build_monitoring()


def by_recipient(messages) -> dict[str, list]:
    result: dict[str, list] = {}
    for message in messages:
        for address in message.recipients:
            result.setdefault(address, []).append(message)
    return result
