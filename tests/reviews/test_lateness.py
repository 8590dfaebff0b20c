"""Achieved late is one rule in two forms (`reviews.lateness`): the Python form and its
SQL form say the same of every recommendation, at the agreed status and at the
service's, and every place that reports lateness uses them."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.reviews.lateness import achieved_late, achieved_late_q
from scrutiny.reviews.models import Recommendation, Status
from scrutiny.reviews.monitoring import review_snapshot
from scrutiny.reviews.selectors import progress_summaries, summarise
from tests.factories import make_recommendation, make_review

pytestmark = pytest.mark.django_db
D = dt.date

DAYS = st.one_of(st.none(), st.dates(min_value=D(2023, 1, 1), max_value=D(2023, 1, 6)))
CODES = st.sampled_from(["not-started", "on-track", "slipped", "extended", "achieved"])
ROWS = st.lists(st.tuples(CODES, st.one_of(st.none(), CODES), DAYS, DAYS), min_size=1, max_size=8)


@pytest.fixture
def review():
    return make_review()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS)
def test_the_python_and_sql_forms_agree(review, rows):
    statuses = {s.code: s for s in Status.objects.all()}
    Recommendation.objects.filter(review=review).delete()
    recs = []
    for number, (agreed, proposed, completed, target) in enumerate(rows, start=1):
        rec = make_recommendation(review, number=number)
        Recommendation.objects.filter(pk=rec.pk).update(
            status=statuses[agreed],
            proposed_status=statuses[proposed] if proposed else None,
            completed_on=completed,
            original_target_date=target,
        )
        recs.append(rec.pk)
    loaded = Recommendation.objects.filter(pk__in=recs).select_related("status", "proposed_status")
    for relation in ("status", "proposed_status"):
        in_sql = set(loaded.filter(achieved_late_q(relation)).values_list("pk", flat=True))
        in_python = {
            rec.pk
            for rec in loaded
            if getattr(rec, relation) is not None
            and achieved_late(
                counts_as_achieved=getattr(rec, relation).counts_as_achieved,
                completed_on=rec.completed_on,
                original_target_date=rec.original_target_date,
            )
        }
        assert in_sql == in_python
    vocabulary = list(Status.objects.all())
    for position in ("agreed", "reported"):
        counted = progress_summaries([review.pk], position=position)[review.pk]
        assert counted == summarise(list(loaded), vocabulary=vocabulary, position=position)


def test_the_model_the_summary_and_the_report_use_the_one_rule(review):
    rec = make_recommendation(review, target=D(2024, 3, 31))
    achieved = Status.objects.get(code="achieved")
    Recommendation.objects.filter(pk=rec.pk).update(status=achieved, completed_on=D(2024, 4, 1))
    rec.refresh_from_db()
    assert rec.achieved_late
    assert progress_summaries([review.pk])[review.pk].achieved_late == 1
    (row,) = review_snapshot(review)["recommendations"]
    assert row["achieved_late"] is True
    Recommendation.objects.filter(pk=rec.pk).update(completed_on=D(2024, 3, 31))
    rec.refresh_from_db()
    assert not rec.achieved_late
    assert progress_summaries([review.pk])[review.pk].achieved_late == 0
    (row,) = review_snapshot(review)["recommendations"]
    assert row["achieved_late"] is False
