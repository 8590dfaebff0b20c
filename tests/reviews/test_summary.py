import datetime as dt

import pytest

from scrutiny.reviews import services as reviews
from scrutiny.reviews.selectors import review_exceptions, review_progress_summary
from tests.factories import (
    achieve,
    make_committee,
    make_recommendation,
    make_resolution,
    make_review,
    post_update,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def review_like_the_seed():
    """13 recommendations: 9 achieved (2 of them after the original target), 4 extended."""
    committee = make_committee()
    review = make_review(committee)
    resolution = make_resolution(committee, D(2024, 9, 16))
    recs = [make_recommendation(review, target=D(2024, 3, 31)) for _ in range(13)]
    for rec in recs[:7]:
        achieve(rec, D(2024, 3, 1), resolution)
    for rec in recs[7:9]:
        achieve(rec, D(2024, 5, 1), resolution)
    for rec in recs[9:]:
        reviews.recommendation_extend(
            actor=None, recommendation=rec, to_date=D(2025, 3, 31), reason="Awaiting budget."
        )
    return review


def test_summary_counts_achieved_late_and_extended(review_like_the_seed):
    summary = review_progress_summary(review=review_like_the_seed)
    assert (summary.total, summary.achieved, summary.achieved_late) == (13, 9, 2)
    assert summary.count("extended") == 4
    assert (summary.open, summary.closed) == (4, 9)


def test_summary_sentence_reads_as_the_committee_writes_it(review_like_the_seed):
    summary = review_progress_summary(review=review_like_the_seed, today=D(2024, 9, 16))
    assert summary.sentence == (
        "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended"
    )


def test_summary_sentence_counts_those_past_their_current_target(review_like_the_seed):
    summary = review_progress_summary(review=review_like_the_seed, today=D(2025, 4, 1))
    assert summary.overdue == 4
    assert summary.as_dict()["overdue"] == 4
    assert summary.sentence == (
        "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended; 4 overdue"
    )


def test_summary_json_names_every_count(review_like_the_seed):
    counts = review_progress_summary(review=review_like_the_seed).as_dict()
    assert counts["achieved"] == 9
    assert counts["achieved_late"] == 2
    assert counts["extended"] == 4
    assert counts["slipped"] == counts["not_achieved"] == counts["withdrawn"] == 0
    assert counts["by_status"]["achieved"] == 9


def test_achieved_on_the_original_target_date_is_not_late():
    committee = make_committee()
    review = make_review(committee)
    rec = make_recommendation(review, target=D(2024, 3, 31))
    achieve(rec, D(2024, 3, 31), make_resolution(committee, D(2024, 4, 15)))
    summary = review_progress_summary(review=review)
    assert (summary.achieved, summary.achieved_late) == (1, 0)
    assert summary.sentence == "1 out of 1 recommendation achieved"


def test_late_is_measured_against_the_original_target_even_after_an_extension():
    committee = make_committee()
    review = make_review(committee)
    rec = make_recommendation(review, target=D(2024, 3, 31))
    reviews.recommendation_extend(
        actor=None, recommendation=rec, to_date=D(2024, 9, 30), reason="Supplier delay."
    )
    rec.refresh_from_db()
    achieve(rec, D(2024, 6, 1), make_resolution(committee, D(2024, 9, 16)))
    assert review_progress_summary(review=review).achieved_late == 1


def test_reported_position_counts_what_owners_propose_before_sign_off():
    review = make_review()
    rec = make_recommendation(review)
    post_update(rec, "achieved", D(2024, 2, 1))
    assert review_progress_summary(review=review).achieved == 0
    assert review_progress_summary(review=review, position="reported").achieved == 1


def test_exceptions_list_open_extended_and_slipped_with_reason_and_dates(review_like_the_seed):
    rec = make_recommendation(review_like_the_seed, target=D(2024, 9, 30))
    post_update(rec, "slipped", D(2024, 7, 1), narrative="Contractor went into administration.")
    rec.refresh_from_db()
    reviews.recommendation_set_status(actor=None, recommendation=rec, status="slipped")
    exceptions = review_exceptions(review=review_like_the_seed, today=D(2024, 9, 16))
    assert len(exceptions) == 5
    extended = exceptions[0]
    assert extended.status.code == "extended"
    assert extended.reason == "Awaiting budget."
    assert extended.original_target_date == D(2024, 3, 31)
    assert extended.current_target_date == D(2025, 3, 31)
    slipped = exceptions[-1]
    assert (slipped.status.code, slipped.reason) == (
        "slipped",
        "Contractor went into administration.",
    )
