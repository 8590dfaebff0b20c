"""The demo council's next report: the second interim report went to the meeting of
16 September 2024 (issued 5 September), so the next is due six months on, 16 March 2025,
at the meeting of Monday 17 March 2025. Its papers are due Friday 7 March 2025 (five clear
working days: 10 to 14 March), so the first reminder goes on 7 February.

Four recommendations are still open, all extended; their owners' last updates are dated
2 September 2024, before the report was issued: Mark Dunn owns 10, Sam Okafor 11 to 13.
Every executive response was received, so nothing is escalated about responses."""

import datetime as dt

import pytest
from django.core.management import call_command

from scrutiny.core.working_days import papers_deadline
from scrutiny.reminders.services import reminders_send_due
from scrutiny.reviews.models import Recommendation
from tests.reminders.conftest import by_recipient

D = dt.date
MARK = "mark.dunn@council.example"
SAM = "sam.okafor@council.example"
JO = "jo.bennett@council.example"


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return {r.number: r for r in Recommendation.objects.filter(closed_by__isnull=True)}


def test_the_demo_deadline_is_seven_march(demo):
    assert sorted(demo) == [10, 11, 12, 13]
    assert papers_deadline(D(2025, 3, 17)) == D(2025, 3, 7)


def test_owners_of_the_four_extended_recommendations_are_reminded_on_7_february(demo, smtp_server):
    assert reminders_send_due(today=D(2025, 2, 6)).sent == []
    reminders_send_due(today=D(2025, 2, 7))
    received = by_recipient(smtp_server.wait_for(2))
    assert sorted(received) == [MARK, SAM]
    [mark], [sam] = received[MARK], received[SAM]
    assert mark.subject == "Update your scrutiny recommendations by 7 March 2025"
    assert "Dear Mark Dunn," in mark.body
    assert "(recommendation 10 (CSSC (22/23) 10))" in mark.body
    assert mark.body.count("/update/") == 1
    assert "last report issued 5 September 2024" in mark.body
    for number in (11, 12, 13):
        assert f"(recommendation {number} (CSSC (22/23) {number}))" in sam.body
        assert f"/staff/recommendations/{demo[number].pk}/update/" in sam.body
    assert sam.body.count("/update/") == 3
    assert mark.message["Reply-To"] == JO


def test_the_demo_cycle_runs_to_the_escalation(demo, smtp_server):
    for day in (D(2025, 2, 7), D(2025, 2, 14), D(2025, 2, 21), D(2025, 3, 7), D(2025, 3, 8)):
        reminders_send_due(today=day)
    received = by_recipient(smtp_server.wait_for(5))
    assert len(smtp_server.messages) == 5
    assert [m.subject.split(":")[0] for m in received[SAM]] == [
        "Update your scrutiny recommendations by 7 March 2025",
        "Reminder",
    ]
    [escalation] = received[JO]
    assert escalation.subject.startswith("Ready to escalate: updates missing for Review of")
    assert "Mark Dunn, Facilities Manager" in escalation.body
    assert "Sam Okafor, Director of ICT" in escalation.body
