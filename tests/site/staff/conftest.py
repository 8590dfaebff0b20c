import datetime as dt

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client

from scrutiny.reviews.models import Recommendation, Review

REVIEW_SLUG = "members-ict-support-and-ict-service-delivery"


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Review.objects.get(slug=REVIEW_SLUG)


def signed_in(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def officer_client(demo):
    return signed_in("scrutiny.officer")


@pytest.fixture
def owner_client(demo):
    return signed_in("owner")


@pytest.fixture
def clerk_client(demo):
    return signed_in("clerk")


@pytest.fixture
def councillor_client(demo):
    return signed_in("councillor")


def rec(review: Review, number: int) -> Recommendation:
    return review.recommendations.get(number=number)


def date_data(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(response.content.decode())


def summary_errors(response) -> list[str]:
    """The error summary's messages, as the user reads them."""
    return [
        " ".join(li.text_content().split())
        for li in page(response).xpath('//div[contains(@class,"govuk-error-summary")]//ul/li')
    ]


def inline_error(response, field_id: str) -> str:
    """The inline error message of one field (without the hidden "Error:" prefix)."""
    found = page(response).xpath(f'//p[@id="{field_id}-error"]')
    if not found:
        return ""
    return " ".join(found[0].text_content().replace("Error:", "", 1).split())


def banner(response) -> str:
    found = page(response).xpath('//p[@class="govuk-notification-banner__heading"]')
    return " ".join(found[0].text_content().split()) if found else ""


def assert_refused(response, message: str, field_id: str | None = None) -> None:
    """The form came back with the message in the error summary and, for a field, inline."""
    assert response.status_code == 200
    assert message in summary_errors(response), summary_errors(response)
    if field_id:
        assert inline_error(response, field_id) == message
        anchors = page(response).xpath('//div[contains(@class,"govuk-error-summary")]//a/@href')
        assert any(a.startswith(f"#{field_id}") for a in anchors), anchors
