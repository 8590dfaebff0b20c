"""Each change of a recommendation's agreed status is kept with the day the committee
agreed it: by a monitoring report's decisions, by a status set with or without its
resolution, and by each extension (a new target date even when already extended).
Agreeing the status it already has is no change; a refused change keeps nothing."""

import datetime as dt

import pytest
import time_machine

from scrutiny.committees import services as record
from scrutiny.core.errors import Refused
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import AgreedStatus
from scrutiny.reviews.monitoring import monitoring_decisions_apply, monitoring_report_issue
from tests.factories import make_item, make_meeting, make_recommendation, make_review, post_update

pytestmark = pytest.mark.django_db
D = dt.date


def kept(rec) -> list[tuple]:
    return [
        (a.previous.code, a.status.code, a.agreed_on, a.target_date)
        for a in AgreedStatus.objects.filter(recommendation=rec).order_by("created_at", "id")
    ]


@pytest.fixture
def recs():
    review = make_review()
    return [make_recommendation(review, target=D(2024, 3, 31)) for _ in range(2)]


def test_a_monitoring_reports_decisions_keep_the_meetings_day(recs):
    review = recs[0].review
    post_update(recs[0], "on-track", D(2024, 2, 1))
    post_update(recs[1], "achieved", D(2024, 2, 1))
    meeting = make_meeting(review.committee, D(2024, 3, 18))
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    with time_machine.travel(dt.datetime(2024, 3, 25, 10, tzinfo=dt.UTC), tick=False):
        resolution = record.resolution_record(
            actor=None, item=make_item(meeting, number="7"), parts=["Members note the progress."]
        )
        monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
    assert kept(recs[0]) == [("not-started", "on-track", D(2024, 3, 18), None)]
    assert kept(recs[1]) == [("not-started", "achieved", D(2024, 3, 18), None)]


def test_a_status_set_without_a_resolution_keeps_the_day_it_was_recorded(recs):
    rec = recs[0]
    with time_machine.travel(dt.datetime(2024, 6, 3, 10, tzinfo=dt.UTC), tick=False):
        reviews.recommendation_set_status(actor=None, recommendation=rec, status="slipped")
        rec.refresh_from_db()
        reviews.recommendation_set_status(actor=None, recommendation=rec, status="slipped")
    assert kept(rec) == [("not-started", "slipped", D(2024, 6, 3), None)]  # once: no change
    with pytest.raises(Refused):  # closing needs a resolution: nothing kept
        reviews.recommendation_set_status(actor=None, recommendation=rec, status="achieved")
    assert len(kept(rec)) == 1


def test_each_extension_is_kept_with_its_new_target_date(recs):
    rec = recs[0]
    meeting = make_meeting(rec.review.committee, D(2024, 3, 18))
    with time_machine.travel(dt.datetime(2024, 3, 20, 10, tzinfo=dt.UTC), tick=False):
        reviews.recommendation_extend(
            actor=None, recommendation=rec, to_date=D(2024, 9, 30), reason="Budget.",
            agreed_at=meeting,
        )  # fmt: skip
    rec.refresh_from_db()
    with time_machine.travel(dt.datetime(2024, 10, 1, 10, tzinfo=dt.UTC), tick=False):
        reviews.recommendation_extend(
            actor=None, recommendation=rec, to_date=D(2025, 3, 31), reason="Contractor."
        )
    assert kept(rec) == [
        ("not-started", "extended", D(2024, 3, 18), D(2024, 9, 30)),
        ("extended", "extended", D(2024, 10, 1), D(2025, 3, 31)),
    ]
    rec.refresh_from_db()
    reviews.recommendation_set_status(actor=None, recommendation=rec, status="extended")
    assert len(kept(rec)) == 2  # agreeing it stays extended changes nothing
