import pytest
from django.urls import reverse

from scrutiny.core.security import HEADER as CSP_HEADER
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_as_plain_text_through_the_middleware(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    # The middleware stack ran (the security headers are there) and nothing may cache it.
    assert CSP_HEADER in response
    assert "no-store" in response["Cache-Control"]


def test_healthz_leaves_the_session_alone_even_when_signed_in(client, django_assert_num_queries):
    client.force_login(make_user("health.officer"))
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == 405
