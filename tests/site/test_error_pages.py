"""Error pages in the site's layout: 400, 403, 404, 500, a CSRF refusal, and 503 while the
database cannot be reached (then the site recovers by itself). The 500 and 503 pages need
no database."""

import re

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.middleware.common import CommonMiddleware
from django.test import Client

from scrutiny.site.errors import RETRY_AFTER_SECONDS
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_off(settings):
    """Each page as a live site renders it: with DEBUG on, Django shows its technical pages
    instead (the stack test, tests/stack, renders them under the production settings)."""
    settings.DEBUG = False


def heading(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def assert_in_site_layout(response, council_name: str) -> None:
    text = response.content.decode()
    assert 'class="govuk-header' in text and 'class="govuk-footer"' in text
    assert council_name in text
    assert "/static/site/app" in text


def failing_client() -> Client:
    return Client(raise_request_exception=False)


def test_a_missing_page_is_the_sites_404(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert_in_site_layout(response, settings.COUNCIL_NAME)


def test_a_refused_page_is_the_sites_403(settings):
    client = Client()
    client.force_login(make_user("no.role"))
    response = client.get("/staff/")
    assert response.status_code == 403
    assert_in_site_layout(response, settings.COUNCIL_NAME)


def test_an_unknown_host_is_the_sites_400(settings):
    response = failing_client().get("/", headers={"host": "elsewhere.example"})
    assert response.status_code == 400
    assert heading(response) == "Sorry, that request could not be understood"
    assert_in_site_layout(response, settings.COUNCIL_NAME)


def test_a_form_sent_without_its_csrf_token_is_the_sites_403(settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert heading(response) == "Your form could not be sent"
    assert_in_site_layout(response, settings.COUNCIL_NAME)


def test_a_failure_is_the_sites_500_with_its_reference_and_no_query(
    monkeypatch, settings, django_assert_num_queries
):
    def fail(self, request):
        raise RuntimeError("something broke")

    monkeypatch.setattr(CommonMiddleware, "process_request", fail)
    with django_assert_num_queries(0):
        response = failing_client().get("/", headers={"x-request-id": "a" * 32})
    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"
    assert "a" * 32 in response.content.decode()  # the reference to quote
    assert response["X-Request-ID"] == "a" * 32
    assert_in_site_layout(response, settings.COUNCIL_NAME)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_database_out_of_reach_is_a_503_until_it_is_back(monkeypatch, settings, error):
    client = failing_client()
    client.force_login(make_user("reader", is_superuser=True))

    def unreachable(*args, **kwargs):
        raise error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", unreachable)
        patched.setattr(CursorWrapper, "executemany", unreachable)
        for url in ("/", "/staff/", "/committees/"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
            assert heading(response) == "Sorry, the service is unavailable"
            assert_in_site_layout(response, settings.COUNCIL_NAME)
            assert "no-store" in response["Cache-Control"]

    assert client.get("/").status_code == 200  # back by itself, same session
    assert client.get("/staff/").status_code == 200
