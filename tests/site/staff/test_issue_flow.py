"""Issuing a monitoring report is a two-step act: the form, then a check of what will be
frozen, where it goes and when the public reads it; only confirming writes anything, and
only what was checked."""

import datetime as dt
import io

import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import publication
from scrutiny.committees import services as record
from scrutiny.publishing import rules
from scrutiny.reviews.models import MonitoringReport
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import banner, page, summary_errors
from tests.site.staff.test_monitoring_cycle import (
    check,
    confirm,
    issue_answers,
    march_meeting,
    owner_proposes_achieved,
    words,
)

pytestmark = pytest.mark.django_db
# A report counts what is overdue on its own date: on 5 March 2025 one extended target had
# passed (the draft of today counts four: SUMMARY_NOW).
SUMMARY_ON_ITS_DATE = (
    "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended; 1 overdue"
)


def third_report():
    return MonitoringReport.objects.filter(sequence=3)


def rows(html, list_id: str) -> dict[str, str]:
    """A summary list as the officer reads it: key → value."""
    found = {}
    for row in html.xpath(f'//dl[@id="{list_id}"]/div'):
        key = words(row.xpath("./dt")[0])
        found[key] = words(row.xpath('./dd[contains(@class, "__value")]')[0])
    return found


def test_the_form_and_the_check_page_write_nothing(officer_client, demo):
    form_url = reverse("staff:report-issue", args=[demo.slug])
    with assert_database_unchanged():
        assert officer_client.get(form_url).status_code == 200
        checked = check(officer_client, demo, march_meeting(demo))
        assert officer_client.get(checked.redirect_chain[-1][0]).status_code == 200
    assert checked.redirect_chain[-1][0].startswith(
        reverse("staff:report-issue-check", args=[demo.slug]) + "?"
    )
    assert not third_report().exists()


def test_the_check_page_shows_the_meeting_the_item_and_what_is_frozen(officer_client, demo):
    html = page(check(officer_client, demo, march_meeting(demo)))
    assert words(html.xpath("//h1")[0]) == "Check your answers before issuing the report"
    where = rows(html, "check-where")
    assert where["Report"] == "Third Interim Report"
    assert where["Meeting"] == (
        "Customer Services Scrutiny Committee 17 March 2025, 18:00, Council Chamber, Civic Centre"
    )
    assert where["Agenda item"].startswith("Item 8: Review of Members ICT")
    assert where["Agenda item"].endswith("A new item on the meeting's agenda")
    assert where["Date of the report"] == "5 March 2025"
    what = rows(html, "check-what")
    assert what["Summary"] == SUMMARY_ON_ITS_DATE
    assert what["Recommendations"] == "Extended: 4 Achieved: 9 Total: 13"
    assert what["Exceptions"].startswith("Recommendation 10 (Extended, current target")
    assert what["Next report"] == "Due 17 September 2025"
    listed = html.xpath('//details[@id="check-recommendations"]//tbody/tr')
    assert [words(r.xpath("./th")[0]) for r in listed] == [str(n) for n in range(1, 14)]
    assert words(listed[9].xpath("./td")[0]) == "Extended"
    assert words(html.xpath('//p[@id="check-public"]')[0]) == (
        "It will not be public yet: the agenda is not published. It will be public with item 8 "
        "when the clerk publishes the agenda."
    )
    # Each answer has its Change link back to the form, with the answers kept.
    changes = html.xpath('//a[starts-with(normalize-space(), "Change")]/@href')
    assert len(changes) == 3
    assert all(h.startswith(reverse("staff:report-issue", args=[demo.slug]) + "?") for h in changes)


def test_a_change_link_brings_back_the_form_as_filled_in(officer_client, demo):
    html = page(check(officer_client, demo, march_meeting(demo), item_number="5(a)"))
    href = html.xpath('//a[starts-with(normalize-space(), "Change")]/@href')[1]
    assert href.endswith("#id_item_number")
    form = page(officer_client.get(href))
    assert form.xpath('//input[@name="item_number"]/@value') == ["5(a)"]
    assert form.xpath('//input[@name="issued_on_day"]/@value') == ["5"]
    assert form.xpath('//input[@name="meeting"][@checked]/@value') == [str(march_meeting(demo).pk)]


def test_confirming_issues_what_was_checked(officer_client, demo):
    response = confirm(officer_client, check(officer_client, demo, march_meeting(demo)))
    report = third_report().get()
    assert report.snapshot["summary"]["sentence"] == SUMMARY_ON_ITS_DATE
    assert (report.item.number, report.meeting) == ("8", march_meeting(demo))
    assert banner(response).startswith("The Third Interim Report is issued to the meeting on")


def test_confirming_twice_issues_once(officer_client, demo):
    checked = check(officer_client, demo, march_meeting(demo))
    confirm(officer_client, checked)
    with assert_database_unchanged():
        again = confirm(officer_client, checked)
    # The meeting has its report now, so it is no longer one to choose from.
    assert summary_errors(again) == [
        "Choose one of the meetings of the Customer Services Scrutiny Committee listed"
    ]
    assert third_report().count() == 1


