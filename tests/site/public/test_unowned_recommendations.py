"""A recommendation's owner is optional, and so is an owner's directorate: every page and
answer that shows a recommendation reads the same with neither (never a server error)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from scrutiny.people.models import Person
from scrutiny.people.roles import Role
from scrutiny.reviews import services as reviews
from tests.factories import make_recommendation, make_review, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    review = make_review(title="Libraries")
    reviews.recommendation_create(
        actor=None,
        review=review,
        number=1,
        text="That someone owns this.",
        agreed_on=dt.date(2023, 3, 13),
        original_target_date=dt.date(2024, 3, 31),
        owner=None,
    )
    no_directorate = Person.objects.create(kind=Person.Kind.OFFICER, name="Pat Nodept")
    make_recommendation(review, number=2, owner=no_directorate)
    return review


def officer_client() -> Client:
    user = make_user()
    user.groups.add(Group.objects.get_or_create(name=Role.SCRUTINY_OFFICER.label)[0])
    client = Client()
    client.force_login(user)
    return client


def test_the_public_review_page_shows_them(client, review):
    response = client.get(reverse("site:review_detail", args=[review.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Not assigned" in text
    assert "Pat Nodept" in text


@pytest.mark.parametrize("number", [1, 2])
def test_the_public_recommendation_page_shows_them(client, review, number):
    url = reverse("site:recommendation_detail", args=[review.slug, number])
    response = client.get(url)
    assert response.status_code == 200
    assert "Directorate" not in response.content.decode()


def test_the_api_gives_them_with_no_owner_or_directorate(client, review):
    response = client.get(reverse("api:review_detail", args=[review.slug]))
    assert response.status_code == 200
    found = {r["number"]: r for r in response.json()["recommendations"]}
    assert (found[1]["owner"], found[1]["directorate"]) == (None, None)
    assert (found[2]["owner"], found[2]["directorate"]) == ("Pat Nodept", None)


def test_the_workspace_pages_show_them(review):
    client = officer_client()
    assert client.get(reverse("staff:review", args=[review.slug])).status_code == 200
    for rec in review.recommendations.all():
        assert client.get(reverse("staff:recommendation", args=[rec.pk])).status_code == 200
