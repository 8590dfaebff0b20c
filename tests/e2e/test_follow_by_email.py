"""Following by email in a browser: the form on a public page, its error, the "check your
email" page, the confirmation page and its panel, and the unsubscribe page, each checked
with axe at desktop and phone widths."""

import re

import pytest
from django.core import mail

from scrutiny.alerts.models import Follow, Subscriber
from tests.e2e.navigation import follow
from tests.factories import make_committee, make_recommendation, make_review

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def link(body: str, path: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"[^\s]+)", body)
    assert match, body
    return match.group(1)


def check(page, axe_check, screenshot, name: str) -> None:
    axe_check(page)
    screenshot(page, f"follow-{name}-desktop")
    page.set_viewport_size(PHONE)
    axe_check(page)
    screenshot(page, f"follow-{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_following_a_committee_by_email(live_server, page, axe_check, screenshot, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    committee = make_committee("Place Scrutiny Committee")
    make_recommendation(make_review(committee, title="Bus shelters"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/committees/{committee.slug}/")
    form = page.locator("section.app-follow")
    assert form.get_by_role("heading", name="Get emails about this").is_visible()
    check(page, axe_check, screenshot, "committee-page")

    page.get_by_label("Email address").fill("not an address")
    follow(page.get_by_role("button", name="Get emails"))
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Enter an email address in the correct format" in summary.inner_text()
    check(page, axe_check, screenshot, "error")

    page.get_by_label("Email address").fill("reader@example.org")
    follow(page.get_by_role("button", name="Get emails"))
    assert page.locator("h1").inner_text() == "Check your email"
    check(page, axe_check, screenshot, "sent")
    assert Subscriber.objects.count() == 0

    [confirmation] = mail.outbox
    page.goto(live_server.url + link(confirmation.body, "/alerts/confirm/"))
    assert "Confirm you want emails" in page.locator("h1").inner_text()
    check(page, axe_check, screenshot, "confirm")
    assert Follow.objects.count() == 0
    follow(page.get_by_role("button", name="Confirm"))
    panel = page.locator(".govuk-panel--confirmation")
    assert "You will get emails about Place Scrutiny Committee" in panel.inner_text()
    check(page, axe_check, screenshot, "confirmed")
    assert Follow.objects.get().committee == committee

    page.goto(f"{live_server.url}/alerts/unsubscribe/{Subscriber.objects.get().token}/")
    assert "Place Scrutiny Committee" in page.locator("main").inner_text()
    check(page, axe_check, screenshot, "unsubscribe")
    follow(page.get_by_role("button", name="Stop all these emails"))
    assert "You will get no more emails" in page.locator("h1").inner_text()
    check(page, axe_check, screenshot, "unsubscribed")
    assert Subscriber.objects.count() == 0
