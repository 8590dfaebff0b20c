"""Ending a sign-in wait early: a link emailed to the account's address (through a real
mail server on the loopback interface), single use and time-limited, asked for without
saying whether the account exists; or an administrator, audited."""

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.mail.utils import DNS_NAME
from django.test import Client
from django.urls import reverse

from scrutiny.core.models import AuditEvent
from scrutiny.people.device_cookies import cookie_name
from scrutiny.people.models import Person, UnlockLink
from tests.factories import make_user
from tests.site.staff.conftest import banner, inline_error, page

pytestmark = pytest.mark.django_db
SITE = "/accounts/login/"
ASK = "/accounts/unlock/"
START = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)
OFFICE = "192.0.2.9"


def at(**delta):
    return time_machine.travel(START + dt.timedelta(**delta), tick=False)


@pytest.fixture
def officer():
    user = make_user("jo.bennett", email="jo.bennett@council.example")
    user.groups.add(Group.objects.get(name="Scrutiny officer"))
    return user


def sign_in(client, username="jo.bennett", password="pw", address=OFFICE):
    return client.post(SITE, {"username": username, "password": password}, REMOTE_ADDR=address)


def guess_made_up_names(address=OFFICE, times=20):
    for n in range(times):
        sign_in(Client(), username=f"guess{n}", password="wrong", address=address)


def link_in(message) -> str:
    [url] = re.findall(r"http://testserver/accounts/unlock/\S+/", message.body)
    return url.removeprefix("http://testserver")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SCRUTINY_SITE_URL = "http://testserver"


def test_the_unlock_email_gets_a_new_browser_in_from_an_address_held_up_by_guessing(
    smtp_server, settings, officer
):
    """Twenty failures for made-up names from the office's address hold up a browser that
    has never signed in; the link emailed from the locked page lets it in."""
    browser = Client()
    with at():
        guess_made_up_names()
        locked = sign_in(browser)
        assert locked.status_code == 429
        [offer] = page(locked).xpath(f'//form[@action="{ASK}"]')
        username = offer.xpath('.//input[@name="username"]/@value')[0]
        asked = browser.post(ASK, {"username": username}, REMOTE_ADDR=OFFICE)
        assert asked.status_code == 302 and asked["Location"] == "/accounts/unlock/sent/"
        [message] = smtp_server.wait_for(1)
        assert message.recipients == ["jo.bennett@council.example"]
        assert message.mail_from == settings.DEFAULT_FROM_EMAIL
        assert (
            message.subject == "Unlock your sign-in to Example Borough Council's scrutiny tracker"
        )
        url = link_in(message)
        html = message.message.get_body(preferencelist=("html",)).get_content()
        assert f'href="http://testserver{url}"' in html

    with at(seconds=30):  # within the address's wait
        opened = browser.get(url)
        assert opened.status_code == 200
        assert page(opened).xpath('//button[normalize-space()="Unlock sign-in"]')
        unlocked = browser.post(url, REMOTE_ADDR=OFFICE)
        assert unlocked.status_code == 302 and unlocked["Location"] == SITE
        assert unlocked.cookies[cookie_name("jo.bennett")]["httponly"] is True
        assert banner(browser.get(SITE)) == "Sign in is unlocked. Sign in with your password."
        # The address is still held up for everyone else; this browser is known now.
        assert sign_in(Client()).status_code == 429
        assert sign_in(browser).status_code == 302


def test_the_email_is_about_signing_in_and_nothing_else(smtp_server, officer):
    with at():
        Client().post(ASK, {"username": "jo.bennett"})
        [message] = smtp_server.wait_for(1)
    url = link_in(message)
    assert message.body.replace("\r\n", "\n") == (
        "Someone asked for a link to unlock signing in as jo.bennett to Example Borough "
        "Council's scrutiny tracker, after too many attempts with the wrong password.\n\n"
        "To unlock it, follow this link within 60 minutes. It works once, and the browser you "
        "open it in will not be held up again by wrong passwords typed elsewhere:\n\n"
        f"http://testserver{url}\n\n"
        "If you did not ask for this, you need do nothing: your password has not changed, and "
        "nobody can sign in without it. If it keeps happening, tell your system "
        "administrator.\n\n"
        "Example Borough Council\n"
    )


def test_the_link_clears_the_accounts_failures_from_every_address(smtp_server, officer):
    with at():
        for n in range(10):
            sign_in(Client(), password="wrong", address=f"198.51.100.{n}")
        assert sign_in(Client(), address="203.0.113.1").status_code == 429
        Client().post(ASK, {"username": "Jo.Bennett "})
        url = link_in(smtp_server.wait_for(1)[0])
        assert Client().post(url).status_code == 302
        assert not AccessAttempt.objects.filter(username="jo.bennett").exists()
        # Any browser now, not only the one that followed the link.
        assert sign_in(Client(), address="203.0.113.1").status_code == 302
    event = AuditEvent.objects.get(action="user.sign_in_unlock")
    assert event.actor is None and event.object_id == str(officer.pk)
    assert event.before == {"sign_in_failures": 10}
    assert event.after == {
        "sign_in_failures": 0,
        "unlocked_by": "the link emailed to the account",
    }


