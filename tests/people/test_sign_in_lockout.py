"""One throttle for every sign-in path: the site's sign-in form and /admin/login/ count
failures together and refuse even the right password while a wait is in force. Waits grow
with further failures, and nobody can use them to hold up a real user on the browser they
sign in with (the device cookie)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client

from scrutiny.people.device_cookies import SALT, cookie_name
from tests.factories import make_user
from tests.site.staff.conftest import page, summary_errors

pytestmark = pytest.mark.django_db
SITE = "/accounts/login/"
ADMIN = "/admin/login/"
START = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)  # London time in February is UTC


def at(**delta):
    return time_machine.travel(START + dt.timedelta(**delta), tick=False)


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


def fail(times, username="jo.bennett", address="10.0.0.1", client=None):
    """Wrong passwords, each from a new browser unless one is given."""
    for _ in range(times):
        sign_in(client or Client(), SITE, username, password="wrong", address=address)


def known_browser(username="jo.bennett", address="10.0.0.1") -> Client:
    """A browser that has signed in as the user before (and signed out): it holds the device
    cookie."""
    client = Client()
    assert sign_in(client, SITE, username, address=address).status_code == 302
    client.post("/accounts/logout/")
    return client


def test_admin_login_refuses_the_right_password_after_five_failures(client, administrator):
    with at():
        for _ in range(5):
            sign_in(client, ADMIN, "root.admin", password="wrong")
        response = sign_in(client, ADMIN, "root.admin")
    assert response.status_code == 429
    assert not signed_in(client)
    assert b"Sign in is locked until 09:01 after too many attempts" in response.content
    assert b"Ask for the link at /accounts/unlock/." in response.content


def test_failures_on_the_site_hold_up_the_admin_login_too(client, administrator):
    with at():
        for _ in range(5):
            sign_in(client, SITE, "root.admin", password="wrong")
        response = sign_in(client, ADMIN, "root.admin")
    assert response.status_code == 429
    assert not signed_in(client)


def test_failures_on_the_admin_hold_up_the_site_sign_in_with_a_govuk_error(client, officer):
    with at():
        for _ in range(5):
            sign_in(client, ADMIN, "jo.bennett", password="wrong")
        response = sign_in(client, SITE, "jo.bennett")
    assert response.status_code == 429
    assert not signed_in(client)
    [message] = summary_errors(response)
    assert message == (
        "Sign in is locked until 09:01 after too many attempts with the wrong password. "
        "Each further wrong password makes the wait longer. To sign in sooner, ask for a "
        "link by email to unlock it. If you have forgotten your password, ask your system "
        "administrator to reset it."
    )
    [offer] = page(response).xpath('//form[@action="/accounts/unlock/"]')
    assert offer.xpath('.//input[@name="username"]/@value') == ["jo.bennett"]
    assert offer.xpath("normalize-space(.//button)") == "Email me a link to unlock"


def test_the_fifth_failure_says_so_itself(client, officer):
    with at():
        fail(4, client=client)
        response = sign_in(client, SITE, "jo.bennett", password="wrong")
    assert response.status_code == 429
    assert summary_errors(response)[0].startswith("Sign in is locked until 09:01")


def test_four_failures_do_not_hold_up(client, officer):
    with at():
        fail(4)
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_the_count_is_of_the_username_whatever_its_case(client, officer):
    with at():
        fail(5, username="Jo.Bennett ")
        assert sign_in(client, SITE, "jo.bennett").status_code == 429


def test_the_wait_grows_with_each_further_failure_up_to_an_hour(client, officer):
    """Five failures: a minute; each failure after a wait doubles it, to at most an hour.
    Each wait runs from the failure that started it, and ends exactly then."""
    with at():
        fail(5)
    started = dt.timedelta()
    for minutes in (1, 2, 4, 8, 16, 32, 60, 60):
        ends = started + dt.timedelta(minutes=minutes)
        with time_machine.travel(START + ends - dt.timedelta(seconds=1), tick=False):
            assert sign_in(Client(), SITE, "jo.bennett").status_code == 429, minutes
        started = ends + dt.timedelta(seconds=1)
        with time_machine.travel(START + started, tick=False):
            response = sign_in(Client(), SITE, "jo.bennett", password="wrong")
        assert response.status_code == 429, minutes  # this failure started the next wait
    with time_machine.travel(START + started + dt.timedelta(minutes=60), tick=False):
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_the_wait_ends_when_it_says(client, officer):
    with at(seconds=30):
        fail(5)
        response = sign_in(client, SITE, "jo.bennett")
    # The wait ends at 09:01:30, so "after 09:02" is the first whole minute that is true.
    assert summary_errors(response)[0].startswith("Sign in is locked until 09:02")
    with at(minutes=1, seconds=29):
        assert sign_in(client, SITE, "jo.bennett").status_code == 429
    with at(minutes=1, seconds=30):
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_trying_while_held_up_neither_counts_nor_extends_the_wait(client, officer):
    with at():
        fail(5)
    with at(seconds=50):
        assert sign_in(Client(), SITE, "jo.bennett", password="wrong").status_code == 429
    with at(minutes=1):
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, officer):
    with at():
        fail(4, client=client)
        assert sign_in(client, SITE, "jo.bennett").status_code == 302
        client.post("/accounts/logout/")
        fail(1)
        assert sign_in(Client(), SITE, "jo.bennett").status_code == 302


def test_failures_are_forgotten_a_day_after_the_last(client, officer):
    with at():
        fail(4)
    with at(hours=23, minutes=59):
        fail(1)
        assert sign_in(Client(), SITE, "jo.bennett").status_code == 429
    with at(hours=47, minutes=59, seconds=1):
        fail(4)
        assert sign_in(client, SITE, "jo.bennett").status_code == 302


def test_failures_from_one_address_do_not_stop_the_right_password_from_another(officer):
    """Someone guessing from one address holds up that address only, short of the limit for
    the username from every address."""
    with at():
        fail(5, address="203.0.113.7")
        assert sign_in(Client(), SITE, "jo.bennett", address="203.0.113.7").status_code == 429
        assert sign_in(Client(), SITE, "jo.bennett", address="10.0.0.1").status_code == 302


def test_nothing_tried_elsewhere_holds_up_a_browser_that_signed_in_before(officer):
    """The device cookie: failures from the same address, from other addresses, and for
    many other names from the same address (every limit passed) do not stop the user on
    the browser they signed in with before."""
    with at():
        usual = known_browser(address="10.0.0.1")
    with at(minutes=5):
        fail(5, address="10.0.0.1")
        for n in range(10):
            fail(1, address=f"198.51.100.{n}")
        for n in range(20):
            fail(1, username=f"made.up{n}", address="10.0.0.1")
        assert sign_in(Client(), SITE, "jo.bennett", address="10.0.0.1").status_code == 429
        assert sign_in(Client(), SITE, "jo.bennett", address="192.0.2.1").status_code == 429
        assert sign_in(usual, SITE, "jo.bennett", address="10.0.0.1").status_code == 302
        usual.post("/accounts/logout/")
        # On the move, at an address the browser has never used.
        assert sign_in(usual, SITE, "jo.bennett", address="192.0.2.1").status_code == 302


def test_a_known_browser_is_held_up_by_its_own_failures_only(officer):
    with at():
        usual = known_browser()
        fail(4, client=usual)
        response = sign_in(usual, SITE, "jo.bennett", password="wrong")
        assert response.status_code == 429
        assert sign_in(usual, SITE, "jo.bennett").status_code == 429
        # Another browser elsewhere is not held up by them.
        assert sign_in(Client(), SITE, "jo.bennett", address="192.0.2.1").status_code == 302
    with at(minutes=1):
        assert sign_in(usual, SITE, "jo.bennett").status_code == 302


def test_guessing_spread_over_addresses_holds_up_the_username_in_new_browsers(officer):
    with at():
        usual = known_browser()
        for n in range(10):
            fail(1, address=f"198.51.100.{n}")
        assert sign_in(Client(), SITE, "jo.bennett", address="192.0.2.1").status_code == 429
        assert sign_in(usual, SITE, "jo.bennett").status_code == 302


def test_guessing_made_up_names_holds_up_the_address_but_not_a_known_browser(officer):
    """Twenty failures for made-up names from one address: a browser that has signed in as
    the user before still gets in from there; a new one waits (see the unlock tests for how
    it gets in)."""
    with at():
        usual = known_browser(address="192.0.2.9")
        for n in range(20):
            fail(1, username=f"guess{n}", address="192.0.2.9")
        assert sign_in(Client(), SITE, "jo.bennett", address="192.0.2.9").status_code == 429
        assert sign_in(usual, SITE, "jo.bennett", address="192.0.2.9").status_code == 302


def test_one_address_is_held_up_only_at_its_own_higher_limit(client, settings, officer):
    """A council's offices often share one address: colleagues' mistakes must not hold
    everyone up at the username's limit, but guessing across many names is still stopped."""
    settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 8
    with at():
        for n in range(7):
            fail(1, username=f"guess{n}", address="192.0.2.9")
        assert sign_in(client, SITE, "jo.bennett", address="192.0.2.9").status_code == 302
        fail(1, username="guess7", address="192.0.2.9")
        assert sign_in(Client(), SITE, "jo.bennett", address="192.0.2.9").status_code == 429
        assert sign_in(Client(), SITE, "jo.bennett", address="192.0.2.10").status_code == 302


