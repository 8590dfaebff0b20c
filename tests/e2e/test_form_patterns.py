"""The staff forms' GOV.UK patterns in a real browser: the Schedule 12A fields revealed
under "Exempt" (and shown without JavaScript), a form with errors at a phone's width and
a desktop's, its summary's links moving to the fields."""

import re

import pytest
from django.core.management import call_command

from tests.e2e.navigation import follow
from tests.e2e.test_staff_workspace import sign_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo")


def add_item_page(page, live_server) -> str:
    sign_in(page, live_server, "clerk")
    page.goto(live_server.url + "/staff/meetings/")
    follow(page.get_by_role("link", name=re.compile("20 January 2025")).first)
    follow(page.get_by_role("link", name="Add an agenda item"))
    return page.url


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_form_with_errors(demo, live_server, page, axe_check, screenshot, width):
    if width == "phone":
        page.set_viewport_size(PHONE)
    add_item_page(page, live_server)
    paragraphs = page.get_by_label(re.compile("^1. Information relating to any individual"))
    assert not paragraphs.is_visible()
    page.get_by_label("Exempt (Schedule 12A)").check()
    assert paragraphs.is_visible()
    follow(page.get_by_role("button", name="Add item"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    texts = summary.locator("li").all_inner_texts()
    assert "Enter the item number" in texts and "Enter the item's title" in texts
    assert not any("required" in text for text in texts)
    # Exempt stays chosen, so its fields stay revealed.
    assert paragraphs.is_visible()
    width_px = page.evaluate("document.documentElement.scrollWidth")
    assert width_px <= page.evaluate("document.documentElement.clientWidth")
    axe_check(page)
    screenshot(page, f"staff-form-errors-{width}")
    summary.get_by_role("link", name="Enter the item's title").click()
    assert page.evaluate("document.activeElement.id") == "id_title"


def test_without_javascript_the_exempt_fields_show(demo, live_server, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "clerk")
        page.goto(live_server.url + "/staff/meetings/")
        follow(page.get_by_role("link", name=re.compile("20 January 2025")).first)
        follow(page.get_by_role("link", name="Add an agenda item"))
        assert page.get_by_label(
            re.compile("^1. Information relating to any individual")
        ).is_visible()
    finally:
        context.close()
