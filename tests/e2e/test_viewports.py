"""Every public page and the main staff pages at 320, 390, 768 and 1280 pixels wide: the
page is never wider than the window, axe finds no WCAG 2.2 A or AA problem, and a
screenshot of each is saved (test-output/screenshots/viewport-<page>-<width>.png). A long
review (many recommendations, long words and long updates) is added to the demo so that
anything that could push a page wider does. Then the review page printed to PDF: every
recommendation's status and latest update, and none of the website around it.

The data is built once for the module and served by a live server of the module's own,
so the pages are loaded, not the data, for each width."""

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from scrutiny.committees.models import AgendaItem, Meeting
from scrutiny.demo import facts as f
from scrutiny.people.models import Person
from scrutiny.people.roles import Role
from scrutiny.publishing.reviews import review_page
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Review, Status
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.e2e.conftest import SCREENSHOTS, save_screenshot

# Each test runs in a transaction rolled back at its end (nothing here writes); the
# module's data is committed before the first (`site`).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

WIDTHS = (320, 390, 768, 1280)
LONG_SLUG = "long-review"
LONG_WORD = "Supercalifragilisticexpialidocious-interdepartmental-arrangements"
LONG_ADDRESS = (
    "https://www.example-council.gov.uk/council-and-democracy/scrutiny/reviews/2024/annex-b"
)
# Each page: who looks at it (None: the public) and what it answers.
PAGES = {
    "home": (None, 200),
    "committees": (None, 200),
    "committee": (None, 200),
    "committee-actions": (None, 200),
    "reviews": (None, 200),
    "review": (None, 200),
    "long-review": (None, 200),
    "recommendation": (None, 200),
    "meeting": (None, 200),
    "meeting-register": (None, 200),
    "issue": (None, 200),
    "accessibility": (None, 200),
    "open-data": (None, 200),
    "search": (None, 200),
    "not-found": (None, 404),
    "dashboard": ("scrutiny.officer", 200),
    "staff-review": ("scrutiny.officer", 200),
    "staff-long-review": ("scrutiny.officer", 200),
    "owner-workspace": ("owner", 200),
    "owner-recommendation": ("owner", 200),
    "meetings": ("clerk", 200),
    "staff-meeting": ("clerk", 200),
    "report-preview": ("scrutiny.officer", 200),
    "report-check": ("scrutiny.officer", 200),
}


@pytest.fixture(autouse=True)
def _data_from_migrations():
    """The module's data is built once (`site` below), not put back for each test as the
    folder's conftest does: nothing here writes to the database."""


def _put_back_migrations_data() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.label)
    install_default_statuses(Status)


def _long_review() -> Review:
    """A review of 24 recommendations with long wording, owners, unbroken words, addresses
    and updates: what makes a page wider when it can be."""
    demo = Review.objects.get(slug=f.REVIEW_SLUG)
    review = reviews.review_create(
        actor=None,
        committee=demo.committee,
        title="Long review: " + " ".join(["arrangements for partnership working"] * 4),
        slug=LONG_SLUG,
        aim=f"To test every page with long words such as {LONG_WORD} and {LONG_ADDRESS}.",
        scope="Everything. " * 30,
    )
    owner = Person.objects.create(
        kind=Person.Kind.OFFICER,
        name="Alexandra Montgomery-Fitzwilliam-Richardson",
        job_title="Assistant Director of Strategic Partnerships and Commissioning",
    )
    statuses = ["on-track", "slipped", "achieved", "not-started"]
    for number in range(1, 25):
        rec = reviews.recommendation_create(
            actor=None,
            review=review,
            number=number,
            text=(
                f"That the Cabinet Member asks officers to report on {LONG_WORD} "
                f"(see {LONG_ADDRESS}) and " + "to consult every ward member widely " * 6
            ),
            agreed_on=dt.date(2023, 3, 13),
            original_target_date=dt.date(2024, 3, 31),
            owner=owner,
        )
        reviews.progress_update_post(
            actor=None,
            recommendation=rec,
            author=owner,
            as_of=dt.date(2024, 6, 1),
            proposed_status=statuses[number % len(statuses)],
            narrative=f"Update {number}: {LONG_WORD} " + "progress has been made " * 25,
        )
    return review


