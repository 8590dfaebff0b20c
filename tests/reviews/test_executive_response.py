import datetime as dt

import pytest
import time_machine

from scrutiny.core.errors import Refused
from scrutiny.reviews import cycle
from scrutiny.reviews import services as reviews
from scrutiny.reviews.cycle import executive_response_due
from tests.factories import make_recommendation, make_review
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def rec():
    review = reviews.review_update(
        actor=None,
        review=make_review(),
        expected_version=None,
        reported_to_executive_on=D(2023, 4, 18),
    )
    return make_recommendation(review)


def respond(rec, received_on, response="accepted", reason=""):
    return reviews.executive_response_record(
        actor=None, recommendation=rec, response=response, received_on=received_on, reason=reason
    )


def test_response_is_due_two_calendar_months_after_receipt(rec):
    assert executive_response_due(review=rec.review) == D(2023, 6, 18)


def test_due_date_falls_back_to_month_end(rec):
    review = rec.review
    review.reported_to_executive_on = D(2023, 12, 31)
    assert executive_response_due(review=review) == D(2024, 2, 29)


def test_pending_response_is_overdue_after_the_due_date(rec):
    assert not cycle.is_response_overdue(rec, today=D(2023, 6, 18))
    assert cycle.is_response_overdue(rec, today=D(2023, 6, 19))


def test_received_response_is_never_overdue(rec):
    rec = respond(rec, D(2023, 7, 1))
    assert not cycle.is_response_overdue(rec, today=D(2024, 1, 1))


def test_response_dated_before_the_report_is_refused(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        respond(rec, D(2023, 4, 1))
    assert refused.value.field == "received_on"
    assert "18 April 2023" in refused.value.reason


def test_partial_acceptance_needs_the_executives_reason(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        respond(rec, D(2023, 6, 1), response="partially-accepted")
    assert refused.value.field == "reason"
    rec = respond(rec, D(2023, 6, 1), response="partially-accepted", reason="Budget limits.")
    assert rec.response == "partially-accepted"
    assert rec.response_received_on == D(2023, 6, 1)


def test_response_before_the_report_reached_the_executive_is_refused():
    rec = make_recommendation(make_review())
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        respond(rec, D(2023, 6, 1))
    assert refused.value.field == "received_on"


def test_response_dated_in_the_future_is_refused(rec):
    with time_machine.travel(dt.datetime(2023, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        with assert_database_unchanged(), pytest.raises(Refused) as refused:
            respond(rec, D(2023, 6, 2))
        assert refused.value.field == "received_on"
        assert "future" in refused.value.reason
        assert respond(rec, D(2023, 6, 1)).response_received_on == D(2023, 6, 1)
