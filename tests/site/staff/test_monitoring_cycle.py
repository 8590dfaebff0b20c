"""The monitoring cycle in the staff workspace: the reports issued and the draft of the
next, issuing it to a meeting, reissuing it, and recording the committee's decisions."""

import datetime as dt
import io
import re

import docx
import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Document, Meeting
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import MonitoringReport
from scrutiny.reviews.selectors import review_next_report, review_progress_summary
from tests.factories import make_committee, make_meeting, make_officer
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import (
    assert_refused,
    banner,
    date_data,
    page,
    rec,
    summary_errors,
)

pytestmark = pytest.mark.django_db

# The four extended targets (the latest 31 March 2025) have passed, so they are overdue.
SUMMARY_NOW = (
    "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended; 4 overdue"
)
TITLE = "Review of Members ICT & Support and ICT Service Delivery"


def words(text) -> str:
    """Text as read: an element's pieces (split by <br> and tags) joined by spaces."""
    if not isinstance(text, str):
        text = " ".join(text.itertext())
    return " ".join(text.split())


def march_meeting(review) -> Meeting:
    return Meeting.objects.get(committee=review.committee, starts_at__date=dt.date(2025, 3, 17))


def user(username: str):
    return get_user_model().objects.get(username=username)


def issue_answers(review, meeting, **changes) -> dict:
    data = {"meeting": meeting.pk, **date_data("issued_on", dt.date(2025, 3, 5))}
    return data | {"item_number": "8"} | changes


def check(client, review, meeting, **changes):
    """Step one: the form, which goes on to the check page (writing nothing)."""
    url = reverse("staff:report-issue", args=[review.slug])
    return client.post(url, issue_answers(review, meeting, **changes), follow=True)


def confirm(client, check_page):
    """Step two: confirm what the check page shows, as its button does."""
    html = page(check_page)
    form = html.xpath('//form[.//input[@name="checked"]]')[0]
    values = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    return client.post(check_page.request["PATH_INFO"], values, follow=True)


def issue(client, review, meeting, **changes):
    """Both steps, as an officer issues a report: fill in the form, confirm the check."""
    checked = check(client, review, meeting, **changes)
    if checked.status_code != 200 or not checked.redirect_chain:
        return checked  # refused or stopped at the form
    return confirm(client, checked)


def owner_proposes_achieved(review, number: int = 10) -> None:
    recommendation = rec(review, number)
    reviews.progress_update_post(
        actor=user("owner"),
        recommendation=recommendation,
        author=recommendation.owner,
        as_of=dt.date(2025, 2, 28),
        proposed_status="achieved",
        narrative="The distribution board was replaced in the winter recess.",
    )


def clerk_records_resolution(report: MonitoringReport):
    return record.resolution_record(
        actor=user("clerk"),
        item=report.item,
        parts=["Members note the progress against the review recommendations;"],
    )


def form_values(response) -> dict[str, str]:
    """What the form would send as it stands: checked radios and selected options."""
    html = page(response)
    values = {}
    for radio in html.xpath('//input[@type="radio"][@checked]'):
        values[radio.get("name")] = radio.get("value")
    for select in html.xpath("//select"):
        chosen = select.xpath("./option[@selected]") or select.xpath("./option")[:1]
        values[select.get("name")] = chosen[0].get("value")
    return values


# The review page -------------------------------------------------------------------------


def test_review_page_lists_the_reports_issued_and_the_draft(officer_client, demo):
    response = officer_client.get(reverse("staff:review", args=[demo.slug]))
    html = page(response)
    rows = html.xpath('//table[@id="issued-reports"]/tbody/tr')
    assert [words(r.xpath("./td")[0]) for r in rows] == [
        "First Interim Report Version 1",
        "Second Interim Report Version 1",
    ]
    cells = [words(c.text_content()) for c in rows[1].xpath("./td")]
    assert cells[1:4] == ["16 September 2024, item 27", "5 September 2024", "16 March 2025"]
    assert words(html.xpath('//p[@id="next-report"]')[0].text_content()) == (
        "The next report is due 16 March 2025, at the meeting of 17 March 2025."
    )
    assert words(html.xpath('//h3[@id="draft"]')[0]) == (
        "Draft of the next report: the Third Interim Report"
    )
    links = html.xpath('//h3[@id="draft"]/following-sibling::ul[1]//a/@href')
    assert links == [
        reverse("staff:report-draft", args=[demo.slug]),
        reverse("staff:report-draft-download", args=[demo.slug, "docx"]),
        reverse("staff:report-draft-download", args=[demo.slug, "pdf"]),
    ]
    # The clerk recorded the committee's resolution on item 27: decisions can be recorded.
    assert html.xpath('//a[starts-with(normalize-space(), "Record the committee")]/@href') == [
        reverse("staff:report-decisions", args=[demo.slug, 2])
    ]


