"""A meeting page as staff see it (links to its review, "Not yet public" tags), the
import job's progress page and its done page, at desktop and phone widths, checked with
axe; the upload form's button is switched off once the form is sent."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from scrutiny.committees.models import Issue, Meeting
from scrutiny.imports.models import ImportJob
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Review
from tests.factories import make_committee, make_item, make_meeting, make_user
from tests.site.import_jobs import confirm, give
from tests.site.test_moderngov_imports import URL as MODERNGOV
from tests.site.test_moderngov_imports import answers, zip_of

pytestmark = pytest.mark.e2e
WIDTHS = (1280, 390)


@pytest.fixture
def clerk(transactional_db, live_server, page):
    user = make_user("clerk")
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK.label)[0])
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return user, client


def at_widths(page, url: str, name: str, screenshot, axe_check) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        screenshot(page, f"{name}-{width}")
        axe_check(page)


def test_a_meeting_page_as_staff(clerk, live_server, page, screenshot, axe_check):
    committee = make_committee("Growth Scrutiny Committee")
    issue = Issue.objects.create(title="Town centre growth", slug="town-centre-growth")
    Review.objects.create(
        title="Review of town centre growth", slug="growth", committee=committee, issue=issue
    )
    meeting = make_meeting(committee, dt.date(2024, 11, 18), venue="Council Chamber")
    make_item(meeting, "3", title="Town centre growth: progress", issue=issue, text="Update.")
    make_item(
        meeting, "4", title="Market hall lease", visibility="exempt", exempt_paragraphs=[3],
        public_interest_reason="Commercial terms.", text="Heads of terms.",
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=Meeting.MinutesStatus.DRAFT)
    url = f"{live_server.url}/meetings/{meeting.pk}/"
    at_widths(page, url, "meeting-as-staff", screenshot, axe_check)
    assert page.locator(".app-not-public").count() >= 3
    assert page.get_by_role("link", name="Review of town centre growth").count() == 2
    assert (
        page.get_by_role("link", name="Workspace").is_visible()
        or page.locator(".govuk-service-navigation__toggle").is_visible()
    )


def test_the_import_progress_page(clerk, live_server, page, screenshot, axe_check):
    user, _ = clerk
    now = timezone.now()
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.MODERNGOV,
        step=ImportJob.Step.IMPORT,
        state=ImportJob.State.RUNNING,
        owner=user,
        started_at=now,
        heartbeat_at=now,
        stage="Importing each meeting",
        steps_done=1200,
        steps_total=4000,
    )
    url = f"{live_server.url}/staff/imports/moderngov/jobs/{job.pk}/?updates=off"
    at_widths(page, url, "import-progress", screenshot, axe_check)
    bar = page.locator("progress.app-progress")
    assert bar.get_attribute("value") == "1200" and bar.get_attribute("max") == "4000"
    assert "1200 of 4000 meetings (30%)" in page.locator("main").inner_text()


def test_the_import_done_page(clerk, live_server, page, screenshot, axe_check):
    _, client = clerk
    confirm(client, MODERNGOV, give(client, MODERNGOV, {"saved": zip_of(answers())})[0])
    Meeting.objects.filter(source_id="4567").update(minutes_status=Meeting.MinutesStatus.SIGNED)
    files = {
        name: data.replace(b"Council Chamber", b"Committee Room 1")
        for name, data in answers().items()
    }
    response, _ = confirm(client, MODERNGOV, give(client, MODERNGOV, {"saved": zip_of(files)})[0])
    at_widths(page, live_server.url + response["Location"], "import-done", screenshot, axe_check)
    assert page.locator(".app-refused-meetings").inner_text().count("signed and locked") == 1
    assert page.locator(".app-imported-meetings a").count() == 1


def test_the_upload_button_is_switched_off_once_the_form_is_sent(clerk, live_server, page):
    page.goto(f"{live_server.url}/staff/imports/minutes/")
    # Keep the page where it is once the form is sent (as while a slow answer is awaited):
    # a listener after the page's own stops the navigation, not the page's listener.
    page.evaluate(
        "document.querySelector('form[data-app-submit-once]')"
        ".addEventListener('submit', (event) => event.preventDefault())"
    )
    page.get_by_label("Or paste the page's text").fill("Anything")
    button = page.get_by_role("button", name="Check the import")
    assert button.is_enabled()
    button.click()
    page.wait_for_function("document.querySelector('form[data-app-submit-once] button').disabled")
    assert button.is_disabled() and button.get_attribute("aria-disabled") == "true"