def test_a_check_made_stale_by_a_change_is_refused_and_shown_afresh(officer_client, demo):
    checked = check(officer_client, demo, march_meeting(demo))
    owner_proposes_achieved(demo)  # the review changes while the officer reads the check
    with assert_database_unchanged():
        response = confirm(officer_client, checked)
    assert summary_errors(response) == [
        "The report has changed since you checked it: someone changed the review or the "
        "meeting meanwhile. Nothing was issued. Check the report as it is now before issuing it."
    ]
    assert words(page(response).xpath("//h1")[0]) == "Check your answers before issuing the report"
    # The page now shows the report as it stands; confirming that issues it.
    confirm(officer_client, response)
    assert third_report().get().snapshot["recommendations"][9]["status"] == "achieved"


def test_another_item_taking_the_next_number_makes_the_check_stale(officer_client, demo):
    meeting = march_meeting(demo)
    checked = check(officer_client, demo, meeting, item_number="")
    record.agenda_item_create(actor=None, meeting=meeting, number="99", title="Any other business")
    confirm(officer_client, checked)
    assert not third_report().exists()


def test_confirming_without_the_check_is_refused(officer_client, demo):
    url = reverse("staff:report-issue-check", args=[demo.slug])
    with assert_database_unchanged():
        response = officer_client.post(url, issue_answers(demo, march_meeting(demo)))
    assert summary_errors(response)[0].startswith("The report has changed since you checked it")


def test_a_check_page_for_a_refused_issue_goes_back_to_the_form(officer_client, demo):
    """The check page asks the service's rules again: a report dated after its meeting."""
    url = reverse("staff:report-issue-check", args=[demo.slug])
    answers = issue_answers(demo, march_meeting(demo), issued_on_month="4")
    with assert_database_unchanged():
        response = officer_client.get(url, answers)
    assert summary_errors(response)[0].startswith("A report goes to a meeting still to come")
    assert page(response).xpath("//main//form/@action") == [
        reverse("staff:report-issue", args=[demo.slug])
    ]


def test_the_message_says_it_is_public_when_the_agenda_is_and_the_rules_agree(officer_client, demo):
    meeting = record.meeting_update(
        actor=None,
        meeting=march_meeting(demo),
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(days=1),
    )
    checked = check(officer_client, demo, meeting)
    assert words(page(checked).xpath('//p[@id="check-public"]')[0]) == (
        "The agenda is published, so it will be public with item 8 as soon as it is issued."
    )
    response = confirm(officer_client, checked)
    assert banner(response).endswith("It is public now, with item 8 on the meeting page.")
    documents = third_report().get().item.documents.all()
    assert [rules.document_is_visible(AnonymousUser(), d) for d in documents] == [True, True]


def test_the_message_says_it_is_not_public_while_the_agenda_is_not_and_the_rules_agree(
    officer_client, demo
):
    confirm(officer_client, check(officer_client, demo, march_meeting(demo)))
    report = third_report().get()
    assert not rules.item_is_visible(AnonymousUser(), report.item)
    assert not any(
        rules.document_is_visible(AnonymousUser(), d) for d in report.item.documents.all()
    )
    # ... and it is public with its item once the clerk publishes the agenda, as promised.
    publication.agenda_publish(actor=None, meeting=report.meeting)
    report = third_report().get()
    assert rules.item_is_visible(AnonymousUser(), report.item)
    assert all(rules.document_is_visible(AnonymousUser(), d) for d in report.item.documents.all())


def test_the_check_says_when_a_scheduled_agenda_makes_it_public(officer_client, demo):
    moment = timezone.now() + dt.timedelta(days=3)
    meeting = record.meeting_update(
        actor=None, meeting=march_meeting(demo), expected_version=None, agenda_published_at=moment
    )
    checked = check(officer_client, demo, meeting)
    local = timezone.localtime(moment)
    assert words(page(checked).xpath('//p[@id="check-public"]')[0]) == (
        f"It will be public with item 8 when the agenda is published, at "
        f"{local:%-H:%M} on {local.day} {local:%B %Y}."
    )


# Drafts say DRAFT; what is issued does not ---------------------------------------------------


def pdf_pages(content: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages]


def test_the_draft_pdf_download_says_draft_on_every_page(officer_client, demo):
    url = reverse("staff:report-draft-download", args=[demo.slug, "pdf"])
    texts = pdf_pages(officer_client.get(url).content)
    assert len(texts) > 1
    assert all("DRAFT" in text for text in texts)


def test_the_draft_preview_opens_with_the_draft_banner(officer_client, demo):
    html = page(officer_client.get(reverse("staff:report-draft", args=[demo.slug])))
    assert words(html.xpath('//div[@class="draft-banner"]//strong')[0]) == "DRAFT"


def test_the_issued_report_and_its_filed_pdf_carry_no_draft_mark(officer_client, demo):
    confirm(officer_client, check(officer_client, demo, march_meeting(demo)))
    report = third_report().get()
    html = officer_client.get(reverse("staff:report", args=[demo.slug, 3])).content.decode()
    assert "DRAFT" not in html
    pdf = report.item.documents.get(file_format="PDF")
    with pdf.file.open("rb") as handle:
        texts = pdf_pages(handle.read())
    assert texts and not any("DRAFT" in text for text in texts)
