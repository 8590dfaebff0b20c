"""The administrators' accounts pages: the list with roles, seats and state; an account
added with its person and seats and invited; changed; refused with the reason on the
field; switched off and on; its invitation sent again. Each goes through the service."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from scrutiny.committees.models import Membership
from scrutiny.core.models import AuditEvent
from tests.factories import make_committee, make_user
from tests.site.staff.conftest import assert_refused, banner, page, summary_errors

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client():
    admin = make_user("head.admin", email="head@council.example", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def committee():
    return make_committee("Overview Committee")


def account_data(committee, **changes):
    return {
        "username": "ann.lee",
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann.lee@council.example",
        "roles": ["councillor"],
        "person": "new-councillor",
        f"seat_{committee.pk}": "vice-chair",
        "invite": "on",
        **changes,
    }


def rows(response) -> list[list[str]]:
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        for row in page(response).xpath("//table//tbody/tr")
    ]


def row_of(response, username: str) -> list[str]:
    [row] = [row for row in rows(response) if row[0].split()[0] == username]
    return row


def test_an_administrator_adds_an_account_and_it_is_invited(admin_client, committee, smtp_server):
    form = admin_client.get("/staff/accounts/new/")
    assert form.status_code == 200
    assert page(form).xpath(f'//select[@name="seat_{committee.pk}"]')
    added = admin_client.post("/staff/accounts/new/", account_data(committee))
    assert added.status_code == 302 and added["Location"] == "/staff/accounts/"
    [message] = smtp_server.wait_for(1)
    assert message.recipients == ["ann.lee@council.example"]
    assert re.search(r"/accounts/password/invitation/\S+/\S+/", message.body)
    listed = admin_client.get("/staff/accounts/")
    assert banner(listed) == "Account ann.lee added."
    ann = row_of(listed, "ann.lee")
    assert ann[0] == ("ann.lee Ann Lee ann.lee@council.example Person: Councillor Ann Lee")
    assert ann[1:3] == ["Councillor", "Overview Committee (Vice-Chair)"]
    assert ann[3].startswith("No password yet") and "Invited " in ann[3]
    assert "Send the invitation again" in ann[4]
    user = User.objects.get(username="ann.lee")
    assert user.person.memberships.get().role == Membership.Role.VICE_CHAIR
    assert AuditEvent.objects.get(action="user.create").actor.username == "head.admin"


def test_an_account_is_changed_on_its_page(admin_client, committee):
    admin_client.post("/staff/accounts/new/", account_data(committee, invite=""))
    user = User.objects.get(username="ann.lee")
    edit = admin_client.get(f"/staff/accounts/{user.pk}/")
    form = page(edit)
    assert form.xpath('//input[@name="roles"][@value="councillor"]/@checked')
    selected = form.xpath(f'//select[@name="seat_{committee.pk}"]/option[@selected]/@value')
    assert selected == ["vice-chair"]
    changed = admin_client.post(
        f"/staff/accounts/{user.pk}/",
        account_data(
            committee,
            roles=["clerk"],
            person=str(user.person.pk),
            **{f"seat_{committee.pk}": ""},
        ),
    )
    assert changed.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert [g.name for g in user.groups.all()] == ["Clerk"]
    assert not Membership.objects.filter(person=user.person, ended_on__isnull=True).exists()


def test_a_taken_username_comes_back_on_the_form_with_nothing_lost(admin_client, committee):
    make_user("ann.lee")
    response = admin_client.post("/staff/accounts/new/", account_data(committee))
    assert_refused(
        response,
        'There is already an account called "ann.lee". Choose another username.',
        "id_username",
    )
    form = page(response)
    assert form.xpath('//input[@name="email"]/@value') == ["ann.lee@council.example"]
    assert User.objects.filter(username__iexact="ann.lee").count() == 1


def test_switching_an_account_off_and_on(admin_client):
    user = make_user("ann.lee", email="ann.lee@council.example")
    url = f"/staff/accounts/{user.pk}/active/"
    confirm = page(admin_client.get(url))
    assert confirm.xpath('//h1[normalize-space()="Switch off ann.lee"]')
    token = confirm.xpath('//input[@name="for_account"]/@value')
    assert token == ["ann.lee"]
    empty = admin_client.post(url, {})
    assert empty.status_code == 200
    assert User.objects.get(pk=user.pk).is_active
    switched = admin_client.post(url, {"for_account": "ann.lee"})
    assert switched.status_code == 302
    assert not User.objects.get(pk=user.pk).is_active
    assert row_of(admin_client.get("/staff/accounts/"), "ann.lee")[3] == "Switched off"
    assert page(admin_client.get(url)).xpath('//h1[normalize-space()="Switch on ann.lee"]')
    admin_client.post(url, {"for_account": "ann.lee"})
    assert User.objects.get(pk=user.pk).is_active


def test_the_invitation_is_sent_again_only_to_an_account_without_a_password(
    admin_client, committee, smtp_server
):
    admin_client.post("/staff/accounts/new/", account_data(committee, invite=""))
    user = User.objects.get(username="ann.lee")
    url = f"/staff/accounts/{user.pk}/invitation/"
    sent = admin_client.post(url, {"for_account": "ann.lee"})
    assert sent.status_code == 302
    assert smtp_server.wait_for(1)[0].recipients == ["ann.lee@council.example"]
    assert AuditEvent.objects.filter(action="user.invite").count() == 1
    user.set_password("chosen-already-99")
    user.save()
    again = admin_client.post(url, {"for_account": "ann.lee"})
    assert again.status_code == 200
    assert summary_errors(again) == [
        "ann.lee has chosen a password already. If it is forgotten, they can reset it with "
        '"Forgotten your password?" on the sign-in page.'
    ]
    assert len(smtp_server.messages) == 1
