"""Reminders go out through a real SMTP server, each exactly once, whatever the worker
does in between."""

import datetime as dt

import pytest

from scrutiny.reminders.models import Kind, ReminderSent
from scrutiny.reminders.services import reminders_send_due
from tests.factories import post_update
from tests.reminders.conftest import DEADLINE, FIRST_DAY, SECOND_DAY, by_recipient

D = dt.date
ALICE = "alice.moss@council.example"
CARL = "carl.hunt@council.example"
JO = "jo.bennett@council.example"


def test_nothing_is_sent_before_the_first_reminder_date(monitoring, smtp_server):
    report = reminders_send_due(today=FIRST_DAY - dt.timedelta(days=1))
    assert report.sent == []
    assert smtp_server.messages == []


def test_each_owner_missing_an_update_gets_one_email_on_the_first_date(monitoring, smtp_server):
    reminders_send_due(today=FIRST_DAY)
    received = by_recipient(smtp_server.wait_for(2))
    assert sorted(received) == [ALICE, CARL]  # Bea updated since the last report
    [alice] = received[ALICE]
    assert alice.subject == "Update your scrutiny recommendations by 7 March 2025"
    assert alice.mail_from == "scrutiny@council.example"
    assert alice.message["Reply-To"] == JO
    body = alice.body
    assert body.startswith("Dear Alice Moss,")
    assert "meeting on 17 March 2025" in body
    assert "must be published by 7 March 2025" in body
    assert "Review of Bus Services (last report issued 5 September 2024)" in body
    for rec in (monitoring.recs[1], monitoring.recs[2]):
        assert f"{rec.text} (recommendation {rec.number} (TS (23/24) 0{rec.number}))" in body
        assert f"http://127.0.0.1:8000/staff/recommendations/{rec.pk}/update/" in body
    assert f"/staff/recommendations/{monitoring.recs[3].pk}/" not in body


def test_the_email_has_an_html_alternative_with_the_same_links(monitoring, smtp_server):
    reminders_send_due(today=FIRST_DAY)
    [carl] = by_recipient(smtp_server.wait_for(2))[CARL]
    html = carl.message.get_body(preferencelist=("html",)).get_content()
    url = f"http://127.0.0.1:8000/staff/recommendations/{monitoring.recs[3].pk}/update/"
    assert f'<a href="{url}"' in html
    assert f"Update “{monitoring.recs[3].short_text}”</a>" in html


def test_links_use_the_site_address_from_settings(monitoring, smtp_server, settings):
    settings.SCRUTINY_SITE_URL = "https://scrutiny.council.example/"
    reminders_send_due(today=FIRST_DAY)
    [carl] = by_recipient(smtp_server.wait_for(2))[CARL]
    pk = monitoring.recs[3].pk
    assert f"https://scrutiny.council.example/staff/recommendations/{pk}/update/" in carl.body


def test_running_twice_on_the_same_day_sends_nothing_new(monitoring, smtp_server):
    first = reminders_send_due(today=FIRST_DAY)
    again = reminders_send_due(today=FIRST_DAY)
    assert len(first.sent) == 2
    assert again.sent == []
    assert len(again.already_done) == 2
    assert len(smtp_server.wait_for(2)) == 2
    assert ReminderSent.objects.filter(state="sent").count() == 2


def test_first_reminder_is_sent_once_across_the_days_of_its_window(monitoring, smtp_server):
    for offset in range(5):
        reminders_send_due(today=FIRST_DAY + dt.timedelta(days=offset))
    assert len(smtp_server.wait_for(2)) == 2


def test_second_reminder_goes_only_to_owners_still_missing(monitoring, smtp_server):
    reminders_send_due(today=FIRST_DAY)
    smtp_server.wait_for(2)
    smtp_server.clear()
    post_update(monitoring.recs[3], "on-track", D(2025, 2, 14), "Survey done.")
    reminders_send_due(today=SECOND_DAY)
    [second] = smtp_server.wait_for(1)
    assert second.recipients == [ALICE]
    assert second.subject == "Reminder: update your scrutiny recommendations by 7 March 2025"
    assert second.body.count("/update/") == 2


def test_after_the_deadline_the_scrutiny_officer_gets_the_escalation(monitoring, smtp_server):
    post_update(monitoring.recs[1], "on-track", D(2025, 3, 3), "Nearly there.")
    reminders_send_due(today=DEADLINE + dt.timedelta(days=1))
    reminders_send_due(today=DEADLINE + dt.timedelta(days=2))
    [escalation] = smtp_server.wait_for(1)
    assert escalation.recipients == [JO]
    assert escalation.subject == "Ready to escalate: updates missing for Review of Bus Services"
    body = escalation.body
    assert "Alice Moss, Service Manager (alice.moss@council.example)" in body
    assert "Carl Hunt, Service Manager (carl.hunt@council.example)" in body
    assert "Bea Lowe" not in body
    assert "(recommendation 1 (TS (23/24) 01))" not in body  # Alice updated recommendation 1
    assert "(recommendation 2 (TS (23/24) 02))" in body
    assert "may ask its chair to write to the chief executive" in body


