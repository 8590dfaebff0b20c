"""The accessibility statement page."""

import datetime

import pytest

from tests.site.conftest import css, parse


@pytest.fixture
def statement(client):
    def _get() -> str:
        response = client.get("/accessibility/")
        assert response.status_code == 200
        return response.content.decode()

    return _get


def test_statement_names_the_council_and_follows_the_model(statement, settings):
    html = statement()
    text = " ".join(css(parse(html), "main")[0].text_content().split())
    assert settings.COUNCIL_NAME in text
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website\u2019s accessibility",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in text, heading
    assert text.count("This accessibility statement applies to") == 1
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in text


def test_contact_details_and_dates_come_from_settings(statement, settings):
    settings.COUNCIL_ACCESSIBILITY_EMAIL = "access@testshire.gov.uk"
    settings.COUNCIL_ACCESSIBILITY_PHONE = "01234 567890"
    settings.ACCESSIBILITY_STATEMENT_PREPARED = "2025-03-27"
    settings.ACCESSIBILITY_LAST_TESTED = datetime.date(2025, 2, 1)
    html = statement()
    tree = parse(html)
    mailto = [a for a in css(tree, "a") if a.get("href") == "mailto:access@testshire.gov.uk"]
    assert len(mailto) == 2  # formats request, and reporting problems
    assert "call 01234 567890" in html
    assert "This statement was prepared on 27 March 2025." in html
    assert "This website was last tested on 1 February 2025" in html


def test_without_contact_settings_the_page_still_gives_a_route(statement, settings):
    for name in ("COUNCIL_ACCESSIBILITY_EMAIL", "COUNCIL_ACCESSIBILITY_PHONE"):
        if hasattr(settings, name):
            delattr(settings, name)
    html = statement()
    assert "mailto:" not in html
    assert f"Contact {settings.COUNCIL_NAME} using the contact details" in html


@pytest.mark.parametrize(
    ("status", "expected", "lists_problems"),
    [
        ("full", "This website is fully compliant", False),
        ("partial", "This website is partially compliant", True),
        ("not", "This website is not compliant", True),
        ("nonsense", "This website is partially compliant", True),
    ],
)
def test_compliance_status(statement, settings, status, expected, lists_problems):
    settings.ACCESSIBILITY_COMPLIANCE = status
    html = statement()
    assert expected in html
    assert ("Non-accessible content" in html) is lists_problems


def test_statement_has_breadcrumbs_and_one_h1(statement):
    tree = parse(statement())
    assert len(css(tree, "h1")) == 1
    assert css(tree, "nav.govuk-breadcrumbs a[href='/']")
