"""The dashboard shows each role what needs them, on the demo council's record."""

import datetime as dt

import pytest
import time_machine

from scrutiny.reviews import services
from scrutiny.site.staff.selectors import dashboard_for
from tests.site.staff.conftest import page, signed_in

pytestmark = pytest.mark.django_db
LONDON_NOON = dt.time(12, 0)


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, LONDON_NOON, tzinfo=dt.UTC), tick=False)


def section(response, heading_id: str) -> str:
    """The text from a dashboard heading to the next heading."""
    html = page(response)
    [heading] = html.xpath(f'//h2[@id="{heading_id}"]')
    texts = []
    for sibling in heading.itersiblings():
        if sibling.tag == "h2":
            break
        texts.append(" ".join(sibling.text_content().split()))
    return " ".join(texts)


def test_owner_sees_their_open_recommendations_with_the_next_report(demo):
    with on(dt.date(2025, 1, 10)):
        response = signed_in("owner").get("/staff/")
    text = section(response, "updates-due")
    for number in (11, 12, 13):
        words = demo.recommendations.get(number=number).short_text
        assert f"Post an update on “{words}”" in text  # named by its words, not its number
        assert f"recommendation {number}" not in text.lower()
    assert demo.recommendations.get(number=10).short_text not in text  # the Facilities Manager's
    assert "2 September 2024" in text  # their last update, before the last report
    assert "7 March 2025" in text  # the papers deadline of the 17 March meeting
    assert "Due 16 March 2025: Customer Services Scrutiny Committee – 17 March 2025" in text
    assert "Overdue" not in text
    assert not page(response).xpath('//h2[@id="updates-overdue"]')


def test_owner_updates_become_overdue_after_the_papers_deadline(demo):
    with on(dt.date(2025, 3, 10)):
        response = signed_in("owner").get("/staff/")
    assert section(response, "updates-due").count("Overdue") == 3


def test_an_update_after_the_last_report_clears_it_from_the_owner(demo):
    rec = demo.recommendations.get(number=12)
    with on(dt.date(2025, 1, 10)):
        services.progress_update_post(
            actor=None,
            recommendation=rec,
            author=rec.owner,
            as_of=dt.date(2025, 1, 9),
            proposed_status="extended",
            narrative="Orders placed.",
        )
        response = signed_in("owner").get("/staff/")
    text = section(response, "updates-due")
    assert demo.recommendations.get(number=12).short_text not in text
    assert demo.recommendations.get(number=11).short_text in text


def test_scrutiny_officer_sees_overdue_updates_reports_due_and_late_papers(demo):
    with on(dt.date(2025, 3, 10)):
        response = signed_in("scrutiny.officer").get("/staff/")
    overdue = section(response, "updates-overdue")
    for number in (10, 11, 12, 13):
        assert f"(recommendation {number} of" in overdue
    assert "Mark Dunn, Facilities Manager" in overdue
    reports = section(response, "reports-due")
    assert "Due 16 March 2025: Customer Services Scrutiny Committee – 17 March 2025" in reports
    papers = section(response, "late-papers")
    assert "Customer Services Scrutiny Committee – 17 March 2025" in papers
    assert "Papers not yet published; they were due by 7 March 2025" in papers
    assert section(response, "responses-overdue") == "No executive responses are overdue."


def test_scrutiny_officer_sees_nothing_overdue_before_the_deadline(demo):
    with on(dt.date(2025, 1, 9)):
        response = signed_in("scrutiny.officer").get("/staff/")
    assert section(response, "updates-overdue") == "No updates are overdue."
    assert "No meeting's papers are late." in section(response, "late-papers")