def test_a_new_cycle_after_the_next_report_starts_fresh(monitoring, smtp_server):
    from scrutiny.reviews.monitoring import monitoring_report_issue
    from tests.factories import make_meeting

    reminders_send_due(today=FIRST_DAY)
    smtp_server.wait_for(2)
    smtp_server.clear()
    monitoring_report_issue(
        actor=None, review=monitoring.review, meeting=monitoring.next_meeting,
        issued_on=D(2025, 3, 6),
    )  # fmt: skip
    make_meeting(monitoring.committee, D(2025, 9, 22))
    # The report went to the 17 March meeting: the next is due 17 September, at the
    # meeting of 22 September, papers by 12 September, first reminder 15 August.
    reminders_send_due(today=D(2025, 8, 15))
    received = by_recipient(smtp_server.wait_for(3))
    assert sorted(received) == [ALICE, "bea.lowe@council.example", CARL]
    assert all(m.subject.endswith("by 12 September 2025") for m in smtp_server.messages)


def test_an_owner_with_no_email_is_reported_to_the_scrutiny_officer(monitoring, smtp_server):
    monitoring.carl.email = ""
    monitoring.carl.save()
    reminders_send_due(today=FIRST_DAY)
    received = by_recipient(smtp_server.wait_for(2))
    assert sorted(received) == [ALICE, JO]
    [notice] = received[JO]
    assert notice.subject == "Owners we cannot email about Review of Bus Services"
    assert "Carl Hunt, Service Manager: no email" in notice.body
    assert "(recommendation 3 (TS (23/24) 03))" in notice.body


def test_without_a_scrutiny_officer_notices_go_to_the_fallback_address(
    monitoring, smtp_server, settings
):
    monitoring.committee.scrutiny_officer = None
    monitoring.committee.save()
    today = DEADLINE + dt.timedelta(days=1)
    assert reminders_send_due(today=today).undeliverable[0].kind == Kind.ESCALATION
    assert smtp_server.messages == []
    settings.SCRUTINY_REMINDERS_FALLBACK_EMAIL = "Democratic.Services@council.example"
    reminders_send_due(today=today)
    [escalation] = smtp_server.wait_for(1)
    assert escalation.recipients == ["democratic.services@council.example"]
    assert escalation.body.startswith("Dear colleague,")


def test_no_meeting_scheduled_tells_the_scrutiny_officer_once_and_chases_nobody(
    monitoring, smtp_server
):
    monitoring.next_meeting.status = "cancelled"
    monitoring.next_meeting.save()
    monitoring.committee.meetings.filter(starts_at__date=D(2025, 6, 16)).delete()
    # Due 16 March 2025; had there been a meeting that day its papers would be due on
    # 6 March, so the officer hears from 6 February.
    assert reminders_send_due(today=D(2025, 2, 5)).sent == []
    reminders_send_due(today=D(2025, 2, 6))
    reminders_send_due(today=D(2025, 2, 21))
    [notice] = smtp_server.wait_for(1)
    assert notice.recipients == [JO]
    assert notice.subject == "No meeting for the next monitoring report on Review of Bus Services"
    assert "due on or after 16 March 2025" in notice.body


@pytest.mark.parametrize("pending", [True, False])
def test_an_overdue_executive_response_is_escalated_once_per_review(db, smtp_server, pending):
    from scrutiny.reviews import services as reviews
    from tests.factories import make_committee, make_review
    from tests.reminders.conftest import officer, recommend

    committee = make_committee()
    committee.scrutiny_officer = officer("Jo Bennett")
    committee.save()
    review = make_review(committee, title="Review of Parks")
    review = reviews.review_update(
        actor=None,
        review=review,
        expected_version=None,
        reported_to_executive_on=D(2025, 1, 6),
        stage="reported",
    )
    recs = [recommend(review, n, officer(f"Owner {n}")) for n in (1, 2)]
    reviews.executive_response_record(
        actor=None, recommendation=recs[0], response="accepted", received_on=D(2025, 2, 1)
    )
    if not pending:
        reviews.executive_response_record(
            actor=None,
            recommendation=recs[1],
            response="rejected",
            received_on=D(2025, 2, 1),
            reason="Not affordable.",
        )
    assert reminders_send_due(today=D(2025, 3, 6)).sent == []  # due 6 March 2025
    reminders_send_due(today=D(2025, 3, 7))
    reminders_send_due(today=D(2025, 4, 7))
    if not pending:
        assert smtp_server.messages == []
        return
    [escalation] = smtp_server.wait_for(1)
    assert escalation.recipients == [JO]
    assert escalation.subject == (
        "Ready to escalate: executive response overdue for Review of Parks"
    )
    assert "was due on 6 March 2025" in escalation.body
    assert "(recommendation 2" in escalation.body
    assert "(recommendation 1" not in escalation.body
