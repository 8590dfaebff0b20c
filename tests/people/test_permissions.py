import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.http import Http404

from scrutiny.committees import permissions as clerking
from scrutiny.people import permissions as can
from scrutiny.people.roles import Role
from scrutiny.reviews import permissions as reviewing
from tests.factories import (
    make_committee,
    make_meeting,
    make_officer,
    make_recommendation,
    make_review,
    make_user,
)

pytestmark = pytest.mark.django_db


def user_with(role: Role | None = None, person=None):
    user = make_user()
    if role is not None:
        user.groups.add(Group.objects.get(name=role.label))
    if person is not None:
        person.user = user
        person.save()
    return user


def test_owner_may_update_only_their_own_recommendation():
    mine, theirs = make_officer(), make_officer()
    review = make_review()
    own_rec = make_recommendation(review, owner=mine)
    other_rec = make_recommendation(review, owner=theirs)
    user = user_with(Role.RECOMMENDATION_OWNER, person=mine)

    assert reviewing.can_update_recommendation(user, own_rec)
    assert not reviewing.can_update_recommendation(user, other_rec)
    assert reviewing.get_recommendation_for_update_or_404(user, pk=own_rec.pk) == own_rec
    with pytest.raises(Http404):
        reviewing.get_recommendation_for_update_or_404(user, pk=other_rec.pk)


def test_scrutiny_officer_group_manages_every_review():
    user = user_with(Role.SCRUTINY_OFFICER)
    assert reviewing.can_manage_review(user, make_review())
    assert reviewing.can_manage_review(user, make_review(make_committee()))


def test_committee_scrutiny_officer_manages_only_that_committees_reviews():
    person = make_officer(job_title="Scrutiny Officer")
    supported = make_committee()
    supported.scrutiny_officer = person
    supported.save()
    user = user_with(person=person)

    assert reviewing.can_manage_reviews(user)
    assert reviewing.can_manage_review(user, make_review(supported))
    assert not reviewing.can_manage_review(user, make_review(make_committee()))


def test_clerk_clerks_meetings_but_does_not_manage_reviews():
    user = user_with(Role.CLERK)
    meeting = make_meeting(make_committee(), day=dt.date(2025, 1, 20))
    assert clerking.can_clerk_meeting(user, meeting)
    assert not reviewing.can_manage_reviews(user)
    assert not reviewing.can_manage_review(user, make_review())


def test_councillor_reads_but_writes_nothing():
    user = user_with(Role.COUNCILLOR)
    review = make_review()
    rec = make_recommendation(review)
    assert clerking.can_use_workspace(user)
    assert not reviewing.can_manage_reviews(user)
    assert not reviewing.can_post_updates(user)
    assert not can.can_clerk(user)
    assert not reviewing.can_update_recommendation(user, rec)


def test_a_sign_in_with_no_role_cannot_use_the_workspace():
    assert not clerking.can_use_workspace(make_user())


def test_recommendation_without_an_owner_cannot_be_updated_by_anyone():
    review = make_review()
    rec = make_recommendation(review)
    rec.owner = None
    assert not reviewing.can_update_recommendation(user_with(Role.RECOMMENDATION_OWNER), rec)


def test_a_committees_scrutiny_officer_uses_the_workspace_without_a_role():
    person = make_officer(job_title="Scrutiny Officer")
    user = user_with(person=person)
    assert not clerking.can_use_workspace(user)
    supported = make_committee()
    supported.scrutiny_officer = person
    supported.save()
    assert clerking.supports_a_committee(user)
    assert clerking.can_use_workspace(user)


def test_an_owner_without_the_role_posts_updates_on_what_they_own():
    person = make_officer()
    user = user_with(person=person)
    assert not reviewing.can_post_updates(user)
    make_recommendation(make_review(), owner=person)
    assert reviewing.can_post_updates(user)
