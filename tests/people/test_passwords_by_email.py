"""Choosing a password by an emailed link, through a real mail server on the loopback
interface: the invitation a new account gets (from `manage.py create_account --invite`)
and the reset asked for from the sign-in page. A link works once and runs out; asking for
a reset answers the same whether or not an account has the address; the emails are about
signing in only."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from scrutiny.core.models import AuditEvent
from scrutiny.people.models import PasswordEmail
from tests.factories import make_user
from tests.site.staff.conftest import page, summary_errors

pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)
RESET = "/accounts/password/reset/"
NEW_PASSWORD = "amber-lantern-harbour-47"


def at(**delta):
    return time_machine.travel(START + dt.timedelta(**delta), tick=False)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SCRUTINY_SITE_URL = "http://testserver"


def link_in(message, kind: str) -> str:
    [url] = re.findall(rf"http://testserver(/accounts/password/{kind}/\S+/)", message.body)
    return url


def choose_password(client, url, password=NEW_PASSWORD, again=None):
    """Open the link (which moves to a page without the token) and send the form."""
    opened = client.get(url, follow=True)
    assert opened.status_code == 200
    return client.post(
        opened.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": again or password},
    )


def signs_in(username, password=NEW_PASSWORD) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def invite(username="jo.bennett", email="jo.bennett@council.example"):
    call_command(
        "create_account", "--username", username, "--email", email, "--role", "clerk", "--invite"
    )


def test_the_invitation_lets_the_new_account_choose_its_password_once(smtp_server, settings):
    with at():
        invite()
        [message] = smtp_server.wait_for(1)
    assert message.recipients == ["jo.bennett@council.example"]
    assert message.mail_from == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Your account on Example Borough Council's scrutiny tracker"
    url = link_in(message, "invitation")
    assert message.body.replace("\r\n", "\n") == (
        "An administrator has made you an account on Example Borough Council's scrutiny "
        "tracker. Your username is jo.bennett.\n\n"
        "To choose your password, follow this link within 7 days. It works once:\n\n"
        f"http://testserver{url}\n\n"
        "Nobody can sign in to the account until a password is chosen. If you were not "
        "expecting this, you need do nothing; you may want to tell your system "
        "administrator.\n\nExample Borough Council\n"
    )
    html = message.message.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://testserver{url}"' in html
    assert not signs_in("jo.bennett", "")

    browser = Client()
    with at(days=6):
        assert Client().get(url, follow=True).status_code == 200  # opening spends nothing
        weak = choose_password(browser, url, password="password")
        assert weak.status_code == 200
        assert "This password is too common." in summary_errors(weak)
        mismatch = choose_password(browser, url, again="something-else-entirely")
        assert "Enter the same password twice" in summary_errors(mismatch)
        done = choose_password(browser, url)
        assert done.status_code == 302 and done["Location"] == "/accounts/password/set/"
        assert signs_in("jo.bennett")
        spent = Client().get(url, follow=True)
        assert spent.status_code == 404
        assert page(spent).xpath('//h1[normalize-space()="This link no longer works"]')
    event = AuditEvent.objects.get(action="user.password_set")
    assert event.actor is None
    assert event.after == {"password": "(set)", "by": "invitation"}
    assert NEW_PASSWORD not in str(event.after)


def test_an_invitation_runs_out(smtp_server):
    with at():
        invite()
        url = link_in(smtp_server.wait_for(1)[0], "invitation")
    with at(days=7, minutes=1):
        assert Client().get(url, follow=True).status_code == 404


def test_an_invitation_to_an_account_switched_off_no_longer_works(smtp_server):
    with at():
        invite()
        url = link_in(smtp_server.wait_for(1)[0], "invitation")
        get_user_model().objects.filter(username="jo.bennett").update(is_active=False)
        assert Client().get(url, follow=True).status_code == 404


def test_a_reset_link_works_once_and_for_an_hour(smtp_server):
    user = make_user("jo.bennett", email="jo.bennett@council.example")
    elsewhere = Client()
    elsewhere.force_login(user)
    with at():
        asked = Client().post(RESET, {"email": "Jo.Bennett@council.example"})
        assert asked.status_code == 302 and asked["Location"] == "/accounts/password/reset/sent/"
        [message] = smtp_server.wait_for(1)
        assert message.recipients == ["jo.bennett@council.example"]
        assert message.subject == (
            "Reset your password for Example Borough Council's scrutiny tracker"
        )
        assert "follow this link within 60 minutes. It works once" in message.body
        url = link_in(message, "reset")
        # Not an invitation: the salts differ.
        invitation_url = url.replace("/reset/", "/invitation/")
        assert Client().get(invitation_url, follow=True).status_code == 404
    with at(minutes=59):
        assert choose_password(Client(), url).status_code == 302
        assert signs_in("jo.bennett") and not signs_in("jo.bennett", "pw")
        # A session signed in with the old password has ended.
        assert elsewhere.get("/staff/")["Location"].startswith("/accounts/login/")
        assert Client().get(url, follow=True).status_code == 404
    with at(minutes=10):
        Client().post(RESET, {"email": "jo.bennett@council.example"})
        url = link_in(smtp_server.wait_for(2)[1], "reset")
    with at(minutes=71):
        assert Client().get(url, follow=True).status_code == 404
    assert AuditEvent.objects.get(action="user.password_set").after["by"] == "password reset"


def test_asking_for_a_reset_says_nothing_of_whether_the_address_has_an_account(smtp_server):
    make_user("jo.bennett", email="jo.bennett@council.example")
    make_user("switched.off", email="off@council.example", is_active=False)
    answers = []
    with at():
        for email in (
            "jo.bennett@council.example",
            "nobody@council.example",
            "off@council.example",
        ):
            asked = Client().post(RESET, {"email": email})
            sent = Client().get(asked["Location"])
            answers.append((asked.status_code, asked["Location"], sent.content))
        assert len(set(answers)) == 1
        smtp_server.wait_for(1)
    assert [m.recipients for m in smtp_server.messages] == [["jo.bennett@council.example"]]
    assert b"If that address belongs to an account" in answers[0][2]


def test_an_account_gets_one_reset_email_every_five_minutes(smtp_server):
    make_user("jo.bennett", email="jo.bennett@council.example")
    with at():
        for _ in range(3):
            Client().post(RESET, {"email": "jo.bennett@council.example"})
        smtp_server.wait_for(1)
    with at(minutes=6):
        Client().post(RESET, {"email": "jo.bennett@council.example"})
        smtp_server.wait_for(2)
    assert len(smtp_server.messages) == 2
    assert PasswordEmail.objects.filter(kind="password-reset").count() == 2


def test_a_malformed_address_is_refused_with_its_reason():
    response = Client().post(RESET, {"email": "jo.bennett"})
    assert response.status_code == 200
    assert summary_errors(response) == ["Enter an email address like name@council.gov.uk"]


def test_the_sign_in_page_offers_a_reset():
    sign_in = page(Client().get("/accounts/login/"))
    [link] = sign_in.xpath('//a[normalize-space()="Forgotten your password?"]/@href')
    assert link == RESET
    assert Client().get(link).status_code == 200
