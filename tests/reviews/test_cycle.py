"""The monitoring cycle read for many reviews at once (`scrutiny.reviews.cycle`), on
hand-built histories."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutiny.core.errors import Refused
from scrutiny.reviews import cycle
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.reviews.monitoring import monitoring_report_issue, monitoring_report_reissue
from tests.factories import (
    achieve,
    make_committee,
    make_meeting,
    make_officer,
    make_recommendation,
    make_resolution,
    make_review,
    post_update,
)

pytestmark = pytest.mark.django_db
D = dt.date
FINAL_REPORT = D(2023, 3, 13)


def reported_review(committee, reported_on=FINAL_REPORT, recommendations=1) -> Review:
    review = reviews.review_update(
        actor=None, review=make_review(committee), expected_version=None, stage="reported"
    )
    owner = make_officer()
    for _ in range(recommendations):
        make_recommendation(review, owner=owner)
    reviews.timeline_entry_add(
        actor=None, review=review, kind="final-report", happened_on=reported_on, text="Agreed."
    )
    return review


def issue(review, day: dt.date, issued_on: dt.date | None = None):
    meeting = make_meeting(review.committee, day)
    return monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=issued_on or day
    )


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


# The last issued report ---------------------------------------------------------------


def test_a_review_with_no_report_has_no_last_report():
    review = reported_review(make_committee())
    assert cycle.last_reports([review.pk]) == {}


def test_last_report_is_the_newest_version_of_the_highest_sequence():
    review = reported_review(make_committee())
    first = issue(review, D(2023, 9, 18))
    second = issue(review, D(2024, 3, 18), issued_on=D(2024, 3, 8))
    reissued = monitoring_report_reissue(
        actor=None, report=second, reason="A figure was wrong.", issued_on=D(2024, 3, 11)
    )
    other = reported_review(make_committee())
    other_report = issue(other, D(2023, 10, 2))
    last = cycle.last_reports([review.pk, other.pk])
    assert first.sequence == 1
    assert last[review.pk].pk == reissued.pk
    assert (last[review.pk].sequence, last[review.pk].version) == (2, 2)
    assert last[review.pk].issued_on == D(2024, 3, 11)
    assert last[review.pk].meeting_date == D(2024, 3, 18)
    assert last[other.pk].pk == other_report.pk


# The next report ----------------------------------------------------------------------


def test_no_next_report_before_the_final_report_is_recorded():
    review = make_review()
    make_recommendation(review)
    assert cycle.next_reports([review]) == {review.pk: None}


def test_first_report_falls_due_one_interval_after_the_final_report():
    committee = make_committee(interval=3)
    review = reported_review(committee)
    make_meeting(committee, D(2023, 6, 12))  # before the due date
    wanted = make_meeting(committee, D(2023, 6, 19))
    nxt = cycle.next_reports([review])[review.pk]
    assert nxt.due_on == D(2023, 6, 13)
    assert nxt.meeting == wanted


def test_later_reports_fall_due_one_interval_after_the_last_reports_meeting():
    committee = make_committee()
    review = reported_review(committee)
    issue(review, D(2024, 9, 16), issued_on=D(2024, 9, 5))
    cancelled = make_meeting(committee, D(2025, 3, 17), status="cancelled")
    wanted = make_meeting(committee, D(2025, 3, 24))
    nxt = cycle.next_reports([review])[review.pk]
    assert nxt.due_on == D(2025, 3, 16)
    assert nxt.meeting == wanted != cancelled


def test_a_meeting_on_the_due_date_itself_is_chosen():
    committee = make_committee()
    review = reported_review(committee)
    on_the_day = make_meeting(committee, D(2023, 9, 13))
    assert cycle.next_reports([review])[review.pk].meeting == on_the_day


def test_no_meeting_scheduled_leaves_the_meeting_empty():
    committee = make_committee()
    review = reported_review(committee)
    make_meeting(committee, D(2023, 9, 18), status="cancelled")
    nxt = cycle.next_reports([review])[review.pk]
    assert nxt.due_on == D(2023, 9, 13)
    assert nxt.meeting is None


def test_no_report_is_due_after_the_final_monitoring_report():
    committee = make_committee()
    review = reported_review(committee)
    rec = review.recommendations.get()
    issue(review, D(2023, 9, 18))  # interim: the recommendation is open
    assert cycle.next_reports([review])[review.pk] is not None
    achieve(rec, D(2023, 12, 1), make_resolution(committee, D(2024, 1, 15)))
    final = issue(review, D(2024, 3, 18))
    assert final.is_final
    assert cycle.next_reports([review])[review.pk] is None


def test_each_committee_keeps_its_own_interval_and_meetings():
    quarterly, half_yearly = make_committee(interval=3), make_committee(interval=6)
    first = reported_review(quarterly)
    second = reported_review(half_yearly)
    not_reported = make_review(quarterly)
    quarterly_meeting = make_meeting(quarterly, D(2023, 6, 20))
    make_meeting(half_yearly, D(2023, 6, 20))  # the other committee's: not the second's
    half_yearly_meeting = make_meeting(half_yearly, D(2023, 9, 20))
    found = cycle.next_reports([first, second, not_reported])
    assert (found[first.pk].due_on, found[first.pk].meeting) == (
        D(2023, 6, 13),
        quarterly_meeting,
    )
    assert (found[second.pk].due_on, found[second.pk].meeting) == (
        D(2023, 9, 13),
        half_yearly_meeting,
    )
    assert found[not_reported.pk] is None


def test_next_reports_read_the_same_queries_for_one_review_or_many():
    committee = make_committee()
    one = [reported_review(committee)]
    make_meeting(committee, D(2023, 9, 18))
    many = one + [reported_review(make_committee(interval=n)) for n in (2, 3, 4)]
    for review in many[1:]:
        make_meeting(review.committee, D(2023, 8, 1))
    issue(many[2], D(2023, 7, 3))
    assert queries(lambda: cycle.next_reports(one)) == queries(lambda: cycle.next_reports(many))


# Recommendations lacking an update ----------------------------------------------------


def lacking(review) -> dict[int, dt.date | None]:
    found = cycle.lacking_update(Recommendation.objects.filter(review=review))
    return {rec.number: rec.last_update_on for rec in found}


def test_before_the_first_report_only_recommendations_with_no_update_lack_one():
    review = reported_review(make_committee(), recommendations=2)
    post_update(review.recommendations.get(number=1), "on-track", D(2023, 4, 1))
    assert lacking(review) == {2: None}


def test_after_a_report_updates_from_its_issue_day_on_count():
    review = reported_review(make_committee(), recommendations=3)
    recs = {r.number: r for r in review.recommendations.all()}
    for rec in recs.values():
        post_update(rec, "on-track", D(2023, 8, 1))
    issue(review, D(2023, 9, 18), issued_on=D(2023, 9, 8))
    post_update(recs[2], "on-track", D(2023, 9, 8))  # on the day the report was issued
    post_update(recs[3], "on-track", D(2023, 10, 2))
    assert lacking(review) == {1: D(2023, 8, 1)}


def test_the_newest_update_is_found_by_its_date_not_by_when_it_was_typed():
    review = reported_review(make_committee())
    rec = review.recommendations.get()
    post_update(rec, "on-track", D(2023, 7, 1))
    post_update(rec, "on-track", D(2023, 5, 1))  # typed later, about an earlier date
    issue(review, D(2023, 9, 18))
    assert lacking(review) == {1: D(2023, 7, 1)}


# Executive responses overdue ----------------------------------------------------------


@pytest.mark.parametrize(
    "today", [D(2025, 2, 28), D(2025, 3, 1), D(2024, 4, 30), D(2024, 2, 29), D(2025, 1, 1)]
)
def test_responses_overdue_agree_with_the_rule_day_by_day(today):
    committee = make_committee()
    received = [today - dt.timedelta(days=n) for n in range(50, 75)]
    for day in received:
        review = make_review(committee)
        reviews.review_update(
            actor=None, review=review, expected_version=None, reported_to_executive_on=day
        )
        make_recommendation(review)
    pending = Recommendation.objects.select_related("review")
    expected = {r.pk for r in pending if cycle.is_response_overdue(r, today=today)}
    found = set(cycle.responses_overdue(pending, today=today).values_list("pk", flat=True))
    assert found == expected
    assert 0 < len(found) < len(received)


# One rule for a missing update: the dashboard and the reminders agree ----------------


def test_an_update_on_the_day_a_report_was_issued_clears_the_dashboard_and_the_reminders():
    """The report of 16 September 2024 was issued on 5 September: Carl Hunt's update dated
    5 September is news the report could use, so he is neither listed nor reminded."""
    from scrutiny.reminders.selectors import reminders_due
    from scrutiny.reviews.due import updates_due
    from tests.reminders.conftest import FIRST_DAY, build_monitoring

    monitoring = build_monitoring()
    carl = monitoring.recs[3]
    post_update(carl, "on-track", D(2024, 9, 5), "As reported.")
    on_dashboard = updates_due(recommendations=Recommendation.objects.all(), today=FIRST_DAY)
    reminded = {rec.pk for r in reminders_due(today=FIRST_DAY) for rec in r.recommendations}
    assert carl.pk not in {due.recommendation.pk for due in on_dashboard}
    assert carl.pk not in reminded
    assert {due.recommendation.number for due in on_dashboard} == {1, 2}
    assert reminded == {monitoring.recs[1].pk, monitoring.recs[2].pk}


def test_rejected_and_closed_recommendations_are_not_chased_on_the_dashboard_either():
    review = reported_review(make_committee(), recommendations=3)
    rejected, closed, chased = review.recommendations.order_by("number")
    Recommendation.objects.filter(pk=rejected.pk).update(response="rejected")
    achieve(closed, D(2023, 5, 1), make_resolution(review.committee, D(2023, 6, 1)))
    issue(review, D(2023, 9, 18), issued_on=D(2023, 9, 8))
    assert lacking(review) == {chased.number: None}


def test_before_the_first_report_an_update_before_the_day_it_was_agreed_does_not_count():
    review = reported_review(make_committee(), recommendations=2)
    early, on_the_day = review.recommendations.order_by("number")
    post_update(early, "on-track", D(2023, 3, 12))  # agreed on 13 March 2023
    post_update(on_the_day, "on-track", D(2023, 3, 13))
    assert lacking(review) == {early.number: D(2023, 3, 12)}


# The cycle of many reviews, all at once -----------------------------------------------


def test_review_cycles_answer_every_question_of_each_review():
    committee = make_committee()
    review = reported_review(committee, recommendations=2)
    reviews.review_update(
        actor=None, review=review, expected_version=None, reported_to_executive_on=D(2023, 3, 20)
    )
    first, second = review.recommendations.order_by("number")
    issue(review, D(2023, 9, 18), issued_on=D(2023, 9, 8))
    post_update(second, "on-track", D(2023, 9, 8))
    wanted = make_meeting(committee, D(2024, 3, 25))
    review.refresh_from_db()
    state = cycle.review_cycles([review], today=D(2024, 4, 2))[review.pk]
    assert (state.last_report.sequence, state.next_sequence, state.finished) == (1, 2, False)
    assert (state.next_report.due_on, state.next_report.meeting) == (D(2024, 3, 18), wanted)
    assert state.next_report.papers_deadline == D(2024, 3, 15)
    assert state.missing_update == (first.pk,)
    assert state.overdue == (first.pk, second.pk)  # targets of 31 March 2024
    assert state.response_due_on == D(2023, 5, 20)
    assert state.responses_overdue == (first.pk, second.pk)


def test_the_cycle_of_many_reviews_reads_the_same_queries_as_of_one():
    def build():
        committee = make_committee()
        review = reported_review(committee, recommendations=2)
        issue(review, D(2023, 9, 18))
        make_meeting(committee, D(2024, 3, 25))
        return review

    one = [build()]
    many = one + [build() for _ in range(4)]
    today = D(2024, 4, 2)
    assert queries(lambda: cycle.review_cycles(one, today=today)) == queries(
        lambda: cycle.review_cycles(many, today=today)
    )


# When the executive's response is due -------------------------------------------------


def test_a_recommendation_agreed_after_the_executive_received_the_report_has_no_due_date():
    """Seen: "Awaiting response (due 18 June 2023)" on a recommendation agreed on
    30 November 2026, because the due date was the review's, whatever the recommendation."""
    review = make_review()
    review = reviews.review_update(
        actor=None, review=review, expected_version=None, reported_to_executive_on=D(2023, 4, 18)
    )
    in_report = reviews.recommendation_create(
        actor=None,
        review=review,
        number=1,
        text="In the report.",
        original_target_date=None,
        agreed_on=D(2023, 3, 13),
    )
    later = reviews.recommendation_create(
        actor=None,
        review=review,
        number=2,
        text="Added since.",
        original_target_date=None,
        agreed_on=D(2026, 11, 30),
    )
    assert cycle.response_due_on(in_report) == D(2023, 6, 18)
    assert cycle.response_due_on(later) is None
    pending = Recommendation.objects.filter(review=review)
    overdue = cycle.responses_overdue(pending, today=D(2026, 12, 1))
    assert list(overdue) == [in_report]
    assert cycle.is_response_overdue(later, today=D(2026, 12, 1)) is False


