"""The minutes page and ModernGov import pages (upload, the job's pages, preview, result)
in a real browser, checked with axe."""

import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from scrutiny.people.roles import Role
from scrutiny.site import import_jobs
from tests.e2e.navigation import follow
from tests.factories import make_user
from tests.imports.conftest import FIXTURES

pytestmark = pytest.mark.e2e


@pytest.fixture
def clerk_page(transactional_db, live_server, page):
    user = make_user("clerk")
    # A transactional test empties the tables, groups made by migration included.
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK.label)[0])
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def test_minutes_page_upload_and_preview_are_accessible(
    clerk_page, live_server, axe_check, screenshot
):
    tab = clerk_page
    tab.goto(live_server.url + "/staff/imports/minutes/")
    screenshot(tab, "minutes-import-upload")
    axe_check(tab)

    follow(tab.get_by_role("button", name="Check the import"))
    assert tab.locator(".govuk-error-summary").is_visible()
    axe_check(tab)

    text = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")
    tab.get_by_label("Or paste the page's text").fill(text)
    follow(tab.get_by_role("button", name="Check the import"))
    assert tab.locator("h1").inner_text() == "Check the import"
    screenshot(tab, "minutes-import-preview")
    axe_check(tab)

    follow(tab.get_by_role("button", name="Import"))
    assert tab.locator(".govuk-panel__title").inner_text() == "Import complete"
    screenshot(tab, "minutes-import-done")
    axe_check(tab)


def test_minutes_job_pages_while_waiting_and_when_refused_are_accessible(
    clerk_page, live_server, axe_check, screenshot, settings, monkeypatch
):
    tab = clerk_page
    # The page must not reload itself under the checks below on a slow machine.
    monkeypatch.setattr(import_jobs, "REFRESH_SECONDS", 3600)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    tab.goto(live_server.url + "/staff/imports/minutes/")
    text = (FIXTURES / "issue_customer_services.txt").read_text(encoding="utf-8")
    tab.get_by_label("Or paste the page's text").fill(text)
    follow(tab.get_by_role("button", name="Check the import"))
    assert tab.locator("h1").inner_text() == "Checking the page"
    assert tab.locator('meta[http-equiv="refresh"]').count() == 1
    screenshot(tab, "minutes-import-waiting")
    # A page that refreshes itself must let the person turn that off before it happens
    # (WCAG 2.2.1): its first link does. axe flags every refresh, so that rule is checked
    # here by hand and the rest by axe, on the page as it refreshes and once turned off.
    first_link = tab.locator("main a").first
    assert first_link.inner_text() == "Stop updating this page"
    axe_check(tab, skip=("meta-refresh",))
    follow(first_link)
    assert tab.locator('meta[http-equiv="refresh"]').count() == 0
    assert tab.locator("h1").inner_text() == "Checking the page"
    axe_check(tab)

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    tab.goto(live_server.url + "/staff/imports/minutes/")
    tab.get_by_label("Or paste the page's text").fill("Issue - meetings\nNo meeting here")
    follow(tab.get_by_role("button", name="Check the import"))
    assert tab.locator("h1").inner_text() == "Nothing was imported"
    screenshot(tab, "minutes-import-refused")
    axe_check(tab)
    follow(tab.get_by_role("button", name="Correct the text and check it again"))
    assert tab.get_by_label("Or paste the page's text").input_value() == (
        "Issue - meetings\nNo meeting here"
    )


def test_moderngov_upload_and_preview_are_accessible(
    clerk_page, live_server, axe_check, screenshot, tmp_path
):
    tab = clerk_page
    tab.goto(live_server.url + "/staff/imports/moderngov/")
    screenshot(tab, "moderngov-import-upload")
    axe_check(tab)

    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    tab.get_by_label("Upload the saved answers").set_input_files(str(bad))
    follow(tab.get_by_role("button", name="Check the import"))
    summary = tab.locator(".govuk-error-summary")
    assert "this is not a ZIP file" in summary.inner_text()
    screenshot(tab, "moderngov-import-refused")
    axe_check(tab)

    answers = tmp_path / "answers.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((FIXTURES / "moderngov").glob("*.xml")):
            archive.writestr(path.name, path.read_bytes())
    answers.write_bytes(buffer.getvalue())
    tab.get_by_label("Upload the saved answers").set_input_files(str(answers))
    follow(tab.get_by_role("button", name="Check the import"))
    assert tab.locator("h1").inner_text() == "Check the import"
    assert "Telephony Contract Renewal" in tab.locator("table").nth(1).inner_text()
    screenshot(tab, "moderngov-import-preview")
    axe_check(tab)

    follow(tab.get_by_role("button", name="Import"))
    assert tab.locator(".govuk-panel__title").inner_text() == "Import complete"
    screenshot(tab, "moderngov-import-done")
    axe_check(tab)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_page_naming_no_meeting_is_given_one_and_its_warning_shown(
    clerk_page, live_server, axe_check, screenshot, width
):
    import datetime

    from django.utils import timezone

    from scrutiny.committees.models import Committee, Meeting

    committee = Committee.objects.create(name="Housing Scrutiny Committee", slug="housing")
    Meeting.objects.create(
        committee=committee,
        starts_at=timezone.make_aware(datetime.datetime(2024, 11, 5, 18, 0)),
        status=Meeting.Status.HELD,
    )
    tab = clerk_page
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(live_server.url + "/staff/imports/minutes/")
    text = (FIXTURES.parent / "pages" / "item_body_untitled.txt").read_text(encoding="utf-8")
    tab.get_by_label("Or paste the page's text").fill(text)
    tab.get_by_label("Which meeting it records").select_option(
        label="Housing Scrutiny Committee, 5 November 2024"
    )
    tab.get_by_label("Item number").fill("12")
    screenshot(tab, f"minutes-import-named-meeting-{width}")
    axe_check(tab)
    follow(tab.get_by_role("button", name="Check the import"))
    assert tab.locator("h1").inner_text() == "Check the import"
    assert "Untitled item 12" in tab.locator(".govuk-warning-text").first.inner_text()
    screenshot(tab, f"minutes-import-untitled-warning-{width}")
    axe_check(tab)
