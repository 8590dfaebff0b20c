"""Versions of the public record: bumped once per committed transaction, by every write
the domain apps track, and never by a write that is rolled back."""

import datetime as dt

import pytest
from django.db import transaction

from scrutiny.committees import services as record
from scrutiny.committees.models import Membership
from scrutiny.core import record_versions
from scrutiny.core.models import RecordVersion
from scrutiny.core.record_versions import PEOPLE, RECORD, VOCABULARY
from scrutiny.reviews.models import Status
from tests.factories import (
    make_committee,
    make_councillor,
    make_item,
    make_meeting,
    make_recommendation,
    make_review,
    post_update,
)

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def versions(*scopes: str) -> dict[str, int]:
    return record_versions.read(scopes).numbers


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes as if their transaction committed: the test's own transaction never does,
    so the set-up is written this way too (or its bumps would wait for that commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_scope_never_bumped_reads_as_version_zero():
    read = record_versions.read(["never-bumped"])
    assert read.numbers == {"never-bumped": 0}
    assert read.changed == {}


def test_scopes_are_bumped_once_when_the_transaction_commits(
    django_capture_on_commit_callbacks, committed
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        record_versions.bump("a")
        record_versions.bump("a", "b")
        record_versions.bump("b")
        assert versions("a", "b") == {"a": 0, "b": 0}  # nothing before the commit
    assert len(callbacks) == 1
    assert versions("a", "b") == {"a": 1, "b": 1}
    with committed():
        record_versions.bump("a")
    assert versions("a", "b") == {"a": 2, "b": 1}
    assert RecordVersion.objects.get(scope="a").changed_at is not None


def test_a_rolled_back_transaction_bumps_nothing(django_capture_on_commit_callbacks, committed):
    with committed():
        committee = make_committee()
    before = versions(RECORD, record_versions.committee(committee.pk))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        make_meeting(committee, dt.date(2024, 9, 16))
        raise Boom
    assert callbacks == []
    assert versions(RECORD, record_versions.committee(committee.pk)) == before


def test_a_rolled_back_savepoint_takes_only_its_own_writes_with_it(committed):
    with committed(), transaction.atomic():
        with pytest.raises(Boom), transaction.atomic():
            record_versions.bump("inner")
            raise Boom
        record_versions.bump("outer")
    assert versions("inner", "outer") == {"inner": 0, "outer": 1}


def test_a_service_write_bumps_the_record_and_its_committee(committed):
    with committed():
        committee = make_committee()
        meeting = make_meeting(committee, dt.date(2024, 9, 16))
    scopes = (RECORD, record_versions.committee(committee.pk), PEOPLE)
    before = versions(*scopes)
    with committed():
        item = make_item(meeting, title="Library opening hours")
        record.minutes_record(actor=None, item=item, text="Members noted the report.")
    after = versions(*scopes)
    assert after[RECORD] == before[RECORD] + 1
    assert after[record_versions.committee(committee.pk)] == before[scopes[1]] + 1
    assert after[PEOPLE] == before[PEOPLE]  # nobody's name changed


def test_deleting_a_record_bumps_its_scopes(committed):
    with committed():
        item = make_item(make_meeting(make_committee(), dt.date(2024, 9, 16)))
    before = versions(RECORD)[RECORD]
    with committed():
        item.delete()
    assert versions(RECORD)[RECORD] == before + 1


def test_adding_a_member_through_the_relation_bumps_the_committee(committed):
    with committed():
        committee, person = make_committee(), make_councillor()
    scope = record_versions.committee(committee.pk)
    before = versions(scope)[scope]
    with committed():
        committee.members.add(person, through_defaults={"role": Membership.Role.CHAIR})
    assert versions(scope)[scope] == before + 1


def test_reviews_people_and_vocabulary_have_their_own_scopes(committed):
    with committed():
        rec = make_recommendation(make_review())
    review_scope = record_versions.review(rec.review_id)
    before = versions(RECORD, review_scope, PEOPLE, VOCABULARY)
    with committed():
        post_update(rec, "on-track", dt.date(2024, 1, 15))
    after = versions(RECORD, review_scope, PEOPLE, VOCABULARY)
    assert after[RECORD] == before[RECORD] + 1
    assert after[review_scope] == before[review_scope] + 1
    assert (after[PEOPLE], after[VOCABULARY]) == (before[PEOPLE], before[VOCABULARY])
    with committed():
        rec.owner.name = "Alex Renamed"
        rec.owner.save()
        status = Status.objects.get(code="on-track")
        status.label = "Going well"
        status.save()
    latest = versions(RECORD, PEOPLE, VOCABULARY)
    assert latest[RECORD] == after[RECORD]
    assert latest[PEOPLE] == after[PEOPLE] + 1
    assert latest[VOCABULARY] == after[VOCABULARY] + 1


def test_every_model_of_the_public_record_is_tracked():
    from django.apps import apps

    tracked = record_versions.tracked_models()
    for label in ("committees", "reviews"):
        for model in apps.get_app_config(label).get_models():
            assert model in tracked, f"{model._meta.label} is not tracked"
    for model in apps.get_app_config("people").get_models():
        # Sign-in records are not part of the record any page shows.
        if model._meta.model_name not in {"devicecookiefailures", "unlocklink", "passwordemail"}:
            assert model in tracked, f"{model._meta.label} is not tracked"
