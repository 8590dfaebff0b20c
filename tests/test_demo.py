import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from scrutiny.committees.models import Meeting, Motion, Resolution
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.reviews.selectors import review_next_report, review_progress_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")
    return Review.objects.get(slug="members-ict-support-and-ict-service-delivery")


def test_demo_computes_the_seed_figures(demo):
    summary = review_progress_summary(review=demo)
    assert (summary.total, summary.achieved, summary.achieved_late) == (13, 9, 2)
    assert summary.count("extended") == 4


def test_review_summary_prints_one_line_per_review(demo, capsys):
    call_command("review_summary")
    # The four extended targets (the latest 31 March 2025) have all passed.
    assert capsys.readouterr().out.strip() == (
        "members-ict-support-and-ict-service-delivery: 9 out of 13 recommendations achieved "
        "(2 completed behind schedule); 4 extended; 4 overdue"
    )


def test_review_summary_json(demo, capsys):
    call_command("review_summary", "--json")
    counts = json.loads(capsys.readouterr().out)["members-ict-support-and-ict-service-delivery"]
    assert (counts["total"], counts["achieved"], counts["achieved_late"]) == (13, 9, 2)
    assert counts["extended"] == 4


def test_review_summary_json_says_where_each_review_stands_in_its_cycle(demo, capsys):
    import time_machine

    with time_machine.travel(dt.datetime(2025, 2, 7, 12, tzinfo=dt.UTC), tick=False):
        call_command("review_summary", "--json")
    state = json.loads(capsys.readouterr().out)["members-ict-support-and-ict-service-delivery"]
    assert state["cycle"] == {
        "last_report": 2,
        "next_report_due_on": "2025-03-16",
        "next_report_meeting_on": "2025-03-17",
        "papers_deadline": "2025-03-07",
        "missing_update": 4,
        "overdue": 1,  # recommendation 10, extended to 31 December 2024
        "responses_overdue": 0,
    }


def test_loading_the_demo_twice_changes_nothing(demo, capsys):
    counts = (Review.objects.count(), Recommendation.objects.count(), Meeting.objects.count())
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert counts == (
        Review.objects.count(),
        Recommendation.objects.count(),
        Meeting.objects.count(),
    )


def test_demo_meeting_of_16_september_2024_records_item_27(demo):
    meeting = Meeting.objects.get(starts_at__date="2024-09-16")
    item = meeting.items.get(number="27")
    motion = Motion.objects.get(item=item)
    assert motion.mover.display_name == "Councillor Vicky Wapplington"
    assert motion.seconder.display_name == "Councillor Phil Smith"
    parts = [p.text for p in Resolution.objects.get(item=item).parts.all()]
    assert len(parts) == 4
    assert "Part 4.5.17(4) of the Council's Constitution" in parts[2]
    document = item.documents.get()
    assert (document.file_format, document.size_bytes) == ("PDF", 556 * 1024)
    assert "sim cards" in item.minutes
    assert "mobile network access" in item.actions.get().text
    assert meeting.minutes_locked


def test_demo_extended_recommendations_keep_their_original_targets(demo):
    extended = demo.recommendations.filter(status__code="extended").order_by("number")
    assert [r.number for r in extended] == [10, 11, 12, 13]
    for rec in extended:
        assert rec.current_target_date > rec.original_target_date
        assert rec.extensions.count() == 1


def test_demo_schedules_the_next_report_six_months_on(demo):
    nxt = review_next_report(review=demo)
    assert str(nxt.due_on) == "2025-03-16"
    assert str(nxt.meeting.date) == "2025-03-17"


def test_demo_has_a_sign_in_for_each_role(demo):
    users = get_user_model().objects
    for username, group in [
        ("scrutiny.officer", "Scrutiny officer"),
        ("clerk", "Clerk"),
        ("owner", "Recommendation owner"),
        ("councillor", "Councillor"),
    ]:
        assert users.get(username=username).groups.filter(name=group).exists()
    assert users.get(username="admin").is_superuser
