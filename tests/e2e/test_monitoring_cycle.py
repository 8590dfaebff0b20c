"""The monitoring cycle in a real browser: the scrutiny officer downloads the draft (DRAFT
on every page), issues the third report to the meeting of 17 March 2025 through the
check page, reads it, and records what the committee decided."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from scrutiny.committees import services as record
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import MonitoringReport, Recommendation
from tests.e2e.navigation import follow
from tests.e2e.test_staff_workspace import SLUG, demo, sign_in  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def owner_proposes_achieved_on_10() -> None:
    rec = Recommendation.objects.get(review__slug=SLUG, number=10)
    reviews.progress_update_post(
        actor=get_user_model().objects.get(username="owner"),
        recommendation=rec,
        author=rec.owner,
        as_of=dt.date(2025, 2, 28),
        proposed_status="achieved",
        narrative="The distribution board was replaced in the winter recess.",
    )


def test_issue_read_and_decide(demo, live_server, page, axe_check, screenshot):  # noqa: F811
    owner_proposes_achieved_on_10()
    sign_in(page, live_server, "scrutiny.officer")
    review_url = f"{live_server.url}/staff/reviews/{SLUG}/"
    page.goto(review_url)
    section = page.locator("#issued-reports")
    assert section.locator("tbody tr").count() == 2
    page.locator("#monitoring").scroll_into_view_if_needed()
    screenshot(page, "staff-review-monitoring")
    axe_check(page)

    # The draft, downloaded as a PDF, says DRAFT on every page.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the draft as a PDF").click()
    with open(download.value.path(), "rb") as handle:
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages]
    assert len(pages) > 1
    assert all("DRAFT" in text for text in pages)

    # Issue the third report to the meeting it is due at.
    follow(page.get_by_role("link", name="Issue the report to a meeting"))
    assert page.get_by_label(re.compile("^17 March 2025")).is_checked()
    axe_check(page)
    assert "This issues the Third Interim Report" in page.locator("#main-content").inner_text()
    page.locator("#id_issued_on_day").fill("5")
    page.locator("#id_issued_on_month").fill("3")
    page.locator("#id_issued_on_year").fill("2025")
    page.get_by_label("Agenda item number (optional)").fill("8")
    screenshot(page, "staff-report-issue-form")
    follow(page.get_by_role("button", name="Continue"))

    # Check before issuing: where it goes, what it freezes, when the public reads it.
    assert page.locator("h1").inner_text() == "Check your answers before issuing the report"
    where = page.locator("#check-where").inner_text()
    assert "17 March 2025, 18:00" in where
    assert "Item 8: Review of Members ICT" in where
    assert (
        page.locator("#check-summary")
        .inner_text()
        .startswith("10 out of 13 recommendations achieved")
    )
    assert "the agenda is not published" in page.locator("#check-public").inner_text()
    assert not MonitoringReport.objects.filter(review__slug=SLUG, sequence=3).exists()
    screenshot(page, "staff-report-issue-check")
    axe_check(page)
    # Change the item number, come back, and the check shows it.
    follow(page.get_by_role("link", name="Change the agenda item number"))
    assert page.get_by_label("Agenda item number (optional)").input_value() == "8"
    page.get_by_label("Agenda item number (optional)").fill("8")
    follow(page.get_by_role("button", name="Continue"))
    follow(page.get_by_role("button", name="Issue the report"))
    banner = page.locator(".govuk-notification-banner--success").inner_text()
    assert "The Third Interim Report is issued to the meeting on 17 March 2025 as item 8" in banner
    assert "It is not public yet: the agenda is not published." in banner
    assert section.locator("tbody tr").count() == 3
    screenshot(page, "staff-report-issued")
    axe_check(page)
    assert page.locator("#decisions-waiting").is_visible()

    # Read it as the committee will.
    follow(page.get_by_role("link", name="Third Interim Report", exact=True))
    assert page.url == f"{review_url}reports/3/"
    assert "Third Interim Report" in page.locator("h1").inner_text()
    assert "5 March 2025" in page.locator("dl").inner_text()
    assert (
        page.locator("p.summary").inner_text().startswith("10 out of 13 recommendations achieved")
    )
    screenshot(page, "staff-report-html")
    axe_check(page)

    # The meeting: the clerk records the resolution on item 8.
    report = MonitoringReport.objects.get(review__slug=SLUG, sequence=3)
    record.resolution_record(
        actor=get_user_model().objects.get(username="clerk"),
        item=report.item,
        parts=["Members note the progress against the review recommendations;"],
    )

    # The officer records what members agreed: recommendation 10 achieved.
    page.goto(review_url)
    follow(page.get_by_role("link", name=re.compile("Record the committee's decisions")))
    assert page.locator("#id_status_10").input_value() == "achieved"
    axe_check(page)
    screenshot(page, "staff-decisions-form")
    follow(page.get_by_role("button", name="Record the decisions"))
    banner = page.locator(".govuk-notification-banner--success").inner_text()
    assert banner.endswith("1 recommendation changed")
    assert "; 3 extended" in page.locator("#agreed-summary").inner_text()
    assert page.locator("#next-report").inner_text() == (
        "The next report is due 17 September 2025. No meeting scheduled on or after "
        "17 September 2025: ask the clerk to add one."
    )
    screenshot(page, "staff-decisions-recorded")
    axe_check(page)

    page.goto(f"{live_server.url}/staff/")
    assert (
        "Due on or after 17 September 2025: no meeting scheduled"
        in page.locator("#reports-due + dl").inner_text()
    )