def test_the_link_works_once(smtp_server, officer):
    with at():
        Client().post(ASK, {"username": "jo.bennett"})
        url = link_in(smtp_server.wait_for(1)[0])
        assert Client().get(url).status_code == 200  # opening it (a mail scanner) spends nothing
        assert Client().post(url).status_code == 302
        for method in (Client().get, Client().post):
            spent = method(url)
            assert spent.status_code == 404
            assert page(spent).xpath('//h1[normalize-space()="This link no longer works"]')
        assert AuditEvent.objects.filter(action="user.sign_in_unlock").count() == 1


def test_the_link_runs_out(smtp_server, officer):
    with at():
        Client().post(ASK, {"username": "jo.bennett"})
        url = link_in(smtp_server.wait_for(1)[0])
    with at(minutes=60, seconds=1):
        assert Client().get(url).status_code == 404
        assert Client().post(url).status_code == 404
    assert not AuditEvent.objects.filter(action="user.sign_in_unlock").exists()


def test_a_link_not_made_here_does_not_work(smtp_server, officer):
    with at():
        Client().post(ASK, {"username": "jo.bennett"})
        url = link_in(smtp_server.wait_for(1)[0])
        token = url.split("/")[-2]
        for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1", "sent-x"):
            assert Client().post(f"{ASK}{forged}/").status_code == 404
    assert not AuditEvent.objects.filter(action="user.sign_in_unlock").exists()


def test_the_answer_is_the_same_whether_or_not_the_account_exists(smtp_server, officer):
    """Nothing in the answer says whether there is such an account, or whether it has an
    address: the same redirect to the same page. Only the account's holder learns, by
    the email."""
    make_user("no.address")
    answers = []
    for username in ("nobody.here", "no.address", "jo.bennett"):
        client = Client()
        asked = client.post(ASK, {"username": username})
        sent = client.get(asked["Location"])
        answers.append((asked.status_code, asked["Location"], sent.status_code, sent.content))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][:3] == (302, "/accounts/unlock/sent/", 200)
    assert [m.recipients for m in smtp_server.messages] == [["jo.bennett@council.example"]]


def test_an_account_gets_at_most_one_email_every_five_minutes(smtp_server, officer):
    with at():
        for _ in range(3):
            Client().post(ASK, {"username": "jo.bennett"})
        smtp_server.wait_for(1)
    with at(minutes=5, seconds=1):
        Client().post(ASK, {"username": "jo.bennett"})
        assert len(smtp_server.wait_for(2)) == 2
    assert UnlockLink.objects.count() == 2


def test_the_link_goes_to_the_persons_address_when_the_sign_in_has_none(smtp_server):
    user = make_user("sam.clerk")
    Person.objects.create(
        kind=Person.Kind.OFFICER, name="Sam Clerk", email="sam@council.example", user=user
    )
    Client().post(ASK, {"username": "sam.clerk"})
    assert smtp_server.wait_for(1)[0].recipients == ["sam@council.example"]


def test_a_switched_off_account_gets_no_link(smtp_server, officer):
    officer.is_active = False
    officer.save()
    assert Client().post(ASK, {"username": "jo.bennett"}).status_code == 302
    assert smtp_server.messages == []


def test_a_mail_server_that_refuses_leaves_no_link_behind(settings, monkeypatch, officer):
    monkeypatch.setattr(DNS_NAME, "_fqdn", "localhost", raising=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert Client().post(ASK, {"username": "jo.bennett"}).status_code == 302
    assert not UnlockLink.objects.exists()  # so the next request may try again at once


def test_asking_without_a_username_says_what_is_missing():
    response = Client().post(ASK, {"username": "  "})
    assert response.status_code == 200
    assert inline_error(response, "id_username") == "Enter your username"


def test_an_administrator_unlocks_from_the_users_list_and_it_is_audited(officer):
    administrator = make_user("root.admin", is_staff=True, is_superuser=True)
    with at():
        for _ in range(5):
            sign_in(Client(), password="wrong", address="198.51.100.0")
        sign_in(Client(), username="someone.else", password="wrong", address="198.51.100.0")
        assert sign_in(Client(), address="198.51.100.0").status_code == 429
        admin = Client()
        admin.force_login(administrator)
        response = admin.post(
            reverse("admin:auth_user_changelist"),
            {"action": "unlock_sign_in", "_selected_action": [officer.pk]},
        )
        assert response.status_code == 302
        assert sign_in(Client(), address="198.51.100.0").status_code == 302
    # Other names' failures from the same address stay.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["someone.else"]
    event = AuditEvent.objects.get(action="user.sign_in_unlock")
    assert event.actor == administrator and event.object_id == str(officer.pk)
    assert event.before == {"sign_in_failures": 5}
    assert event.after == {"sign_in_failures": 0, "unlocked_by": "an administrator"}
