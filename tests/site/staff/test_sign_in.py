import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.site.staff.conftest import inline_error, page, summary_errors

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
START = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def officer():
    user = make_user("jo.bennett")
    user.groups.add(Group.objects.get(name="Scrutiny officer"))
    return user


def sign_in(client, username="jo.bennett", password="pw", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_sign_in_page_is_a_govuk_form(client):
    response = client.get(LOGIN)
    html = page(response)
    assert response.status_code == 200
    assert html.xpath('//h1[normalize-space()="Sign in"]')
    assert html.xpath('//input[@name="username" and contains(@class,"govuk-input")]')
    assert html.xpath('//input[@name="password" and @type="password"]')
    assert html.xpath('//input[@name="csrfmiddlewaretoken"]')


def test_signing_in_goes_to_the_workspace(client, officer):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")


def test_wrong_password_shows_the_error_summary(client, officer):
    response = sign_in(client, password="wrong")
    assert response.status_code == 200
    assert summary_errors(response) == [
        "Enter a correct username and password. Both are case-sensitive."
    ]


def test_missing_username_is_shown_inline(client):
    response = client.post(LOGIN, {"username": "", "password": "x"})
    assert inline_error(response, "id_username") == "Enter your username"


def test_five_failures_lock_sign_in_even_with_the_right_password(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, password="wrong")
        response = sign_in(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    [message] = summary_errors(response)
    assert message.startswith("Sign in is locked until 09:01 after too many attempts")


def test_sign_in_works_again_after_the_wait(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, password="wrong")
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        response = sign_in(client)
    assert response.status_code == 302


def test_the_workspace_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/staff/"


def test_an_old_session_is_refused(officer):
    client = Client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client).status_code == 302
        assert client.get("/staff/").status_code == 200
    later = START + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_post_without_the_csrf_token_is_refused(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("staff:review-create"), {"title": "No token"})
    assert response.status_code == 403


def test_sign_in_itself_needs_the_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client).status_code == 403


def test_sign_out_is_post_only(client, officer):
    client.force_login(officer)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
