"""The one overdue rule (`scrutiny.reviews.cycle.is_overdue`, and `overdue` for a query):
past the current target, not delivered, never on the day it is agreed."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.reviews import cycle
from scrutiny.reviews.models import Recommendation, Status
from tests.factories import make_recommendation, make_review

pytestmark = pytest.mark.django_db
D = dt.date


def test_open_and_past_its_target_is_overdue():
    rec = make_recommendation(make_review(), target=D(2024, 3, 31))
    assert cycle.is_overdue(rec, today=D(2024, 4, 1))


def test_not_overdue_on_the_target_day_itself():
    rec = make_recommendation(make_review(), target=D(2024, 3, 31))
    assert not cycle.is_overdue(rec, today=D(2024, 3, 31))


def test_nothing_is_overdue_on_the_day_it_is_agreed():
    """A recommendation added today with a target already past (typed in from an old
    report) is not flagged on its first day."""
    rec = make_recommendation(make_review(), target=D(2024, 3, 31))
    Recommendation.objects.filter(pk=rec.pk).update(agreed_on=D(2026, 11, 30))
    rec.refresh_from_db()
    assert not cycle.is_overdue(rec, today=D(2026, 11, 30))
    assert cycle.is_overdue(rec, today=D(2026, 12, 1))


def test_an_achieved_status_is_not_overdue_even_before_it_is_closed():
    rec = make_recommendation(make_review(), target=D(2024, 3, 31))
    Recommendation.objects.filter(pk=rec.pk).update(status=Status.objects.get(code="achieved"))
    rec.refresh_from_db()
    assert not cycle.is_overdue(rec, today=D(2025, 1, 1))


def test_without_a_target_nothing_is_overdue():
    rec = make_recommendation(make_review())
    Recommendation.objects.filter(pk=rec.pk).update(current_target_date=None)
    rec.refresh_from_db()
    assert not cycle.is_overdue(rec, today=D(2030, 1, 1))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2025, 12, 31))),
    agreed=st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2025, 12, 31))),
    status=st.sampled_from(["not-started", "on-track", "slipped", "achieved"]),
    today=st.dates(D(2023, 1, 1), D(2026, 12, 31)),
)
def test_the_query_and_the_function_agree(target, agreed, status, today):
    rec = make_recommendation(make_review())
    Recommendation.objects.filter(pk=rec.pk).update(
        current_target_date=target, agreed_on=agreed, status=Status.objects.get(code=status)
    )
    rec.refresh_from_db()
    in_query = cycle.overdue(Recommendation.objects.filter(pk=rec.pk), today=today).exists()
    assert in_query == cycle.is_overdue(rec, today=today)