def test_a_forwarded_for_header_is_not_trusted(client, settings, officer):
    """An attacker cannot dodge the address limit by inventing X-Forwarded-For values."""
    settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    with at():
        for n in range(3):
            client.post(
                SITE,
                {"username": f"guess{n}", "password": "wrong"},
                REMOTE_ADDR="192.0.2.9",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )
        response = sign_in(client, SITE, "jo.bennett", address="192.0.2.9")
    assert response.status_code == 429


def test_the_device_cookie_is_signed_http_only_and_for_its_username_alone(officer):
    make_user("sam.other")
    with at():
        client = Client()
        response = sign_in(client, SITE, "jo.bennett")
        cookie = response.cookies[cookie_name("jo.bennett")]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert int(cookie["max-age"]) == 180 * 24 * 60 * 60
        held = signing.loads(cookie.value, salt=SALT)
        assert held["username"] == "jo.bennett" and len(held["device"]) >= 24
        # Jo's cookie under Sam's name, and a cookie whose signature does not match, are no
        # proof of anything: those browsers wait like any other.
        fail(5, username="sam.other")
        fail(5, username="jo.bennett")
        borrowed = Client()
        borrowed.cookies[cookie_name("sam.other")] = cookie.value
        assert sign_in(borrowed, SITE, "sam.other").status_code == 429
        forged = Client()
        forged.cookies[cookie_name("jo.bennett")] = cookie.value[:-2] + "xx"
        assert sign_in(forged, SITE, "jo.bennett").status_code == 429
        holder = Client()
        holder.cookies[cookie_name("jo.bennett")] = cookie.value
        assert sign_in(holder, SITE, "jo.bennett").status_code == 302


def test_the_device_cookie_runs_out(settings, officer):
    settings.SCRUTINY_SIGN_IN_DEVICE_COOKIE_DAYS = 30
    with at():
        usual = known_browser()
    with at(days=30, seconds=1):
        fail(5)
        assert sign_in(usual, SITE, "jo.bennett").status_code == 429


def test_a_lockout_met_elsewhere_gets_a_page_of_its_own(rf, officer):
    """Any other path through authenticate() that axes holds up gets a GOV.UK page saying
    so, with the offer of an unlock link."""
    from django.contrib.auth.models import AnonymousUser

    from scrutiny.site.staff.accounts import lockout_response

    with at():
        fail(5)
        request = rf.post("/elsewhere/", {"username": "jo.bennett"}, REMOTE_ADDR="10.0.0.1")
        request.user = AnonymousUser()
        response = lockout_response(request, None, {"username": "jo.bennett"})
    assert response.status_code == 429
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sign in is locked</h1>' in html
    assert "Sign in is locked until 09:01" in html
    assert '<input type="hidden" name="username" value="jo.bennett">' in html