def test_scrutiny_officer_sees_executive_responses_overdue(demo):
    review = services.review_create(actor=None, committee=demo.committee, title="Waste review")
    services.review_update(
        actor=None,
        review=review,
        expected_version=None,
        reported_to_executive_on=dt.date(2025, 1, 6),
    )
    services.recommendation_create(
        actor=None, review=review, number=1, text="Collect more.", original_target_date=None
    )
    with on(dt.date(2025, 3, 6)):
        assert dashboard_for(signed_in_user("scrutiny.officer")).responses_overdue == []
    with on(dt.date(2025, 3, 7)):
        response = signed_in("scrutiny.officer").get("/staff/")
    text = section(response, "responses-overdue")
    assert text == (
        "“Collect more.” (recommendation 1 of Waste review): response was due 6 March 2025"
    )


def test_monitoring_report_with_no_meeting_scheduled_says_so(demo):
    from scrutiny.committees.models import Meeting

    Meeting.objects.filter(starts_at__date__gte=dt.date(2025, 3, 1)).delete()
    response = signed_in("scrutiny.officer").get("/staff/")
    assert "Due on or after 16 March 2025: no meeting scheduled" in section(response, "reports-due")


def test_clerk_sees_late_papers_only(demo):
    with on(dt.date(2025, 1, 13)):
        response = signed_in("clerk").get("/staff/")
    html = page(response)
    assert [h.get("id") for h in html.xpath("//h2[@id]")] == ["late-papers"]
    assert "Customer Services Scrutiny Committee – 20 January 2025" in section(
        response, "late-papers"
    )


def test_papers_published_late_are_listed_as_late(demo):
    from scrutiny.committees.models import Meeting
    from scrutiny.committees.publication import agenda_publish
    from tests.factories import make_item

    meeting = Meeting.objects.get(starts_at__date=dt.date(2025, 1, 20))
    make_item(meeting, "1")
    with on(dt.date(2025, 1, 14)):
        agenda_publish(actor=None, meeting=meeting)
    with on(dt.date(2025, 1, 15)):
        board = dashboard_for(signed_in_user("clerk"))
    [late] = board.late_papers
    assert late.description == (
        "Papers published 14 January 2025; they were due by 10 January 2025"
    )


def test_councillor_sees_the_reviews_of_their_committees(demo):
    response = signed_in("councillor").get("/staff/")
    text = section(response, "your-reviews")
    assert demo.title in text
    assert "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended" in text
    assert not page(response).xpath('//h2[@id="updates-overdue"]')


def signed_in_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def import_links(response) -> list[str]:
    html = page(response)
    headings = html.xpath('//h2[normalize-space()="Import records"]')
    if not headings:
        return []
    return [" ".join(a.text_content().split()) for a in headings[0].getnext().xpath(".//a")]


def test_the_import_pages_are_linked_for_the_people_who_may_use_them(demo):
    assert import_links(signed_in("scrutiny.officer").get("/staff/")) == [
        "Import or export a recommendation tracker",
        "Import a minutes page",
        "Import from ModernGov",
        "ModernGov sync",
    ]
    assert import_links(signed_in("clerk").get("/staff/")) == [
        "Import a minutes page",
        "Import from ModernGov",
        "ModernGov sync",
    ]
    assert import_links(signed_in("owner").get("/staff/")) == []
    assert import_links(signed_in("councillor").get("/staff/")) == []


def test_a_next_meeting_that_passed_without_the_report_is_said_plainly(demo):
    """The report was due at the meeting of 17 March 2025; on 1 April it was not issued to
    it, so the dashboard does not show it as upcoming."""
    with on(dt.date(2025, 4, 1)):
        officer = signed_in("scrutiny.officer").get("/staff/")
        owner = signed_in("owner").get("/staff/")
    passed = (
        "The meeting of 17 March 2025 that was to receive the next report has passed "
        "without it: choose a new meeting"
    )
    reports = section(officer, "reports-due")
    assert passed in reports
    assert "Meeting passed" in reports
    assert "Due 16 March 2025" not in reports
    assert passed in section(owner, "updates-due")


def test_the_review_page_says_so_too(demo):
    with on(dt.date(2025, 4, 1)):
        text = " ".join(
            page(signed_in("scrutiny.officer").get(f"/staff/reviews/{demo.slug}/"))
            .text_content()
            .split()
        )
    assert "The meeting of 17 March 2025 that was to receive the next report has passed" in text


