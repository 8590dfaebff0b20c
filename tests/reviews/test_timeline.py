"""The review's timeline: what happened to the review and when (the report's background)."""

import datetime as dt

import pytest

from scrutiny.core.errors import Refused
from scrutiny.core.models import AuditEvent
from scrutiny.reviews import services as reviews
from tests.factories import make_committee, make_review
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return make_review(make_committee())


def test_a_timeline_entry_is_recorded_and_audited(review):
    entry = reviews.timeline_entry_add(
        actor=None, review=review, kind="restarted", happened_on=dt.date(2022, 6, 1),
        text=" The review re-started with a new aim. ", period_label=" 2022/23 ",
    )  # fmt: skip
    assert list(review.timeline.all()) == [entry]
    assert (entry.text, entry.period_label) == ("The review re-started with a new aim.", "2022/23")
    assert AuditEvent.objects.filter(action="review.timeline").count() == 1


@pytest.mark.parametrize(
    ("kind", "day", "text", "field"),
    [
        ("rumour", dt.date(2022, 6, 1), "Something.", "kind"),
        ("note", None, "Something.", "happened_on"),
        ("note", dt.date(2022, 6, 1), " ", "text"),
    ],
)
def test_a_timeline_entry_missing_what_or_when_is_refused(review, kind, day, text, field):
    with assert_database_unchanged(), pytest.raises(Refused) as refused:
        reviews.timeline_entry_add(actor=None, review=review, kind=kind, happened_on=day, text=text)
    assert refused.value.field == field
