"""A confidential item shows only its number, so an issue's page (headed by the issue's
own title) never lists it for those who may not read its title: "Cabinet (item 3) ...
Confidential item" under "Leisure centre sale" gives its subject away. Nor does the
meeting page link a confidential item to its issue."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Issue, Membership
from scrutiny.people.roles import Role
from tests.factories import make_committee, make_councillor, make_meeting
from tests.publishing.records import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    committee, other = make_committee("Cabinet"), make_committee("Other Committee")
    member, outsider = make_councillor("Ann Member"), make_councillor("Oscar Outsider")
    Membership.objects.create(committee=committee, person=member)
    Membership.objects.create(committee=other, person=outsider)
    issue = Issue.objects.create(title="Leisure centre sale", slug="leisure-centre-sale")
    now = timezone.now()
    meeting = make_meeting(committee, (now - dt.timedelta(days=3)).date(), status="held")
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=now - dt.timedelta(days=10),
    )
    meeting.refresh_from_db()
    record.agenda_item_create(
        actor=None, meeting=meeting, number="2", title="Leisure centres: open report", issue=issue
    )
    secret = record.agenda_item_create(
        actor=None,
        meeting=meeting,
        number="3",
        title="Sale of the leisure centre site to a named bidder",
        issue=issue,
        visibility="confidential",
    )
    users = {
        "anonymous": None,
        "outsider": signed_in(Role.COUNCILLOR, outsider),
        "member": signed_in(Role.COUNCILLOR, member),
        "clerk": signed_in(Role.CLERK),
    }
    return issue, meeting, secret, users


def page_for(user, url: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_issue_page_does_not_list_a_confidential_item(world, who):
    issue, _meeting, secret, users = world
    html = page_for(users[who], reverse("site:issue_detail", args=[issue.slug]))
    assert "(item 2)" in html
    assert "(item 3)" not in html
    assert "Confidential item" not in html
    assert f"#item-{secret.pk}" not in html
    assert secret.title not in html


@pytest.mark.parametrize("who", ["member", "clerk"])
def test_those_who_may_read_its_title_see_it_on_the_issue_page(world, who):
    issue, _meeting, secret, users = world
    html = page_for(users[who], reverse("site:issue_detail", args=[issue.slug]))
    assert "(item 3)" in html
    assert secret.title in html


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_meeting_page_does_not_link_a_confidential_item_to_its_issue(world, who):
    issue, meeting, _secret, users = world
    html = page_for(users[who], reverse("site:meeting_detail", args=[meeting.pk]))
    assert "Confidential item" in html  # its number stays on the agenda
    issue_link = reverse("site:issue_detail", args=[issue.slug])
    assert html.count(issue_link) == 1  # item 2's link only