def _paths() -> dict[str, str]:
    item = AgendaItem.objects.select_related("meeting", "issue").get(number="27")
    committee = item.meeting.committee.slug
    registered = (
        Meeting.objects.filter(attendance__isnull=False).order_by("-starts_at").distinct().first()
    )
    owner = get_user_model().objects.get(username="owner").person
    owned = Review.objects.get(slug=f.REVIEW_SLUG).recommendations.filter(owner=owner).first()
    return {
        "home": reverse("site:home"),
        "committees": reverse("site:committee_list"),
        "committee": reverse("site:committee_detail", args=[committee]),
        "committee-actions": reverse("site:committee_actions", args=[committee]),
        "reviews": reverse("site:review_list"),
        "review": reverse("site:review_detail", args=[f.REVIEW_SLUG]),
        "long-review": reverse("site:review_detail", args=[LONG_SLUG]),
        "recommendation": reverse("site:recommendation_detail", args=[f.REVIEW_SLUG, 13]),
        "meeting": reverse("site:meeting_detail", args=[item.meeting.pk]),
        "meeting-register": reverse("site:meeting_detail", args=[registered.pk]),
        "issue": reverse("site:issue_detail", args=[item.issue.slug]),
        "accessibility": reverse("site:accessibility"),
        "open-data": reverse("site:open_data"),
        "search": reverse("site:search") + "?q=equipment",
        "not-found": "/no-such-page/",
        "dashboard": reverse("staff:dashboard"),
        "staff-review": reverse("staff:review", args=[f.REVIEW_SLUG]),
        "staff-long-review": reverse("staff:review", args=[LONG_SLUG]),
        "owner-workspace": reverse("staff:dashboard"),
        "owner-recommendation": reverse("staff:recommendation", args=[owned.pk]),
        "meetings": reverse("staff:meetings"),
        "staff-meeting": reverse("staff:meeting", args=[registered.pk]),
        "report-preview": reverse("staff:report-draft", args=[f.REVIEW_SLUG]),
        "report-check": reverse("staff:report-issue-check", args=[f.REVIEW_SLUG]),
    }


@dataclass
class Site:
    url: str
    paths: dict[str, str]
    sessions: dict[str, str]  # username -> session cookie


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, browser) -> Iterator[Site]:
    """The demo and the long review, committed once, served by a live server of the
    module's own; the database is flushed at the end (as a browser test's would be) and
    what migrations installed put back."""
    with django_db_blocker.unblock():
        server = None
        try:
            _put_back_migrations_data()
            call_command("load_demo", verbosity=0)
            _long_review()
            paths = _paths()
            sessions = {}
            for username in {who for who, _ in PAGES.values() if who}:
                client = Client()
                client.force_login(get_user_model().objects.get(username=username))
                sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            yield Site(url=server.url, paths=paths, sessions=sessions)
        finally:
            if server is not None:
                server._live_server_modified_settings.disable()
                server.stop()
            call_command("flush", interactive=False, verbosity=0)
            _put_back_migrations_data()


@contextmanager
def open_page(browser: Browser, site: Site, name: str, width: int) -> Iterator[Page]:
    username, status = PAGES[name]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="en-GB", timezone_id="Europe/London"
    )
    if username:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": site.sessions[username],
                    "url": site.url,
                }
            ]
        )
    page = context.new_page()
    try:
        response = page.goto(site.url + site.paths[name])
        assert response is not None and response.status == status, name
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_window(site, browser, axe_check, name, width):
    with open_page(browser, site, name, width) as page:
        save_screenshot(page, f"viewport-{name}-{width}")
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll_width <= client_width, f"{name} is {scroll_width}px wide at {width}px"
        if width < 769:
            # Below the desktop breakpoint no table hides columns in a sideways scroll.
            scrolling = page.evaluate(
                """() => [...document.querySelectorAll('.app-table-container, table')]
                    .filter((box) => box.scrollWidth > box.clientWidth + 1)
                    .map((box) => box.getAttribute('aria-label') || box.className)"""
            )
            assert scrolling == [], f"{name} at {width}px scrolls sideways: {scrolling}"
        axe_check(page)