def test_a_councillor_sees_the_reports_but_no_draft_or_forms(councillor_client, demo):
    html = page(councillor_client.get(reverse("staff:review", args=[demo.slug])))
    assert len(html.xpath('//table[@id="issued-reports"]/tbody/tr')) == 2
    assert not html.xpath('//h3[@id="draft"]')
    assert not html.xpath('//a[contains(@href, "/reports/issue/")]')
    response = councillor_client.get(reverse("staff:report", args=[demo.slug, 2]))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["owner_client", "clerk_client", "councillor_client"])
def test_only_scrutiny_officers_issue_reissue_decide_or_draft(request, demo, who):
    client = request.getfixturevalue(who)
    meeting = march_meeting(demo)
    urls = [
        reverse("staff:report-issue", args=[demo.slug]),
        reverse("staff:report-issue-check", args=[demo.slug]),
        reverse("staff:report-reissue", args=[demo.slug, 2]),
        reverse("staff:report-reissue-check", args=[demo.slug, 2]),
        reverse("staff:report-decisions", args=[demo.slug, 2]),
        reverse("staff:report-draft", args=[demo.slug]),
        reverse("staff:report-draft-download", args=[demo.slug, "pdf"]),
    ]
    with assert_database_unchanged():
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert issue(client, demo, meeting).status_code == 403
    assert not MonitoringReport.objects.filter(sequence=3).exists()


def test_a_committee_officer_cannot_touch_another_committees_review(demo, client):
    """A committee's own scrutiny officer manages that committee's reviews only: 404."""
    person = make_officer("Other Officer")
    person.user = get_user_model().objects.create_user("other.officer", password="pw")
    person.save()
    other = make_committee()
    other.scrutiny_officer = person
    other.save()
    client.force_login(person.user)
    with assert_database_unchanged():
        response = issue(client, demo, march_meeting(demo))
    assert response.status_code == 404


# Issuing -----------------------------------------------------------------------------------


def test_the_form_offers_the_meetings_after_the_last_report_and_picks_the_due_one(
    officer_client, demo
):
    response = officer_client.get(reverse("staff:report-issue", args=[demo.slug]))
    html = page(response)
    labels = [
        words(label.text_content())
        for label in html.xpath('//label[@for][contains(@for, "id_meeting")]')
    ]
    assert labels == [
        "18 November 2024, 18:00, Council Chamber, Civic Centre",
        "20 January 2025, 18:00, Council Chamber, Civic Centre",
        "17 March 2025, 18:00, Council Chamber, Civic Centre",
        "16 June 2025, 18:00, Council Chamber, Civic Centre",
    ]
    assert form_values(response)["meeting"] == str(march_meeting(demo).pk)
    today = timezone.localdate()
    assert html.xpath('//input[@name="issued_on_year"]/@value') == [str(today.year)]


