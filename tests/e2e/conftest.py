"""Browser tests: Chromium driven by Playwright against pytest-django's ``live_server``.

    @pytest.mark.e2e
    def test_something(live_server, page, axe_check, screenshot):
        page.goto(live_server.url + "/")
        screenshot(page, "home")
        axe_check(page)

Screenshots go to ``test-output/screenshots/``. Without Chromium at ``/usr/bin/chromium``
the browser tests are skipped, except on CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Page, sync_playwright

from scrutiny.people.roles import Role
from scrutiny.reviews.models import Status
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.e2e import axe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


# One browser for all the tests in this folder. Package scope, not session: the rest of
# the suite then runs without Playwright's event loop and with Django's async checks on.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; browser tests must run on CI", pytrace=False)
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop running in this thread, so Django
        # would refuse the tests' own database access. It is safe: the loop is
        # Playwright's, and no Django code runs on it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as ``test-output/screenshots/<name>.png`` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    return save_screenshot


@pytest.fixture
def axe_check() -> Callable[[Page], dict]:
    return axe.axe_check


@pytest.fixture(autouse=True)
def _data_from_migrations(transactional_db):
    """Browser tests run against a live server, so their database really commits and is
    flushed after each test; a flush (theirs, or another transactional test's) also
    empties what migrations installed. Each test here starts with it put back."""
    for role in Role:
        Group.objects.get_or_create(name=role.label)
    install_default_statuses(Status)
