"""What is due on which day: the selectors, asked about any day."""

import datetime as dt

from scrutiny.core.working_days import papers_deadline
from scrutiny.reminders.models import Kind
from scrutiny.reminders.selectors import reminders_due
from scrutiny.reviews import services as reviews
from tests.factories import post_update
from tests.reminders.conftest import DEADLINE, FIRST_DAY, MEETING_DAY, SECOND_DAY

D = dt.date


def summary(due):
    return sorted(
        (r.kind, r.recipient.name, tuple(rec.number for rec in r.recommendations)) for r in due
    )


def test_the_cycle_dates_follow_the_papers_deadline_of_the_next_meeting(monitoring):
    assert papers_deadline(MEETING_DAY) == DEADLINE
    assert DEADLINE - dt.timedelta(days=28) == FIRST_DAY
    assert DEADLINE - dt.timedelta(days=14) == SECOND_DAY


def test_nothing_is_due_before_the_first_reminder_date(monitoring):
    assert reminders_due(today=FIRST_DAY - dt.timedelta(days=1)) == []


def test_first_reminders_go_to_owners_without_an_update_since_the_last_report(monitoring):
    assert summary(reminders_due(today=FIRST_DAY)) == [
        (Kind.FIRST_REMINDER, "Alice Moss", (1, 2)),
        (Kind.FIRST_REMINDER, "Carl Hunt", (3,)),
    ]


def test_an_update_dated_on_the_day_the_report_was_issued_counts(monitoring):
    """The dashboard's rule (`cycle.lacking_update`): the owner who updated on the day the
    report was issued is neither listed as missing nor reminded."""
    post_update(monitoring.recs[3], "on-track", D(2024, 9, 5), "As reported.")
    assert "Carl Hunt" not in [r.recipient.name for r in reminders_due(today=FIRST_DAY)]


def test_second_reminders_from_two_weeks_before_the_deadline_to_the_deadline(monitoring):
    post_update(monitoring.recs[3], "on-track", D(2024, 11, 1), "Started.")
    for day in (SECOND_DAY, DEADLINE):
        assert summary(reminders_due(today=day)) == [(Kind.SECOND_REMINDER, "Alice Moss", (1, 2))]


def test_after_the_deadline_only_the_scrutiny_officer_hears_until_the_meeting(monitoring):
    for day in (DEADLINE + dt.timedelta(days=1), MEETING_DAY):
        [escalation] = reminders_due(today=day)
        assert escalation.kind == Kind.ESCALATION
        assert escalation.recipient == monitoring.scrutiny_officer
        assert [(g.owner.name, len(g.recommendations)) for g in escalation.owners] == [
            ("Alice Moss", 2),
            ("Carl Hunt", 1),
        ]
    assert reminders_due(today=MEETING_DAY + dt.timedelta(days=1)) == []


def test_closed_and_rejected_recommendations_are_not_chased(monitoring):
    rec = monitoring.recs[3]
    rec.response = "rejected"
    rec.save()
    assert summary(reminders_due(today=FIRST_DAY)) == [(Kind.FIRST_REMINDER, "Alice Moss", (1, 2))]


def test_before_the_first_report_updates_count_from_the_day_it_was_agreed(db):
    from tests.factories import make_committee, make_meeting, make_review
    from tests.reminders.conftest import monitored, officer, recommend, respond_to_all

    committee = make_committee()
    review = monitored(make_review(committee))
    reviews.timeline_entry_add(
        actor=None, review=review, kind="final-report", happened_on=D(2024, 3, 18), text="."
    )
    quiet, busy = officer("Quiet Owner"), officer("Busy Owner")
    recommend(review, 1, quiet)
    post_update(recommend(review, 2, busy), "on-track", D(2024, 3, 18), "Begun.")
    respond_to_all(review)
    make_meeting(committee, D(2024, 9, 23))
    first = papers_deadline(D(2024, 9, 23)) - dt.timedelta(days=28)
    assert summary(reminders_due(today=first)) == [(Kind.FIRST_REMINDER, "Quiet Owner", (1,))]


def test_one_email_per_owner_lists_their_recommendations_across_reviews(monitoring):
    from tests.factories import make_review
    from tests.reminders.conftest import monitored, recommend, respond_to_all

    other = monitored(make_review(monitoring.committee, title="Review of Cycle Lanes"))
    reviews.timeline_entry_add(
        actor=None, review=other, kind="final-report", happened_on=D(2024, 9, 16), text="."
    )
    recommend(other, 1, monitoring.carl)
    respond_to_all(other)
    carl = [r for r in reminders_due(today=FIRST_DAY) if r.recipient == monitoring.carl]
    assert len(carl) == 1
    assert sorted(rec.review.title for rec in carl[0].recommendations) == [
        "Review of Bus Services",
        "Review of Cycle Lanes",
    ]