def test_officer_issues_the_third_report_to_a_meeting(officer_client, demo):
    meeting = march_meeting(demo)
    response = issue(officer_client, demo, meeting)
    report = MonitoringReport.objects.get(review=demo, sequence=3)
    title = f"{TITLE}: Third Interim Report (Post-Scrutiny Monitoring Update)"
    assert banner(response) == (
        f"The Third Interim Report is issued to the meeting on 17 March 2025 as item 8, "
        f"“{title}”, and filed with it as PDF and DOCX documents. It is not public yet: the "
        "agenda is not published. It will be public with item 8 when the clerk publishes the "
        "agenda."
    )
    assert response.redirect_chain[-1][0].endswith("#monitoring")
    item = report.item
    assert (item.meeting, item.number, item.issue) == (meeting, "8", demo.issue)
    documents = list(item.documents.order_by("file_format"))
    assert [(d.title, d.file_format) for d in documents] == [(title, "DOCX"), (title, "PDF")]
    # The review page links the filed documents, which staff can download.
    html = page(response)
    row = html.xpath('//table[@id="issued-reports"]/tbody/tr')[-1]
    hrefs = row.xpath(".//a/@href")
    assert reverse("staff:document-file", args=[documents[1].pk]) in hrefs
    download = officer_client.get(reverse("staff:document-file", args=[documents[1].pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # It goes to the meeting that was chosen; the next one falls due six months on.
    assert report.next_due_on == dt.date(2025, 9, 17)


def test_issuing_to_another_committees_meeting_is_refused(officer_client, demo):
    elsewhere = make_meeting(make_committee("Audit Committee"), dt.date(2025, 3, 20))
    with assert_database_unchanged():
        response = issue(officer_client, demo, elsewhere)
    assert_refused(
        response,
        "Choose one of the meetings of the Customer Services Scrutiny Committee listed",
        "id_meeting",
    )


def test_the_services_refusal_lands_on_the_form(officer_client, demo):
    """A review with nothing to report on is refused by the service, not the form."""
    empty = reviews.review_create(actor=None, committee=demo.committee, title="Bins")
    with assert_database_unchanged():
        response = issue(officer_client, empty, march_meeting(demo))
    assert summary_errors(response) == ["The review has no recommendations to report on."]


# Reissuing ---------------------------------------------------------------------------------


def test_a_reissue_needs_a_reason(officer_client, demo):
    url = reverse("staff:report-reissue", args=[demo.slug, 2])
    data = {"reason": "   ", **date_data("issued_on", dt.date(2024, 9, 9))}
    with assert_database_unchanged():
        response = officer_client.post(url, data)
    assert_refused(response, "Say why the report is reissued.", "id_reason")


def test_officer_reissues_the_latest_report(officer_client, demo):
    url = reverse("staff:report-reissue", args=[demo.slug, 2])
    data = {
        "reason": "Recommendation 12's target date was wrong.",
        **date_data("issued_on", dt.date(2024, 9, 9)),
    }
    checked = officer_client.post(url, data, follow=True)
    assert not MonitoringReport.objects.filter(review=demo, sequence=2, version=2).exists()
    assert page(checked).xpath("//h1")[0].text_content() == (
        "Check your answers before reissuing the report"
    )
    response = confirm(officer_client, checked)
    new = MonitoringReport.objects.get(review=demo, sequence=2, version=2)
    assert banner(response) == (
        "The Second Interim Report is reissued as version 2 to the meeting on 16 September "
        f"2024 as item 27, “{new.item.title}”, and filed with it as PDF and DOCX documents. "
        "It is public now, with item 27 on the meeting page."
    )
    assert new.reissue_reason == "Recommendation 12's target date was wrong."
    filed = Document.objects.filter(item=new.item, title__endswith="(reissued, version 2)")
    assert sorted(filed.values_list("file_format", flat=True)) == ["DOCX", "PDF"]
    rows = page(response).xpath('//table[@id="issued-reports"]/tbody/tr')
    assert words(rows[-1].xpath("./td")[0]) == (
        "Second Interim Report Version 2: reissued because "
        "Recommendation 12's target date was wrong."
    )
    # An earlier report cannot be reissued from the review as it stands now.
    assert (
        officer_client.get(reverse("staff:report-reissue", args=[demo.slug, 1])).status_code == 404
    )


# The report itself, issued and draft ----------------------------------------------------


def test_the_issued_report_is_served_from_its_snapshot(officer_client, demo):
    response = officer_client.get(reverse("staff:report", args=[demo.slug, 1]))
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = page(response)
    assert html.xpath("/html/@lang") == ["en-GB"]
    assert "First Interim Report" in html.xpath("//h1")[0].text_content()
    assert officer_client.get(reverse("staff:report", args=[demo.slug, 9])).status_code == 404


def test_the_draft_previews_as_html(officer_client, demo):
    response = officer_client.get(reverse("staff:report-draft", args=[demo.slug]))
    html = page(response)
    assert "Third Interim Report" in html.xpath("//h1")[0].text_content()
    assert words(html.xpath('//p[@class="summary"]')[0].text_content()) == SUMMARY_NOW


def test_the_draft_downloads_as_a_real_word_document(officer_client, demo):
    url = reverse("staff:report-draft-download", args=[demo.slug, "docx"])
    response = officer_client.get(url)
    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert re.fullmatch(
        rf'attachment; filename="review-of-members-ict-support-and-ict-service-delivery-'
        rf'third-interim-report-draft-{today}\.docx"',
        disposition,
    ), disposition
    document = docx.Document(io.BytesIO(response.content))
    assert SUMMARY_NOW in [p.text for p in document.paragraphs]


def test_the_draft_downloads_as_a_real_pdf(officer_client, demo):
    response = officer_client.get(reverse("staff:report-draft-download", args=[demo.slug, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.pdf"')
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = words(" ".join(p.extract_text() for p in reader.pages))
    assert SUMMARY_NOW in text
    assert (
        officer_client.get(
            reverse("staff:report-draft-download", args=[demo.slug, "exe"])
        ).status_code
        == 404
    )


# Recording the committee's decisions ------------------------------------------------------


def issue_third_report_with_a_resolution(officer_client, demo):
    owner_proposes_achieved(demo)
    issue(officer_client, demo, march_meeting(demo))
    report = MonitoringReport.objects.get(review=demo, sequence=3)
    return report, clerk_records_resolution(report)


def test_decisions_wait_for_the_clerks_resolution(officer_client, demo):
    issue(officer_client, demo, march_meeting(demo))
    url = reverse("staff:report-decisions", args=[demo.slug, 3])
    assert officer_client.get(url).status_code == 404
    html = page(officer_client.get(reverse("staff:review", args=[demo.slug])))
    assert words(html.xpath('//p[@id="decisions-waiting"]')[0].text_content()) == (
        "The committee's decisions on the Third Interim Report can be recorded once the "
        "clerk records its resolution on item 8 of the meeting of 17 March 2025."
    )


def test_members_agree_the_proposal_and_the_next_report_has_no_meeting(officer_client, demo):
    _report, resolution = issue_third_report_with_a_resolution(officer_client, demo)
    url = reverse("staff:report-decisions", args=[demo.slug, 3])
    form = officer_client.get(url)
    values = form_values(form)
    # Each open recommendation is filled in with the proposal or its status now.
    assert values == {
        "resolution": str(resolution.pk),
        "status_10": "achieved",
        "status_11": "extended",
        "status_12": "extended",
        "status_13": "extended",
    }
    response = officer_client.post(url, values, follow=True)
    assert banner(response) == (
        "The committee's decisions on the Third Interim Report are recorded: "
        "1 recommendation changed"
    )
    ten = rec(demo, 10)
    assert (ten.status.code, ten.closed_by, ten.proposed_status) == ("achieved", resolution, None)
    sentence = review_progress_summary(review=demo).sentence
    assert sentence.startswith("10 out of 13 recommendations achieved")
    assert sentence.endswith("; 3 extended; 3 overdue")
    next_report = review_next_report(review=demo)
    assert (next_report.due_on, next_report.meeting) == (dt.date(2025, 9, 17), None)
    assert words(page(response).xpath('//p[@id="next-report"]')[0].text_content()) == (
        "The next report is due 17 September 2025. No meeting scheduled on or after "
        "17 September 2025: ask the clerk to add one."
    )
    board = page(officer_client.get(reverse("staff:dashboard")))
    due = board.xpath('//h2[@id="reports-due"]/following-sibling::dl[1]')[0]
    assert words(due.text_content()) == (
        f"{TITLE} Due on or after 17 September 2025: no meeting scheduled"
    )


def test_a_position_given_after_the_meeting_is_not_put_as_agreed(officer_client, demo):
    issue_third_report_with_a_resolution(officer_client, demo)
    eleven = rec(demo, 11)
    reviews.progress_update_post(
        actor=user("owner"), recommendation=eleven, author=eleven.owner,
        as_of=dt.date(2025, 3, 20), proposed_status="slipped", narrative="Supplier delay.",
    )  # fmt: skip
    form = officer_client.get(reverse("staff:report-decisions", args=[demo.slug, 3]))
    assert form_values(form)["status_11"] == "extended"
    hint = words(page(form).xpath('//*[@id="id_status_11-hint"]')[0])
    assert hint == (
        "Status now: Extended. Service's position, 20 March 2025: Slipped. Given after the "
        "meeting: it waits for the next report."
    )


def test_members_vary_a_proposal(officer_client, demo):
    issue_third_report_with_a_resolution(officer_client, demo)
    url = reverse("staff:report-decisions", args=[demo.slug, 3])
    values = form_values(officer_client.get(url)) | {"status_10": "slipped"}
    response = officer_client.post(url, values, follow=True)
    assert banner(response).endswith("1 recommendation changed")
    ten = rec(demo, 10)
    assert (ten.status.code, ten.closed_by, ten.proposed_status) == ("slipped", None, None)


def test_decisions_need_the_resolution(officer_client, demo):
    issue_third_report_with_a_resolution(officer_client, demo)
    report = MonitoringReport.objects.get(review=demo, sequence=3)
    record.resolution_record(actor=None, item=report.item, parts=["Also."])
    url = reverse("staff:report-decisions", args=[demo.slug, 3])
    values = form_values(officer_client.get(url))
    assert "resolution" not in values  # two resolutions: members must say which
    with assert_database_unchanged():
        response = officer_client.post(url, values)
    assert_refused(response, "Choose the resolution the committee made", "id_resolution")


def test_an_earlier_report_cannot_be_reissued(officer_client, demo):
    url = reverse("staff:report-reissue", args=[demo.slug, 1])
    assert officer_client.get(url).status_code == 404
    response = officer_client.post(url, {"reason": "A figure was wrong."})
    assert response.status_code == 404
    assert demo.monitoring_reports.filter(sequence=1).count() == 1
