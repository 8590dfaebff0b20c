import datetime as dt

import pytest

from scrutiny.committees import services as record
from scrutiny.core.errors import Refused
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import MonitoringReport
from scrutiny.reviews.monitoring import (
    monitoring_decisions_apply,
    monitoring_report_issue,
    monitoring_report_plan,
    monitoring_report_reissue,
    monitoring_report_reissue_plan,
    refuse_unless_as_checked,
)
from tests.factories import (
    achieve,
    make_committee,
    make_item,
    make_meeting,
    make_recommendation,
    make_resolution,
    make_review,
    post_update,
)
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def setting():
    committee = make_committee()
    review = make_review(committee)
    recs = [make_recommendation(review) for _ in range(3)]
    post_update(recs[0], "achieved", D(2024, 2, 1))
    meeting = make_meeting(committee, D(2024, 3, 18))
    return committee, review, recs, meeting


def test_issued_report_is_frozen_against_later_updates_and_extensions(setting):
    committee, review, recs, meeting = setting
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    frozen = MonitoringReport.objects.get(pk=report.pk).snapshot
    # Overdue is counted on the report's own date: on 5 March 2024 no target (31 March
    # 2024) had passed, however long ago that is now.
    assert frozen["summary"]["sentence"] == "1 out of 3 recommendations achieved; 2 not started"

    post_update(recs[1], "on-track", D(2024, 4, 1))
    reviews.recommendation_extend(
        actor=None, recommendation=recs[2], to_date=D(2025, 1, 1), reason="Later."
    )
    recs[0].refresh_from_db()
    achieve(recs[0], D(2024, 2, 1), make_resolution(committee, D(2024, 3, 18)))

    assert MonitoringReport.objects.get(pk=report.pk).snapshot == frozen


def test_snapshot_holds_each_recommendation_as_reported(setting):
    _, review, _, meeting = setting
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    first = report.snapshot["recommendations"][0]
    assert first["status"] == "achieved"
    assert first["agreed_status"] == "not-started"
    assert first["latest_update"] == "Done."
    assert first["original_target_date"] == "2024-03-31"


def test_reports_are_numbered_in_sequence_and_schedule_the_next(setting):
    committee, review, _, meeting = setting
    first = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    second_meeting = make_meeting(committee, D(2024, 9, 16))
    second = monitoring_report_issue(
        actor=None, review=review, meeting=second_meeting, issued_on=D(2024, 9, 5)
    )
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.next_due_on == D(2025, 3, 16)


def test_reissue_makes_a_new_version_with_its_reason_and_keeps_the_old(setting):
    _, review, recs, meeting = setting
    first = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    post_update(recs[1], "slipped", D(2024, 3, 6), narrative="Found late.")
    again = monitoring_report_reissue(
        actor=None, report=first, reason="Update from ICT arrived late.", issued_on=D(2024, 3, 7)
    )
    assert (again.sequence, again.version) == (1, 2)
    assert again.reissue_reason == "Update from ICT arrived late."
    assert MonitoringReport.objects.get(pk=first.pk).snapshot == first.snapshot
    assert again.snapshot != first.snapshot


def test_reissue_needs_a_reason(setting):
    _, review, _, meeting = setting
    first = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_reissue(actor=None, report=first, reason="", issued_on=D(2024, 3, 7))
    assert refused.value.field == "reason"


def test_report_to_another_committees_meeting_is_refused(setting):
    _, review, _, _ = setting
    elsewhere = make_meeting(make_committee(), D(2024, 3, 18))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_issue(
            actor=None, review=review, meeting=elsewhere, issued_on=D(2024, 3, 5)
        )
    assert refused.value.field == "meeting"


def test_report_when_every_recommendation_is_closed_is_final():
    committee = make_committee()
    review = make_review(committee)
    rec = make_recommendation(review)
    achieve(rec, D(2024, 2, 1), make_resolution(committee, D(2024, 3, 18)))
    report = monitoring_report_issue(
        actor=None,
        review=review,
        meeting=make_meeting(committee, D(2024, 9, 16)),
        issued_on=D(2024, 9, 5),
    )
    assert report.is_final
    assert report.next_due_on is None


