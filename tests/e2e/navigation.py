"""Clicks that load a new page.

Playwright's ``click()`` returns once the click is delivered, not when the page it leads
to has loaded; an assertion made straight after it may read the old page. ``follow``
clicks and waits for the new page's load event, so what comes next reads the new page.
"""

from playwright.sync_api import Locator


def follow(locator: Locator) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
