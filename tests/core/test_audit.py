import datetime as dt

import pytest

from scrutiny.core.errors import StaleEdit
from scrutiny.core.models import AuditEvent
from scrutiny.reviews import services as reviews
from tests.factories import make_recommendation, make_review, make_user
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_write_leaves_an_event_with_who_and_what_changed():
    user = make_user("j.bennett", first_name="Jo", last_name="Bennett")
    rec = make_recommendation(make_review(), target=D(2024, 3, 31))
    reviews.recommendation_extend(
        actor=user, recommendation=rec, to_date=D(2024, 9, 30), reason="Budget."
    )
    event = AuditEvent.objects.filter(action="recommendation.update").first()
    assert event.actor == user
    assert event.object_id == str(rec.pk)
    assert event.before["current_target_date"] == "2024-03-31"
    assert event.after["current_target_date"] == "2024-09-30"
    assert "text" not in event.after  # only what changed
    assert AuditEvent.objects.filter(action="extension.agree").exists()


def test_audit_events_cannot_be_changed_or_deleted():
    make_review()
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(action="forged")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="forged").count() == 0


def test_edit_from_a_stale_copy_is_refused_and_says_who_changed_it():
    rec = make_recommendation(make_review())
    opened_by_two_people = rec.version
    colleague = make_user("r.hale", first_name="Ruth", last_name="Hale")
    reviews.recommendation_update(
        actor=colleague,
        recommendation=rec,
        expected_version=opened_by_two_people,
        text="That the service does something better.",
    )
    with assert_database_unchanged(), pytest.raises(StaleEdit) as refused:
        reviews.recommendation_update(
            actor=make_user(),
            recommendation=rec,
            expected_version=opened_by_two_people,
            text="That the service does something else.",
        )
    assert refused.value.field == "version"
    assert "Ruth Hale" in refused.value.reason
    rec.refresh_from_db()
    assert rec.text == "That the service does something better."


def test_edit_from_the_current_version_goes_through_and_bumps_it():
    rec = make_recommendation(make_review())
    updated = reviews.recommendation_update(
        actor=None, recommendation=rec, expected_version=rec.version, reference="SR (24/25) 03"
    )
    assert updated.version == rec.version + 1
    assert updated.reference == "SR (24/25) 03"
