import datetime as dt

import pytest
from django.utils import timezone

from scrutiny.committees import publication
from scrutiny.committees import services as record
from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from tests.factories import make_committee, make_councillor, make_item, make_meeting
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db


def test_an_agenda_with_no_items_cannot_be_published():
    meeting = make_meeting(make_committee(), dt.date(2025, 1, 20))
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        publication.agenda_publish(actor=None, meeting=meeting)
    assert refused.value.reason == "Add the agenda items before publishing it."


def test_publishing_the_agenda_is_audited():
    meeting = make_meeting(make_committee(), dt.date(2025, 1, 20))
    make_item(meeting)
    meeting = publication.agenda_publish(actor=None, meeting=meeting)
    assert meeting.agenda_published_at is not None
    from scrutiny.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="agenda.publish").count() == 1


def test_a_recorded_vote_must_be_for_against_or_abstain():
    item = make_item(make_meeting(make_committee(), dt.date(2025, 1, 20)))
    mover, member = make_councillor(), make_councillor()
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        record.motion_record(
            actor=None, item=item, mover=mover, seconder=None, recorded_votes={member: "maybe"}
        )
    assert refused.value.field == "recorded_votes"


def test_publishing_the_agenda_publishes_the_papers_filed_with_it():
    """Papers filed while the agenda was unpublished go out with it; a paper already given a
    publication time of its own keeps it."""
    meeting = make_meeting(make_committee(), dt.date(2025, 3, 17))
    item = make_item(meeting)
    waiting = record.document_add(actor=None, item=item, title="Report", kind="report")
    own_time = timezone.now() + dt.timedelta(days=2)
    timed = record.document_add(
        actor=None, item=item, title="Late paper", kind="report", published_at=own_time
    )
    meeting = publication.agenda_publish(actor=None, meeting=meeting)
    waiting.refresh_from_db()
    timed.refresh_from_db()
    assert waiting.published_at == meeting.agenda_published_at
    assert timed.published_at == own_time
    assert AuditEvent.objects.filter(action="document.publish", object_id=str(waiting.pk)).exists()
