"""Who may download an evidence file: those the recommendation concerns, and no other
workspace user (docs/rules.md). Evidence files are never published: the public pages name
them and serve none."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from scrutiny.committees.models import Membership
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Evidence
from tests.factories import (
    make_committee,
    make_councillor,
    make_officer,
    make_recommendation,
    make_review,
    make_user,
    post_update,
)

pytestmark = pytest.mark.django_db


def user_with(role: Role | None = None, person=None, **extra):
    user = make_user(**extra)
    if role is not None:
        user.groups.add(Group.objects.get_or_create(name=role.label)[0])
    if person is not None:
        person.user = user
        person.save()
    return user


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee, other_committee = make_committee(), make_committee()
    owner = make_officer("The Owner")
    rec = make_recommendation(make_review(committee), owner=owner)
    update = post_update(rec, "on-track", dt.date(2024, 1, 5))
    evidence = Evidence(update=update, title="Proof")
    evidence.file.save("proof.pdf", ContentFile(b"%PDF-1.4 proof"))
    evidence.save()

    committee_officer = make_officer("Committee's scrutiny officer")
    committee.scrutiny_officer = committee_officer
    committee.save()
    member, outsider = make_councillor(), make_councillor()
    Membership.objects.create(committee=committee, person=member)
    Membership.objects.create(committee=other_committee, person=outsider)
    former = make_councillor()
    Membership.objects.create(
        committee=committee, person=former, ended_on=dt.date.today() - dt.timedelta(days=1)
    )
    other_owner = make_officer("Another owner")
    make_recommendation(make_review(other_committee), owner=other_owner)

    users = {
        "the recommendation's owner": user_with(Role.RECOMMENDATION_OWNER, owner),
        "the committee's scrutiny officer (no role)": user_with(None, committee_officer),
        "a scrutiny officer": user_with(Role.SCRUTINY_OFFICER),
        "a clerk": user_with(Role.CLERK),
        "a superuser": user_with(None, is_superuser=True),
        "a member of the committee": user_with(Role.COUNCILLOR, member),
        "a councillor of another committee": user_with(Role.COUNCILLOR, outsider),
        "a former member of the committee": user_with(Role.COUNCILLOR, former),
        "another recommendation's owner": user_with(Role.RECOMMENDATION_OWNER, other_owner),
    }
    return evidence, users


ALLOWED = {
    "the recommendation's owner": True,
    "the committee's scrutiny officer (no role)": True,
    "a scrutiny officer": True,
    "a clerk": True,
    "a superuser": True,
    "a member of the committee": True,
    "a councillor of another committee": False,
    "a former member of the committee": False,
    "another recommendation's owner": False,
}


@pytest.mark.parametrize("who", list(ALLOWED))
def test_evidence_is_downloaded_only_by_those_the_recommendation_concerns(world, who):
    evidence, users = world
    client = Client()
    client.force_login(users[who])
    response = client.get(reverse("staff:evidence", args=[evidence.pk]))
    if ALLOWED[who]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 proof"
    else:
        assert response.status_code == 404  # the same answer as for no such file


def test_signed_out_visitors_are_sent_to_sign_in(world, client):
    evidence, _ = world
    response = client.get(reverse("staff:evidence", args=[evidence.pk]))
    assert response.status_code == 302


def test_the_public_recommendation_page_never_links_an_evidence_file(world, client):
    evidence, _ = world
    rec = evidence.update.recommendation
    url = reverse("site:recommendation_detail", args=[rec.review.slug, rec.number])
    response = client.get(url)
    assert response.status_code == 200
    assert reverse("staff:evidence", args=[evidence.pk]) not in response.content.decode()
    assert evidence.file.url not in response.content.decode()


@pytest.mark.parametrize("who", list(ALLOWED))
def test_the_workspace_links_the_file_only_for_those_who_may_read_it(world, who):
    evidence, users = world
    client = Client()
    client.force_login(users[who])
    rec = evidence.update.recommendation
    html = client.get(reverse("staff:recommendation", args=[rec.pk])).content.decode()
    assert "Proof" in html  # the evidence is named to every workspace user
    assert (reverse("staff:evidence", args=[evidence.pk]) in html) is ALLOWED[who]
