"""The monitoring cycle's readers run as many queries for eight reviews as for two: the
dashboard, the reminders, the review summaries and the cycle itself."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scrutiny.reminders.selectors import reminders_due
from scrutiny.reviews import cycle
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Review
from scrutiny.reviews.monitoring import monitoring_report_issue
from tests.factories import (
    make_committee,
    make_meeting,
    make_officer,
    make_recommendation,
    make_review,
    make_user,
    post_update,
)

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2024, 4, 2)  # after every other next meeting, before the others


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def monitored_review(n: int, owner, officer) -> Review:
    """A review under monitoring with something on every list: updates missing, an
    executive response overdue, and its next meeting (every other one already passed)."""
    committee = make_committee(interval=6)
    committee.scrutiny_officer = officer
    committee.save()
    review = make_review(committee)
    review = reviews.review_update(
        actor=None,
        review=review,
        expected_version=None,
        stage="monitoring",
        reported_to_executive_on=D(2023, 4, 3),
    )
    reviews.timeline_entry_add(
        actor=None, review=review, kind="final-report", happened_on=D(2023, 3, 13), text="."
    )
    recs = [make_recommendation(review, owner=owner) for _ in range(3)]
    post_update(recs[0], "on-track", D(2023, 8, 1))
    monitoring_report_issue(
        actor=None,
        review=review,
        meeting=make_meeting(committee, D(2023, 9, 18), status="held"),
        issued_on=D(2023, 9, 8),
    )
    post_update(recs[1], "on-track", D(2023, 10, 2))
    make_meeting(committee, D(2024, 3, 19) if n % 2 else D(2024, 4, 22))
    return review


def build(n: int, owner, officer) -> None:
    for i in range(n):
        monitored_review(i, owner, officer)


@pytest.fixture
def people():
    user = make_user(is_superuser=True, is_staff=True)
    owner = make_officer("Owner One")
    owner.email = "owner.one@council.example"
    owner.user = user
    owner.save()
    return user, owner, make_officer("Scrutiny Officer")


def counts(user) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    client.get("/staff/")  # the session and the sign-in's groups, read once
    every = Review.objects.all()
    return {
        "dashboard": queries(lambda: client.get("/staff/")),
        "review_summary": queries(lambda: call_command("review_summary", stdout=io.StringIO())),
        "review_summary --json": queries(
            lambda: call_command("review_summary", "--json", stdout=io.StringIO())
        ),
        "reminders_due": queries(lambda: reminders_due(today=D(2024, 3, 20))),
        "review_cycles": queries(lambda: cycle.review_cycles(every, today=TODAY)),
    }


def test_the_cycles_readers_do_not_grow_with_the_number_of_reviews(people, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 2, 12, tzinfo=dt.UTC), tick=False)
    user, owner, officer = people
    build(2, owner, officer)
    two = counts(user)
    build(6, owner, officer)
    eight = counts(user)
    assert eight == two


def test_the_dashboard_lists_what_the_reviews_hold(people, time_machine):
    """The reviews built above put something on every list, so the counts compare pages
    that show things."""
    time_machine.move_to(dt.datetime(2024, 4, 2, 12, tzinfo=dt.UTC), tick=False)
    user, owner, officer = people
    build(2, owner, officer)
    client = Client()
    client.force_login(user)
    text = " ".join(client.get("/staff/").content.decode().split())
    assert "Post an update on “" in text
    assert "has passed without it: choose a new meeting" in text
    assert "response was due 3 June 2023" in text
    assert "No updates are overdue." not in text
    assert reminders_due(today=D(2024, 3, 20))