def test_the_public_review_page_says_the_report_is_late(demo, client):
    """The public page does not go on showing a meeting already held as where the next
    report is due."""
    with on(dt.date(2025, 3, 10)):
        before = " ".join(page(client.get(f"/reviews/{demo.slug}/")).text_content().split())
    with on(dt.date(2025, 4, 1)):
        after = " ".join(page(client.get(f"/reviews/{demo.slug}/")).text_content().split())
    assert "Due 16 March 2025: meeting of 17 March 2025" in before
    assert "was held without it, so the report is late" not in before
    assert (
        "Due 16 March 2025: the meeting of 17 March 2025 was held without it, so the report is late"
    ) in after


def test_the_committee_work_programme_says_the_report_is_late(demo, client):
    url = f"/committees/{demo.committee.slug}/"
    with on(dt.date(2025, 3, 10)):
        before = " ".join(page(client.get(url)).text_content().split())
    with on(dt.date(2025, 4, 1)):
        after = " ".join(page(client.get(url)).text_content().split())
    assert "held without it, so the report is late" not in before
    assert "16 March 2025 17 March 2025: held without it, so the report is late" in after


def reminders_ran(started: dt.datetime, **fields):
    from scrutiny.reminders.models import ReminderRun

    return ReminderRun.objects.create(
        started_at=started,
        beat_at=started,
        finished_at=started,
        host="h",
        pid=1,
        token=started.isoformat(),
        **{"outcome": "succeeded", "sent": 3, **fields},
    )


def test_those_who_manage_reviews_see_when_reminders_last_ran(demo):
    reminders_ran(dt.datetime(2025, 1, 10, 7, 0, tzinfo=dt.UTC))
    with on(dt.date(2025, 1, 10)):
        response = signed_in("scrutiny.officer").get("/staff/")
        owner = signed_in("owner").get("/staff/")
    text = section(response, "reminders")
    assert "On time Reminders last ran at 07:00 on 10 January 2025: 3 emails sent." in text
    assert not page(response).xpath('//h2[@id="reminders"]/following-sibling::div[1]'
                                     '[@class="govuk-warning-text"]')  # fmt: skip
    assert not page(owner).xpath('//h2[@id="reminders"]')


def test_late_reminders_turn_red_and_say_why(demo):
    reminders_ran(dt.datetime(2025, 1, 8, 7, 0, tzinfo=dt.UTC))
    with on(dt.date(2025, 1, 10)):
        response = signed_in("scrutiny.officer").get("/staff/")
    html = page(response)
    [warning] = html.xpath('//h2[@id="reminders"]/following-sibling::div[1]')
    assert warning.get("class") == "govuk-warning-text"
    [tag] = warning.xpath(".//strong[contains(@class, 'govuk-tag')]")
    assert (tag.get("class"), tag.text) == ("govuk-tag govuk-tag--red", "Late")
    text = section(response, "reminders")
    assert "Reminders last ran at 07:00 on 8 January 2025" in text
    assert "The reminders due at 07:00 on 10 January 2025 have not run." in text


def test_unconfirmed_reminders_are_listed_with_where_to_settle_them(demo):
    from scrutiny.reminders.models import ReminderSent

    reminders_ran(dt.datetime(2025, 1, 10, 7, 0, tzinfo=dt.UTC))
    ReminderSent.objects.create(
        kind="first-reminder",
        cycle_key="owner:1/meeting:1",
        recipient="owner@council.example",
        state="unconfirmed",
        claimed_at=dt.datetime(2025, 1, 10, 7, 0, tzinfo=dt.UTC),
    )
    with on(dt.date(2025, 1, 10)):
        response = signed_in("admin").get("/staff/")
    text = section(response, "reminders")
    assert "Check" in text
    assert "1 reminder email may not have arrived" in text
    [link] = page(response).xpath('//a[text()="Settle the unconfirmed reminders"]')
    assert link.get("href") == "/admin/reminders/remindersent/?state__exact=unconfirmed"
