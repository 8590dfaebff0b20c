import datetime as dt

import pytest

from scrutiny.reviews import services as reviews
from scrutiny.reviews.monitoring import monitoring_report_issue
from scrutiny.reviews.selectors import review_next_report
from tests.factories import make_committee, make_meeting, make_recommendation, make_review

pytestmark = pytest.mark.django_db
D = dt.date


FINAL_REPORT = D(2023, 3, 13)


def reported_review(committee, reported_on=FINAL_REPORT):
    review = make_review(committee)
    make_recommendation(review)
    reviews.timeline_entry_add(
        actor=None, review=review, kind="final-report", happened_on=reported_on, text="Agreed."
    )
    return review


def test_first_report_is_due_one_interval_after_the_final_report():
    committee = make_committee()
    review = reported_review(committee)
    make_meeting(committee, D(2023, 9, 18))
    assert review_next_report(review=review).due_on == D(2023, 9, 13)
    assert review_next_report(review=review).meeting.date == D(2023, 9, 18)


def test_next_report_snaps_to_the_first_meeting_on_or_after_the_due_date():
    committee = make_committee()
    review = reported_review(committee)
    report_meeting = make_meeting(committee, D(2024, 9, 16))
    monitoring_report_issue(
        actor=None, review=review, meeting=report_meeting, issued_on=D(2024, 9, 5)
    )
    make_meeting(committee, D(2025, 3, 10))  # before the due date
    make_meeting(committee, D(2025, 3, 17), status="cancelled")
    wanted = make_meeting(committee, D(2025, 3, 24))
    make_meeting(committee, D(2025, 6, 16))
    make_meeting(make_committee(), D(2025, 3, 18))  # another committee's meeting
    nxt = review_next_report(review=review)
    assert nxt.due_on == D(2025, 3, 16)
    assert nxt.meeting == wanted


def test_meeting_on_the_due_date_itself_is_chosen():
    committee = make_committee()
    review = reported_review(committee)
    on_the_day = make_meeting(committee, D(2023, 9, 13))
    assert review_next_report(review=review).meeting == on_the_day


def test_no_meeting_scheduled_is_said_plainly():
    committee = make_committee()
    review = reported_review(committee)
    nxt = review_next_report(review=review)
    assert nxt.meeting is None
    assert nxt.description == "Due on or after 13 September 2023: no meeting scheduled"


def test_committee_interval_is_used():
    committee = make_committee(interval=3)
    review = reported_review(committee)
    assert review_next_report(review=review).due_on == D(2023, 6, 13)


def test_review_not_yet_reported_has_no_next_report():
    review = make_review()
    assert review_next_report(review=review) is None