def test_decisions_agree_every_proposal_and_close_with_the_resolution(setting):
    _, review, recs, meeting = setting
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    resolution = record.resolution_record(
        actor=None, item=make_item(meeting, number="45"), parts=["Members note the progress."]
    )
    changed = monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
    assert [r.number for r in changed] == [1]
    recs[0].refresh_from_db()
    assert recs[0].closed_by == resolution
    assert review.timeline.filter(kind="monitoring-report").count() == 1


def test_decisions_can_differ_from_what_the_service_proposed(setting):
    _, review, recs, meeting = setting
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    resolution = record.resolution_record(
        actor=None, item=make_item(meeting, number="45"), parts=["Members disagree."]
    )
    monitoring_decisions_apply(
        actor=None, report=report, resolution=resolution, agreed={1: "slipped"}
    )
    recs[0].refresh_from_db()
    assert (recs[0].status.code, recs[0].proposed_status, recs[0].is_closed) == (
        "slipped",
        None,
        False,
    )


def test_decisions_agree_the_services_positions_of_any_status(setting):
    _, review, recs, meeting = setting
    post_update(recs[1], "on-track", D(2024, 3, 1))
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    resolution = record.resolution_record(
        actor=None, item=make_item(meeting, number="45"), parts=["Members note the progress."]
    )
    monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
    recs[1].refresh_from_db()
    assert (recs[1].status.code, recs[1].proposed_status) == ("on-track", None)


def test_a_position_given_after_the_meeting_waits_for_the_next_report(setting):
    _, review, recs, meeting = setting
    post_update(recs[1], "on-track", D(2024, 3, 1))
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    post_update(recs[1], "slipped", D(2024, 3, 20))  # two days after the meeting
    post_update(recs[2], "on-track", D(2024, 3, 20))
    resolution = record.resolution_record(
        actor=None, item=make_item(meeting, number="45"), parts=["Members note the progress."]
    )
    # Left out, the decisions agree only what was before members: not recommendation 3's.
    monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
    recs[2].refresh_from_db()
    assert (recs[2].status.code, recs[2].proposed_status.code) == ("not-started", "on-track")
    # Agreed explicitly (as the decisions form does), the later word stays the service's.
    recs[1].refresh_from_db()
    reviews.recommendation_set_status(
        actor=None, recommendation=recs[1], status="on-track", resolution=resolution
    )
    recs[1].refresh_from_db()
    assert (recs[1].status.code, recs[1].proposed_status.code) == ("on-track", "slipped")
    assert recs[1].proposed_on == D(2024, 3, 20)


def test_decisions_from_another_meetings_resolution_are_refused(setting):
    committee, review, _, meeting = setting
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    elsewhere = make_resolution(committee, D(2024, 6, 17))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_decisions_apply(actor=None, report=report, resolution=elsewhere)
    assert refused.value.field == "resolution"


def test_decisions_closing_the_last_recommendation_close_the_review():
    committee = make_committee()
    review = make_review(committee)
    rec = make_recommendation(review)
    post_update(rec, "achieved", D(2024, 2, 1))
    meeting = make_meeting(committee, D(2024, 3, 18))
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    resolution = record.resolution_record(
        actor=None, item=make_item(meeting, number="9"), parts=["Signed off."]
    )
    monitoring_decisions_apply(actor=None, report=report, resolution=resolution)
    review.refresh_from_db()
    assert review.stage == "closed"


def test_only_the_latest_report_can_be_reissued(setting):
    committee, review, _, meeting = setting
    first = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    later = make_meeting(committee, D(2024, 9, 16))
    monitoring_report_issue(actor=None, review=review, meeting=later, issued_on=D(2024, 9, 5))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_reissue(
            actor=None, report=first, reason="A figure was wrong.", issued_on=D(2024, 9, 6)
        )
    assert refused.value.field == "report"
    assert "report 2" in refused.value.reason


