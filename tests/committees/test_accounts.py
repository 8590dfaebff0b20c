"""Accounts written whole by one service (`committees.accounts.account_save`): the sign-in,
its roles, its person and that person's committee seats; who may; what is refused, with
a clear reason and nothing written; the audit log."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from scrutiny.committees.accounts import account_save
from scrutiny.committees.models import Membership
from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from scrutiny.people.accounts import NewPerson, account_set_active
from scrutiny.people.models import Person
from tests.factories import make_committee, make_councillor, make_user
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = dt.date(2025, 3, 12)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2025, 3, 12, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def admin():
    return make_user("head.admin", email="head@council.example", is_superuser=True, is_staff=True)


def councillor_account(admin, **changes):
    committee = changes.pop("committee", None) or make_committee("Overview Committee")
    fields = {
        "actor": admin,
        "username": "ann.lee",
        "email": "ann.lee@council.example",
        "first_name": "Ann",
        "last_name": "Lee",
        "roles": ["councillor"],
        "person": NewPerson(kind=Person.Kind.COUNCILLOR),
        "seats": {committee: Membership.Role.CHAIR},
        **changes,
    }
    return account_save(**fields)


def signs_in(username: str, password: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def refused(reason_part: str, field: str, **kwargs):
    """Call account_save, expecting a refusal naming the field, and nothing written."""
    users = list(User.objects.values_list("username", "email", "is_superuser", "is_active"))
    with assert_database_unchanged(), pytest.raises(Refused) as caught:
        account_save(**kwargs)
    assert caught.value.field == field
    assert reason_part in caught.value.reason, caught.value.reason
    assert list(User.objects.values_list("username", "email", "is_superuser", "is_active")) == users
    return caught.value


def test_an_account_is_made_whole_and_cannot_sign_in_until_a_password_is_chosen(admin):
    user = councillor_account(admin)
    assert not user.has_usable_password()
    assert [g.name for g in user.groups.all()] == ["Councillor"]
    assert not user.is_superuser and not user.is_staff
    person = user.person
    assert (person.name, person.kind, person.email) == (
        "Ann Lee",
        "councillor",
        "ann.lee@council.example",
    )
    [seat] = person.memberships.all()
    assert (seat.committee.name, seat.role, seat.started_on, seat.ended_on) == (
        "Overview Committee",
        "chair",
        TODAY,
        None,
    )
    assert not signs_in("ann.lee", "")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor"))
    assert actions == [
        ("person.create", admin.pk),
        ("user.create", admin.pk),
        ("membership.create", admin.pk),
    ]
    created = AuditEvent.objects.get(action="user.create")
    assert created.after == {
        "username": "ann.lee",
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann.lee@council.example",
        "is_active": True,
        "is_superuser": False,
        "roles": ["councillor"],
        "person_id": person.pk,
    }
    assert "password" not in str(created.after)


def test_changing_seats_ends_the_old_and_keeps_their_history(admin):
    committee = make_committee("Overview Committee")
    other = make_committee("Health Committee")
    user = councillor_account(admin, committee=committee)
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC), tick=False):
        account_save(
            actor=admin,
            user=user,
            username="ann.lee",
            email="ann.lee@council.example",
            roles=["councillor", "scrutiny-officer"],
            seats={committee: Membership.Role.MEMBER, other: Membership.Role.SUBSTITUTE},
        )
    seats = Membership.objects.filter(person=user.person).order_by("id")
    assert [(m.committee.name, m.role, m.started_on, m.ended_on) for m in seats] == [
        ("Overview Committee", "chair", TODAY, dt.date(2025, 6, 1)),
        ("Overview Committee", "member", dt.date(2025, 6, 2), None),
        ("Health Committee", "substitute", dt.date(2025, 6, 2), None),
    ]
    assert sorted(g.name for g in User.objects.get(pk=user.pk).groups.all()) == [
        "Councillor",
        "Scrutiny officer",
    ]
    update = AuditEvent.objects.get(action="user.update")
    assert update.before == {"first_name": "Ann", "last_name": "Lee", "roles": ["councillor"]}
    assert update.after == {
        "first_name": "",
        "last_name": "",
        "roles": ["councillor", "scrutiny-officer"],
    }
    # Leaving every committee the same day a seat began: that seat never ran, so it goes.
    with time_machine.travel(dt.datetime(2025, 6, 2, 15, tzinfo=dt.UTC), tick=False):
        account_save(
            actor=admin, user=user, username="ann.lee", email="ann.lee@council.example", seats={}
        )
    assert [(m.role, m.ended_on) for m in Membership.objects.filter(person=user.person)] == [
        ("chair", dt.date(2025, 6, 1))
    ]
    assert AuditEvent.objects.filter(action="membership.delete").count() == 2


def test_a_username_or_an_address_already_taken_is_refused_whatever_its_case(admin):
    councillor_account(admin)
    refused(
        'There is already an account called "ann.lee". Choose another username.',
        "username",
        actor=admin,
        username=" Ann.Lee ",
        email="someone@council.example",
    )
    refused(
        "ANN.LEE@council.example is already the address of the account ann.lee",
        "email",
        actor=admin,
        username="a.lee",
        email="ANN.LEE@council.example",
    )


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"username": "  "}, "username", "Enter a username."),
        ({"username": "ann lee"}, "username", "only letters, digits and the characters"),
        ({"email": ""}, "email", "Enter the account's email address"),
        ({"email": "ann.lee"}, "email", "Enter an email address like name@council.gov.uk"),
        ({"roles": ["mayor"]}, "roles", '"mayor" is not a role'),
        ({"person": None}, "committees", "A committee seat needs a person"),
        ({"seats": {}, "person": NewPerson(kind="alderman")}, "person_kind", "councillor or an"),
    ],
)
def test_bad_input_is_refused_with_its_reason(admin, changes, field, reason):
    committee = make_committee("Overview Committee")
    fields = {
        "actor": admin,
        "username": "ann.lee",
        "email": "ann.lee@council.example",
        "roles": ["councillor"],
        "person": NewPerson(kind=Person.Kind.COUNCILLOR),
        "seats": {committee: Membership.Role.MEMBER},
        **changes,
    }
    refused(reason, field, **fields)


def test_only_an_administrator_may_write_accounts(admin):
    clerk = make_user("clerk.one")
    clerk.groups.add(Group.objects.get(name="Clerk"))
    refused(
        "Only an administrator may create or change accounts.",
        "account",
        actor=clerk,
        username="new.one",
        email="new@council.example",
    )
    with pytest.raises(Refused):
        account_set_active(actor=clerk, user=admin, active=False)


def test_a_person_has_one_account(admin):
    person = make_councillor("Ann Lee")
    person.user = make_user("first.account")
    person.save()
    refused(
        "Councillor Ann Lee already has the account first.account.",
        "person",
        actor=admin,
        username="second.account",
        email="second@council.example",
        person=person,
    )


def test_there_is_always_an_active_administrator(admin):
    refused(
        "You cannot switch off your own account or take the administrator's rights from it",
        "administrator",
        actor=admin,
        user=admin,
        username="head.admin",
        email="head@council.example",
        administrator=False,
    )
    with pytest.raises(Refused, match="You cannot switch off your own account"):
        account_set_active(actor=admin, user=admin, active=False)
    with pytest.raises(Refused, match=r"head\.admin is the only active administrator"):
        account_set_active(actor=None, user=admin, active=False)
    second = account_save(
        actor=admin, username="second.admin", email="second@council.example", administrator=True
    )
    assert second.is_superuser and second.is_staff
    assert account_set_active(actor=second, user=admin, active=False).is_active is False


def test_a_switched_off_account_cannot_sign_in_and_its_session_ends(admin):
    user = make_user("ann.lee")
    client = Client()
    client.force_login(user)
    account_set_active(actor=admin, user=user, active=False)
    assert not signs_in("ann.lee", "pw")
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.get(action="user.switch_off")
    assert (event.actor, event.before, event.after) == (
        admin,
        {"is_active": True},
        {"is_active": False},
    )
    account_set_active(actor=admin, user=user, active=True)
    assert signs_in("ann.lee", "pw")
    assert AuditEvent.objects.filter(action="user.switch_on").count() == 1