@pytest.mark.parametrize("width", (320, 390))
def test_tracker_rows_are_summary_cards_on_a_phone(site, browser, width):
    with open_page(browser, site, "review", width) as page:
        rows = page.locator(".app-recommendations-table tbody tr")
        assert rows.count() == 13
        first = rows.first
        box = first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        # The title names the recommendation; status, RAG, dates and the latest update
        # are each a labelled line inside the window.
        assert (
            first.locator(".app-responsive-table__title")
            .inner_text()
            .startswith("Recommendation 1")
        )
        for label in ("Status", "RAG", "Original target", "Current target", "Latest update"):
            cell = first.locator(f'td[data-label="{label}"]')
            assert cell.is_visible(), label
            cell_box = cell.bounding_box()
            assert cell_box["x"] + cell_box["width"] <= width, label
            shown = page.evaluate(
                "(cell) => getComputedStyle(cell, '::before').content", cell.element_handle()
            )
            assert shown == f'"{label}"', label


def test_tracker_is_a_table_on_a_desktop(site, browser):
    with open_page(browser, site, "review", 1280) as page:
        headers = page.locator(".app-recommendations-table thead th")
        assert headers.first.is_visible()
        assert headers.count() == 9
        display = page.evaluate(
            "() => getComputedStyle(document.querySelector('.app-recommendations-table tr'))"
            ".display"
        )
        assert display == "table-row"


def pdf_text(pdf: bytes, name: str) -> str:
    """The PDF's text (pdftotext, in the order it was drawn), also kept with a PNG of its
    first page beside the screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(path)[:-4]],
            check=True,
        )
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is needed")
def test_review_page_printed(site, browser):
    review = Review.objects.get(slug=f.REVIEW_SLUG)
    rows = review_page(review=review).rows
    with open_page(browser, site, "review", 1280) as page:
        page.emulate_media(media="print")
        # Each recommendation's row is kept whole on a page.
        breaks = page.evaluate(
            """() => [...document.querySelectorAll('.app-recommendations-table tbody tr')]
                .map((row) => getComputedStyle(row).breakInside)"""
        )
        assert breaks == ["avoid"] * len(rows)
        text = pdf_text(page.pdf(format="A4", print_background=True), "print-review")
    flat = " ".join(text.split())
    # The council and the day it was printed; every column's heading.
    assert f"{settings.COUNCIL_NAME}. Printed on " in flat
    for heading in ("Original target", "Current target", "Status", "RAG", "Latest update"):
        assert heading in flat
    # Every recommendation's agreed status and latest update.
    for row in rows:
        rec = row.recommendation
        assert row.latest_update is not None
        start = " ".join(row.latest_update.narrative.split()[:6])
        assert start in flat, f"recommendation {rec.number}'s latest update"
        assert row.latest_update.as_of.strftime("%-d %B %Y") in flat
    # Cells print in the row's order, so each agreed status and RAG lies between the
    # previous row's latest update and this row's.
    after = flat.index(
        f"Recommendation {rows[0].recommendation.number}", flat.index("Key to the RAG colours")
    )
    for row in rows:
        rec = row.recommendation
        update_at = flat.index(" ".join(row.latest_update.narrative.split()[:6]), after)
        cells = flat[after:update_at]
        assert rec.status.label in cells, f"recommendation {rec.number}'s status"
        assert rec.status.get_rag_display() in cells, f"recommendation {rec.number}'s RAG"
        after = update_at
    # None of the website around the record, and no link addresses.
    for navigation in (
        "Sign in",
        "Skip to main content",
        "Accessibility statement",
        "Open data",
        "Menu",
    ):
        assert navigation not in flat, navigation
    assert "http" not in flat
    assert "(/" not in flat


def test_print_leaves_out_the_staff_navigation(site, browser):
    with open_page(browser, site, "staff-review", 1280) as page:
        page.emulate_media(media="print")
        text = pdf_text(page.pdf(format="A4"), "print-staff-review")
    flat = " ".join(text.split())
    for navigation in ("Sign out", "Workspace", "Skip to main content"):
        assert navigation not in flat, navigation
    assert "Printed on" in flat