def test_a_report_is_not_issued_to_a_meeting_before_its_own_date(setting):
    _, review, _, meeting = setting
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_issue(
            actor=None, review=review, meeting=meeting, issued_on=D(2025, 11, 5)
        )
    assert refused.value.field == "meeting"
    assert "18 March 2024" in refused.value.reason


def test_a_report_is_not_issued_to_a_meeting_before_the_last_reports(setting):
    committee, review, _, meeting = setting
    earlier = make_meeting(committee, D(2023, 9, 18))
    monitoring_report_issue(actor=None, review=review, meeting=meeting, issued_on=D(2023, 9, 1))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_issue(actor=None, review=review, meeting=earlier, issued_on=D(2023, 9, 1))
    assert refused.value.field == "meeting"


# The plan: what issuing would freeze, by the same rules, writing nothing ------------------


def test_the_plan_writes_nothing_and_is_what_issuing_then_freezes(setting):
    _, review, _, meeting = setting
    with assert_database_unchanged():
        plan = monitoring_report_plan(review=review, meeting=meeting, issued_on=D(2024, 3, 5))
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    assert (plan.sequence, plan.version, plan.is_final) == (1, 1, False)
    assert plan.snapshot == MonitoringReport.objects.get(pk=report.pk).snapshot
    assert plan.next_due_on == report.next_due_on


def test_the_plan_is_refused_as_issuing_would_be(setting):
    _, review, _, meeting = setting
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        monitoring_report_plan(review=review, meeting=meeting, issued_on=D(2025, 11, 5))
    assert refused.value.field == "meeting"


def test_the_fingerprint_changes_with_anything_the_report_would_say(setting):
    _, review, recs, meeting = setting
    before = monitoring_report_plan(review=review, meeting=meeting, issued_on=D(2024, 3, 5))
    again = monitoring_report_plan(review=review, meeting=meeting, issued_on=D(2024, 3, 5))
    assert before.fingerprint == again.fingerprint
    other_day = monitoring_report_plan(review=review, meeting=meeting, issued_on=D(2024, 3, 6))
    assert other_day.fingerprint != before.fingerprint
    post_update(recs[1], "on-track", D(2024, 3, 1))
    after = monitoring_report_plan(review=review, meeting=meeting, issued_on=D(2024, 3, 5))
    assert after.fingerprint != before.fingerprint
    refuse_unless_as_checked(found=after.fingerprint, checked=after.fingerprint)
    with pytest.raises(Refused) as refused:
        refuse_unless_as_checked(found=after.fingerprint, checked=before.fingerprint)
    assert refused.value.field == "checked"


def test_the_reissue_plan_is_the_next_version_with_its_reason(setting):
    _, review, _, meeting = setting
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 3, 5)
    )
    with assert_database_unchanged():
        plan = monitoring_report_reissue_plan(
            report=report, reason=" A date was wrong. ", issued_on=D(2024, 3, 6)
        )
    assert (plan.sequence, plan.version, plan.reissue_reason) == (1, 2, "A date was wrong.")
    assert (plan.meeting, plan.next_due_on) == (meeting, report.next_due_on)
    with pytest.raises(Refused):
        monitoring_report_reissue_plan(report=report, reason=" ", issued_on=D(2024, 3, 6))


def test_a_report_counts_as_overdue_what_had_passed_its_target_by_its_date(setting):
    _, review, _, meeting = setting
    meeting.starts_at = meeting.starts_at.replace(year=2024, month=6, day=17)
    meeting.save()
    report = monitoring_report_issue(
        actor=None, review=review, meeting=meeting, issued_on=D(2024, 6, 5)
    )
    assert report.snapshot["summary"]["sentence"] == (
        "1 out of 3 recommendations achieved; 2 not started; 3 overdue"
    )
