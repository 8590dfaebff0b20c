"""The staff workspace in a real browser: the scrutiny officer agrees an extension, the
owner posts an update with a PDF as evidence, and the review's figures change."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from pypdf import PdfWriter

from scrutiny.people.roles import Role
from scrutiny.reviews.models import Recommendation, Status
from scrutiny.reviews.selectors import review_progress_summary
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.e2e.navigation import follow

pytestmark = pytest.mark.e2e
SLUG = "members-ict-support-and-ict-service-delivery"
PASSWORD = "scrutiny-demo"


@pytest.fixture
def demo(transactional_db):
    # A transactional test's flush removes what migrations installed: put it back.
    install_default_statuses(Status)
    for role in Role:
        Group.objects.get_or_create(name=role.label)
    call_command("load_demo")


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/staff/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign in"))
    page.wait_for_url(live_server.url + "/staff/")


def sign_out(page):
    follow(page.get_by_role("button", name="Sign out"))


def small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_extension_then_update_then_new_figures(demo, live_server, page, axe_check, screenshot):
    page.goto(live_server.url + "/accounts/login/")
    axe_check(page)
    screenshot(page, "staff-sign-in")

    # (a) The scrutiny officer agrees an extension.
    sign_in(page, live_server, "scrutiny.officer")
    assert page.locator("h1").inner_text() == "What needs you"
    screenshot(page, "staff-dashboard-scrutiny-officer")
    axe_check(page)
    follow(page.locator("#main-content").get_by_role("link", name="Reviews", exact=True))
    follow(page.get_by_role("link", name=re.compile("Members ICT")).first)
    screenshot(page, "staff-review")
    axe_check(page)
    follow(page.locator("#recommendations").get_by_role("link").filter(has_text="extranet").first)
    follow(page.get_by_role("link", name="Agree an extension"))
    axe_check(page)
    follow(page.get_by_role("button", name="Agree extension"))  # empty: the errors show
    assert page.locator(".govuk-error-summary").is_visible()
    screenshot(page, "staff-extension-errors")
    axe_check(page)
    page.locator("#id_to_date_day").fill("30")
    page.locator("#id_to_date_month").fill("9")
    page.locator("#id_to_date_year").fill("2025")
    page.get_by_label("Reason for the extension").fill("The identity platform slipped again.")
    follow(page.get_by_role("button", name="Agree extension"))
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.inner_text().endswith("Recommendation 11 extended to 30 September 2025")
    assert page.locator("#current-target").inner_text() == "30 September 2025"
    screenshot(page, "staff-extension-agreed")
    sign_out(page)

    # (b) The owner posts an update on recommendation 12 with a PDF as evidence.
    sign_in(page, live_server, "owner")
    screenshot(page, "staff-dashboard-owner")
    axe_check(page)
    twelve = Recommendation.objects.get(review__slug=SLUG, number=12).short_text
    follow(page.get_by_role("link", name=f"Post an update on “{twelve}”"))
    axe_check(page)
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_label("What progress has been made").fill(
        "All meeting rooms now have the new equipment; sign-off sheet attached."
    )
    page.locator("#id_evidence_files").set_input_files(
        files=[{"name": "sign-off.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}]
    )
    screenshot(page, "staff-progress-update-form")
    follow(page.get_by_role("button", name="Post update"))
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.inner_text().endswith(
        f"Your update on “{twelve}” is posted and public as the service's position; "
        "the status the committee agreed stays until the committee agrees a new one"
    )
    assert page.get_by_role("link", name="sign-off").is_visible()
    screenshot(page, "staff-update-posted")

    # (c) The figures on the public review page: the committee has yet to agree, so the
    # agreed summary stands beside the services' new position, and the tables show the
    # new target date and the new update.
    sign_out(page)
    page.goto(f"{live_server.url}/reviews/{SLUG}/")
    review = Recommendation.objects.get(review__slug=SLUG, number=12).review
    reported = review_progress_summary(review=review, position="reported")
    assert (reported.achieved, reported.count("extended")) == (10, 3)
    assert reported.sentence in page.locator("#reported-summary").inner_text()
    agreed = review_progress_summary(review=review)
    assert agreed.sentence.startswith(
        "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended"
    )  # and, once their targets have passed, how many are overdue
    assert page.locator("#agreed-summary").inner_text() == f"{agreed.sentence}."
    body = page.locator("#main-content").inner_text()
    assert "30 September 2025" in body
    assert "All meeting rooms now have the new equipment" in body
    axe_check(page)
    screenshot(page, "public-review-new-figures")


def test_clerk_forms_are_accessible(demo, live_server, page, axe_check, screenshot):
    sign_in(page, live_server, "clerk")
    screenshot(page, "staff-dashboard-clerk")
    axe_check(page)
    follow(page.locator("#main-content").get_by_role("link", name="Meetings", exact=True))
    follow(page.get_by_role("link", name=re.compile("16 September 2024")).first)
    screenshot(page, "staff-meeting-signed")
    axe_check(page)
    page.goto(live_server.url + "/staff/meetings/")
    follow(page.get_by_role("link", name=re.compile("20 January 2025")).first)
    meeting_url = page.url
    follow(page.get_by_role("link", name="Add an agenda item"))
    axe_check(page)
    page.get_by_label("Exempt (Schedule 12A)").check()
    follow(page.get_by_role("button", name="Add item"))
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    screenshot(page, "staff-agenda-item-errors")
    page.get_by_label("Public", exact=True).check()
    page.get_by_label("Number").fill("5")
    page.get_by_label("Title").fill("Members ICT: update")
    follow(page.get_by_role("button", name="Add item"))
    assert "Item 5 added to the agenda" in page.locator(".govuk-notification-banner").inner_text()
    screenshot(page, "staff-meeting")
    axe_check(page)
    for link, name in [
        ("Motion on item 5", "staff-motion-form"),
        ("Resolution on item 5", "staff-resolution-form"),
        ("Visibility of item 5", "staff-visibility-form"),
        ("Document for item 5", "staff-document-form"),
        ("Minutes of item 5", "staff-minutes-form"),
        ("Declaration on item 5", "staff-declaration-form"),
        ("Record attendance", "staff-attendance-form"),
    ]:
        page.goto(meeting_url)
        follow(page.get_by_role("link", name=link))
        axe_check(page)
        screenshot(page, name)


def test_correction_and_timeline_forms_are_accessible(
    demo, live_server, page, axe_check, screenshot
):
    sign_in(page, live_server, "clerk")
    page.goto(live_server.url + "/staff/meetings/")
    follow(page.get_by_role("link", name=re.compile("16 September 2024")).first)
    follow(page.get_by_role("link", name="Record a correction"))
    follow(page.get_by_role("button", name="Record correction"))  # empty: the errors show
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page)
    screenshot(page, "staff-correction-errors")
    sign_out(page)
    sign_in(page, live_server, "scrutiny.officer")
    page.goto(f"{live_server.url}/staff/reviews/{SLUG}/")
    follow(page.get_by_role("link", name="Add to the timeline"))
    axe_check(page)
    screenshot(page, "staff-timeline-form")


def test_councillor_dashboard_is_accessible(demo, live_server, page, axe_check, screenshot):
    sign_in(page, live_server, "councillor")
    assert "9 out of 13 recommendations achieved" in page.locator("#main-content").inner_text()
    axe_check(page)
    screenshot(page, "staff-dashboard-councillor")
