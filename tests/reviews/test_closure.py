import datetime as dt

import pytest

from scrutiny.core.errors import Refused
from scrutiny.reviews import services as reviews
from tests.factories import (
    make_committee,
    make_recommendation,
    make_resolution,
    make_review,
    post_update,
)
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def committee():
    return make_committee()


@pytest.fixture
def rec(committee):
    return make_recommendation(make_review(committee), target=D(2024, 3, 31))


def test_owner_proposing_achieved_does_not_close_the_recommendation(rec):
    post_update(rec, "achieved", D(2024, 2, 1))
    rec.refresh_from_db()
    assert rec.proposed_status.code == "achieved"
    assert rec.status.code == "not-started"
    assert not rec.is_closed


def test_an_owners_status_is_the_services_position_never_the_agreed_one(rec):
    post_update(rec, "on-track", D(2024, 2, 1))
    rec.refresh_from_db()
    assert rec.status.code == "not-started"
    assert (rec.proposed_status.code, rec.proposed_on) == ("on-track", D(2024, 2, 1))


def test_a_later_update_replaces_the_services_position(rec):
    post_update(rec, "on-track", D(2024, 2, 1))
    post_update(rec, "slipped", D(2024, 3, 1))
    rec.refresh_from_db()
    assert (rec.proposed_status.code, rec.proposed_on) == ("slipped", D(2024, 3, 1))


def test_an_update_about_an_earlier_date_leaves_the_later_position(rec):
    post_update(rec, "slipped", D(2024, 3, 1))
    post_update(rec, "on-track", D(2024, 2, 1))  # typed later, about an earlier date
    rec.refresh_from_db()
    assert (rec.proposed_status.code, rec.proposed_on) == ("slipped", D(2024, 3, 1))
    assert rec.updates.count() == 2


def test_the_committee_agreeing_a_status_replaces_the_services_position(rec):
    post_update(rec, "on-track", D(2024, 2, 1))
    rec.refresh_from_db()
    rec = reviews.recommendation_set_status(actor=None, recommendation=rec, status="on-track")
    assert rec.status.code == "on-track"
    assert (rec.proposed_status, rec.proposed_on) == (None, None)


def test_closing_status_without_a_resolution_is_refused(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        reviews.recommendation_set_status(actor=None, recommendation=rec, status="achieved")
    assert refused.value.field == "resolution"
    assert "Only a committee resolution" in refused.value.reason


def test_sign_off_by_resolution_closes_with_the_resolution_as_reference(committee, rec):
    post_update(rec, "achieved", D(2024, 2, 1))
    rec.refresh_from_db()
    resolution = make_resolution(committee, D(2024, 3, 18))
    rec = reviews.recommendation_set_status(
        actor=None, recommendation=rec, status="achieved", resolution=resolution
    )
    assert rec.is_closed
    assert rec.status.code == "achieved"
    assert rec.closed_by == resolution
    assert rec.closed_on == D(2024, 3, 18)
    assert rec.completed_on == D(2024, 2, 1)
    assert committee.name in rec.closed_by.reference


def test_resolution_of_another_committee_cannot_close_it(rec):
    other = make_resolution(make_committee(), D(2024, 3, 18))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        reviews.recommendation_set_status(
            actor=None, recommendation=rec, status="achieved", resolution=other
        )
    assert refused.value.field == "resolution"


def test_recommendation_to_another_body_is_not_a_decision(committee, rec):
    resolution = make_resolution(committee, D(2024, 3, 18), kind="recommended")
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        reviews.recommendation_set_status(
            actor=None, recommendation=rec, status="withdrawn", resolution=resolution
        )
    assert refused.value.field == "resolution"


def test_unknown_status_is_refused_naming_the_statuses_there_are(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        post_update(rec, "finished", D(2024, 2, 1))
    assert refused.value.field == "proposed_status"
    assert 'Unknown status "finished"' in refused.value.reason
    assert "achieved" in refused.value.reason


def test_update_dated_in_the_future_is_refused(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        post_update(rec, "on-track", dt.date.today() + dt.timedelta(days=3))
    assert refused.value.field == "as_of"


def test_closed_recommendation_takes_no_more_updates(committee, rec):
    post_update(rec, "achieved", D(2024, 2, 1))
    rec.refresh_from_db()
    reviews.recommendation_set_status(
        actor=None,
        recommendation=rec,
        status="achieved",
        resolution=make_resolution(committee, D(2024, 3, 18)),
    )
    rec.refresh_from_db()
    with assert_database_unchanged(), pytest.raises(Refused):
        post_update(rec, "on-track", D(2024, 4, 1))


def test_original_target_date_never_changes(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        reviews.recommendation_update(
            actor=None,
            recommendation=rec,
            expected_version=rec.version,
            original_target_date=D(2025, 1, 1),
        )
    assert refused.value.field == "original_target_date"
