"""The search page in a real browser with the demo council, on a phone (390 pixels) and a
desktop (1280): empty, with results and filters, with no results, and with filters it
cannot use. Each fits the window, axe finds no WCAG 2.2 A or AA problem, and a screenshot
of each is saved (test-output/screenshots/search-<state>-<width>.png)."""

from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse

from scrutiny.search.services import rebuild

pytestmark = pytest.mark.e2e

COMMITTEE = "customer-services-scrutiny-committee"
WIDTHS = (390, 1280)


@pytest.fixture
def demo(transactional_db, page):
    """The demo council and its search index, committed for the live server (loaded once
    the browser is running, on the connection the test itself uses)."""
    call_command("load_demo", verbosity=0)
    rebuild()


def _open(page, live_server, width: int, **query) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    address = live_server.url + reverse("site:search")
    if query:
        address += "?" + urlencode(query, doseq=True)
    response = page.goto(address)
    assert response is not None and response.status == 200, address


def _fits(page, name: str) -> None:
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{name} is {scroll_width}px wide in {client_width}px"


def _check(page, name: str, axe_check, screenshot) -> None:
    assert page.locator("h1").count() == 1, name
    _fits(page, name)
    screenshot(page, name)
    axe_check(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_page_in_each_state(demo, live_server, page, axe_check, screenshot, width):
    results = page.locator(".app-search-result")
    filters = page.locator("details.govuk-details")
    count = page.locator("#search-count")

    # Empty: the form, the filters folded away, no results and no count.
    _open(page, live_server, width)
    assert page.locator("#search-q").input_value() == ""
    assert filters.get_attribute("open") is None
    assert count.count() == 0 and results.count() == 0
    _check(page, f"search-empty-{width}", axe_check, screenshot)

    # Typed into the box and sent with the button, as a person would.
    page.fill("#search-q", "ICT")
    page.click("form[role=search] button:has-text('Search')")
    page.wait_for_url("**/search/?q=ICT*")
    everything = int(count.inner_text().split()[0])
    assert everything > 20  # more than a page: the pagination is shown
    assert page.locator(".govuk-pagination").count() == 1
    assert results.count() == 20
    assert results.locator("mark").first.inner_text() == "ICT"

    # With filters: fewer results, every one of the kinds asked for, the filters kept open
    # and filled in as asked.
    _open(page, live_server, width, q="ICT", committee=COMMITTEE, year="2023/24", kind="update")
    filtered = int(count.inner_text().split()[0])
    assert 0 < filtered < everything
    assert results.count() == filtered
    assert set(results.locator(".govuk-tag").all_inner_texts()) == {"Progress update"}
    assert filters.get_attribute("open") is not None
    assert page.locator("#search-committee").input_value() == COMMITTEE
    assert page.locator("#search-year").input_value() == "2023/24"
    assert page.locator("#search-kind-update").is_checked()
    assert not page.locator("#search-kind-document").is_checked()
    assert page.locator(".govuk-error-summary").count() == 0
    _check(page, f"search-results-{width}", axe_check, screenshot)

    # No results: said plainly, with what to try instead.
    _open(page, live_server, width, q="quokka")
    assert count.inner_text() == "No results for “quokka”"
    assert results.count() == 0
    assert page.get_by_text("Try fewer or different words").is_visible()
    _check(page, f"search-none-{width}", axe_check, screenshot)

    # Filters it cannot use: an error summary linking each field, the page's title
    # starting "Error:", each field marked; the words are still searched.
    _open(page, live_server, width, q="ICT", kind="nonsense", year="2024", **{"from": "31/2/2024"})
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error: ")
    links = summary.locator("a")
    assert sorted(links.evaluate_all("links => links.map(a => a.hash)")) == [
        "#search-from",
        "#search-kind",
        "#search-year",
    ]
    assert page.locator("#search-from").get_attribute("class").endswith("govuk-input--error")
    assert page.locator("#search-from").input_value() == "31/2/2024"
    for field in ("#search-from", "#search-year", "#search-kind"):
        described = page.locator(field).get_attribute("aria-describedby").split()
        assert any(page.locator(f"#{id}.govuk-error-message").count() for id in described), field
    assert page.locator(".govuk-form-group--error").count() == 3
    assert filters.get_attribute("open") is not None
    assert int(count.inner_text().split()[0]) == everything
    _check(page, f"search-invalid-{width}", axe_check, screenshot)
    summary.get_by_role("link", name="The start date must be a real date, like 27/3/2024").click()
    assert page.evaluate("() => document.activeElement.id") == "search-from"
