import datetime as dt

import pytest

from scrutiny.core.errors import Refused
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Extension
from tests.factories import (
    achieve,
    make_committee,
    make_recommendation,
    make_resolution,
    make_review,
)
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def rec():
    return make_recommendation(make_review(), target=D(2024, 3, 31))


def extend(rec, to_date, reason="Budget not yet agreed.", **kwargs):
    return reviews.recommendation_extend(
        actor=None, recommendation=rec, to_date=to_date, reason=reason, **kwargs
    )


def test_extension_moves_the_current_target_and_keeps_the_original(rec):
    extension = extend(rec, D(2024, 9, 30))
    rec.refresh_from_db()
    assert rec.original_target_date == D(2024, 3, 31)
    assert rec.current_target_date == D(2024, 9, 30)
    assert rec.status.code == "extended"
    assert (extension.from_date, extension.to_date) == (D(2024, 3, 31), D(2024, 9, 30))


def test_second_extension_runs_from_the_first_extensions_date(rec):
    extend(rec, D(2024, 9, 30))
    rec.refresh_from_db()
    second = extend(rec, D(2025, 3, 31), reason="Works delayed by the contractor.")
    assert second.from_date == D(2024, 9, 30)
    rec.refresh_from_db()
    assert rec.original_target_date == D(2024, 3, 31)


def test_extension_to_an_earlier_date_is_refused_and_changes_nothing(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        extend(rec, D(2024, 1, 31))
    assert refused.value.field == "to_date"
    assert "later than the current target date, 31 March 2024" in refused.value.reason


def test_extension_to_the_same_date_is_refused(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        extend(rec, D(2024, 3, 31))
    assert refused.value.field == "to_date"


def test_extension_without_a_reason_is_refused(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        extend(rec, D(2024, 9, 30), reason="   ")
    assert refused.value.field == "reason"
    assert Extension.objects.count() == 0


def test_closed_recommendation_cannot_be_extended():
    committee = make_committee()
    rec = make_recommendation(make_review(committee))
    rec = achieve(rec, D(2024, 2, 1), make_resolution(committee, D(2024, 3, 18)))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        extend(rec, D(2025, 1, 1))
    assert refused.value.field == "recommendation"
    assert "closed by" in refused.value.reason


def test_updates_on_an_extended_recommendation_keep_it_extended(rec):
    extend(rec, D(2024, 9, 30))
    rec.refresh_from_db()
    reviews.progress_update_post(
        actor=None,
        recommendation=rec,
        author=rec.owner,
        as_of=D(2024, 6, 1),
        proposed_status="extended",
        narrative="Contractor appointed.",
    )
    rec.refresh_from_db()
    assert rec.status.code == "extended"


def test_extended_status_cannot_be_proposed_without_an_extension(rec):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        reviews.progress_update_post(
            actor=None,
            recommendation=rec,
            author=rec.owner,
            as_of=D(2024, 6, 1),
            proposed_status="extended",
            narrative="We need more time.",
        )
    assert refused.value.field == "proposed_status"
