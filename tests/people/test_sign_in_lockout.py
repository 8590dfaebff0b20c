"""One lockout for every sign-in path: the site's sign-in form and /admin/login/ count
failures together and refuse even the right password while locked."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import make_user
from tests.site.staff.conftest import summary_errors

pytestmark = pytest.mark.django_db
SITE = "/accounts/login/"
ADMIN = "/admin/login/"
START = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def officer():
    user = make_user("jo.bennett")
    user.groups.add(Group.objects.get(name="Scrutiny officer"))
    return user


@pytest.fixture
def administrator():
    return make_user("root.admin", is_staff=True, is_superuser=True)


def sign_in(client, path, username, password="pw", address="10.0.0.1"):
    data = {"username": username, "password": password}
    if path == ADMIN:
        data["next"] = "/admin/"
    return client.post(path, data, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_refuses_the_right_password_after_five_failures(client, administrator):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, ADMIN, "root.admin", password="wrong")
        response = sign_in(client, ADMIN, "root.admin")
    assert response.status_code == 429
    assert not signed_in(client)
    assert b"Sign in is locked for 15 minutes" in response.content
    assert b"Try again after 09:15" in response.content  # London time in February is UTC


def test_failures_on_the_site_lock_the_admin_login_too(client, administrator):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, SITE, "root.admin", password="wrong")
        response = sign_in(client, ADMIN, "root.admin")
    assert response.status_code == 429
    assert not signed_in(client)


def test_failures_on_the_admin_lock_the_site_sign_in_with_a_govuk_error(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, ADMIN, "jo.bennett", password="wrong")
        response = sign_in(client, SITE, "jo.bennett")
    assert response.status_code == 429
    assert not signed_in(client)
    [message] = summary_errors(response)
    assert message.startswith("Sign in is locked for 15 minutes")
    assert "Try again after 09:15" in message


def test_four_failures_do_not_lock(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            sign_in(client, SITE, "jo.bennett", password="wrong")
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_the_lock_is_on_the_username_whatever_its_case_and_address(client, officer):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            sign_in(client, SITE, "Jo.Bennett", password="wrong", address=f"10.0.0.{n}")
        response = sign_in(client, SITE, "jo.bennett", address="10.0.9.9")
    assert response.status_code == 429


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, SITE, "jo.bennett", password="wrong")
    with time_machine.travel(START + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert sign_in(client, SITE, "jo.bennett").status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_trying_while_locked_does_not_extend_the_lock(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, SITE, "jo.bennett", password="wrong")
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        assert sign_in(client, SITE, "jo.bennett", password="wrong").status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, officer):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            sign_in(client, SITE, "jo.bennett", password="wrong")
        assert sign_in(client, SITE, "jo.bennett").status_code == 302
        client.post("/accounts/logout/")
        sign_in(client, SITE, "jo.bennett", password="wrong")
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_one_address_is_locked_only_at_its_own_higher_limit(client, settings, officer):
    """A council's offices often share one address: colleagues' mistakes must not lock
    everyone at the username's limit, but guessing across many names is still stopped."""
    settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 8
    with time_machine.travel(START, tick=False):
        for n in range(7):
            sign_in(client, SITE, f"guess{n}", password="wrong", address="192.0.2.9")
        assert sign_in(client, SITE, "jo.bennett", address="192.0.2.9").status_code == 302
        client.post("/accounts/logout/")
        sign_in(client, SITE, "guess7", password="wrong", address="192.0.2.9")
        assert sign_in(client, SITE, "jo.bennett", address="192.0.2.9").status_code == 429
        assert sign_in(client, SITE, "jo.bennett", address="192.0.2.10").status_code == 302


def test_a_forwarded_for_header_is_not_trusted(client, settings, officer):
    """An attacker cannot dodge the address limit by inventing X-Forwarded-For values."""
    settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    with time_machine.travel(START, tick=False):
        for n in range(3):
            client.post(
                SITE,
                {"username": f"guess{n}", "password": "wrong"},
                REMOTE_ADDR="192.0.2.9",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )
        response = sign_in(client, SITE, "jo.bennett", address="192.0.2.9")
    assert response.status_code == 429


def test_a_lockout_met_elsewhere_gets_a_page_of_its_own(rf, officer):
    """Any other path through authenticate() that axes locks gets a GOV.UK page saying so."""
    from django.contrib.auth.models import AnonymousUser

    from scrutiny.site.staff.accounts import lockout_response

    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(Client(), SITE, "jo.bennett", password="wrong")
        request = rf.post("/elsewhere/", {"username": "jo.bennett"}, REMOTE_ADDR="10.0.0.1")
        request.user = AnonymousUser()
        response = lockout_response(request, None, {"username": "jo.bennett"})
    assert response.status_code == 429
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sign in is locked</h1>' in html
    assert "Try again after 09:15" in html