def test_the_staff_page_says_awaiting_response_with_no_due_date_before_it_was_agreed(client):
    from tests.factories import make_user

    review = reviews.review_update(
        actor=None,
        review=make_review(),
        expected_version=None,
        reported_to_executive_on=D(2023, 4, 18),
    )
    later = reviews.recommendation_create(
        actor=None,
        review=review,
        number=1,
        text="Added since.",
        original_target_date=None,
        agreed_on=D(2026, 11, 30),
    )
    client.force_login(make_user(is_superuser=True, is_staff=True))
    text = " ".join(client.get(f"/staff/recommendations/{later.pk}/").content.decode().split())
    assert "Awaiting response" in text
    assert "(due" not in text


def test_a_postponed_meeting_is_passed_over_like_a_cancelled_one():
    committee = make_committee()
    review = reported_review(committee)
    issue(review, D(2024, 9, 16), issued_on=D(2024, 9, 5))
    postponed = make_meeting(committee, D(2025, 3, 17), status="postponed")
    wanted = make_meeting(committee, D(2025, 3, 24))
    assert cycle.next_reports([review])[review.pk].meeting == wanted != postponed


def test_a_report_cannot_be_issued_to_a_meeting_called_off():
    committee = make_committee()
    review = reported_review(committee)
    for status in ("cancelled", "postponed"):
        meeting = make_meeting(committee, D(2025, 3, 17), status=status)
        with pytest.raises(Refused, match=f"is {status}"):
            monitoring_report_issue(
                actor=None, review=review, meeting=meeting, issued_on=D(2025, 3, 5)
            )
    assert not review.monitoring_reports.exists()
