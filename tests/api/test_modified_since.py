"""`?modified_since=` on the API's lists: what changed since a moment, as the caller may
see it (`publishing.changes`); a value that is not a moment is a 400 naming it."""

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.memberships import membership_end, membership_start
from scrutiny.committees.models import Membership
from scrutiny.people.roles import Role
from scrutiny.reviews import services as reviews
from tests.api.conftest import assert_matches_schema, get_json
from tests.factories import (
    make_committee,
    make_councillor,
    make_meeting,
    make_recommendation,
    make_review,
    make_user,
    post_update,
)

SECRET = "EXEMPT-CHANGE-91c2"
LONG_AGO = dt.date(2024, 3, 4)  # far from today: no meeting moves on by the clock


def since_param(moment: dt.datetime) -> str:
    return f"modified_since={quote(moment.isoformat())}"


def listed(client, url: str, moment: dt.datetime) -> list[str]:
    data = get_json(client, f"{url}?{since_param(moment)}")
    return [entry["slug"] for entry in data["results"]]


@pytest.fixture
def two_reviews(db):
    """Two reviews of a committee whose meetings are all long past."""
    committee = make_committee()
    make_meeting(committee, LONG_AGO)
    first, second = make_review(committee), make_review(committee)
    return (
        first,
        second,
        make_recommendation(first, target=dt.date(2030, 1, 31)),
        make_recommendation(second, target=dt.date(2030, 1, 31)),
    )


def test_a_recommendation_changed_lists_its_review_and_not_the_unchanged_one(client, two_reviews):
    first, second, recommendation, _ = two_reviews
    since = timezone.now()
    url = reverse("api:review_list")
    assert listed(client, url, since) == []

    reviews.recommendation_update(
        actor=None,
        recommendation=recommendation,
        expected_version=None,
        text="That the service does something more useful.",
    )
    assert listed(client, url, since) == [first.slug]
    # Asked from after the change, nothing has changed since.
    assert listed(client, url, timezone.now()) == []
    # Without the filter, every review as before.
    assert len(get_json(client, url)["results"]) == 2
    assert second.slug in [r["slug"] for r in get_json(client, url)["results"]]


def test_a_progress_update_lists_its_review(client, two_reviews):
    _, second, _, recommendation = two_reviews
    since = timezone.now()
    post_update(recommendation, "on-track", dt.date(2025, 1, 6))
    data = get_json(client, f"{reverse('api:review_list')}?{since_param(since)}")
    assert_matches_schema(data, "ReviewList")
    assert [r["slug"] for r in data["results"]] == [second.slug]
    assert data["count"] == 1


def test_a_deleted_update_lists_its_review(client, two_reviews):
    first, _, recommendation, _ = two_reviews
    update = post_update(recommendation, "on-track", dt.date(2025, 1, 6))
    since = timezone.now()
    update.delete()
    assert listed(client, reverse("api:review_list"), since) == [first.slug]


def test_a_renamed_person_changes_every_record(client, two_reviews):
    _, _, recommendation, _ = two_reviews
    since = timezone.now()
    owner = recommendation.owner
    owner.name = "Pat Renamed"
    owner.save()
    assert len(listed(client, reverse("api:review_list"), since)) == 2
    assert len(listed(client, reverse("api:committee_list"), since)) == 1


def test_a_membership_ended_before_it_ran_lists_its_committee(client, db):
    changed, unchanged = make_committee(), make_committee()
    seat = membership_start(
        actor=None,
        committee=changed,
        person=make_councillor(),
        role="member",
        on=dt.date(2031, 5, 1),
    )
    since = timezone.now()
    membership_end(actor=None, membership=seat, on=dt.date(2031, 5, 1))
    assert not Membership.objects.filter(pk=seat.pk).exists()  # deleted, not ended
    assert listed(client, reverse("api:committee_list"), since) == [changed.slug]
    assert unchanged.slug not in listed(client, reverse("api:committee_list"), since)


def test_a_paper_published_by_the_clock_lists_its_meeting(client, db):
    committee = make_committee()
    meeting = make_meeting(committee, LONG_AGO, status="held")
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(days=30),
    )
    item = record.agenda_item_create(actor=None, meeting=meeting, number="1", title="Budget")
    record.document_add(
        actor=None,
        item=item,
        title="Budget report",
        file=None,
        published_at=timezone.now() + dt.timedelta(minutes=5),
    )
    since = timezone.now()
    url = reverse("api:committee_detail", args=[committee.slug])
    assert get_json(client, f"{url}?{since_param(since)}")["meetings"]["results"] == []
    later = since + dt.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        results = get_json(client, f"{url}?{since_param(since)}")["meetings"]["results"]
    assert [m["id"] for m in results] == [meeting.pk]


@pytest.fixture
def exempt_business(db):
    """A committee's meeting long ago, minutes approved, with a public and an exempt item;
    a member of the committee and a councillor who is not."""
    committee, other = make_committee(), make_committee()
    meeting = make_meeting(committee, LONG_AGO, status="held")
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(days=400),
    )
    public = record.agenda_item_create(actor=None, meeting=meeting, number="1", title="Parks")
    exempt = record.agenda_item_create(
        actor=None,
        meeting=meeting,
        number="2",
        title="Parks: contract award",
        text="Tender prices.",
        visibility="exempt",
        exempt_paragraphs=[3],
        public_interest_reason="Commercial.",
    )
    member = make_councillor("Mia Member")
    Membership.objects.create(committee=committee, person=member, role="member")
    record.minutes_set_status(actor=None, meeting=meeting, status="draft")
    meeting.refresh_from_db()
    record.minutes_set_status(actor=None, meeting=meeting, status="approved")
    member_user = make_user()
    member_user.groups.add(Group.objects.get(name=Role.COUNCILLOR.label))
    member.user = member_user
    member.save(update_fields=["user"])
    return {
        "committee": committee,
        "other": other,
        "meeting": meeting,
        "public": public,
        "exempt": exempt,
        "member": member,
        "member user": member_user,
    }


def meetings_changed(client, world, since) -> list[int]:
    url = reverse("api:committee_detail", args=[world["committee"].slug])
    data = get_json(client, f"{url}?{since_param(since)}")
    assert_matches_schema(data, "Committee")
    return [m["id"] for m in data["meetings"]["results"]]


def test_a_declaration_on_a_public_item_lists_the_meeting_and_its_committee(
    client, exempt_business
):
    world = exempt_business
    since = timezone.now()
    assert meetings_changed(client, world, since) == []
    record.declaration_record(
        actor=None,
        item=world["public"],
        person=world["member"],
        kind="non-registrable",
        text="Member of the friends of the park.",
    )
    assert meetings_changed(client, world, since) == [world["meeting"].pk]
    assert listed(client, reverse("api:committee_list"), since) == [world["committee"].slug]


def test_exempt_business_changed_tells_the_public_nothing(client, exempt_business):
    """A change to what only members may read does not list the meeting for the public;
    the member, who reads it, is told. A change to the exempt item's own record may list
    it, but the answers carry nothing exempt."""
    world = exempt_business
    since = timezone.now()
    record.declaration_record(
        actor=None,
        item=world["exempt"],
        person=world["member"],
        kind="other-registrable",
        text=SECRET,
    )
    assert meetings_changed(client, world, since) == []
    assert listed(client, reverse("api:committee_list"), since) == []

    client.force_login(world["member user"])
    assert meetings_changed(client, world, since) == [world["meeting"].pk]
    assert listed(client, reverse("api:committee_list"), since) == [world["committee"].slug]
    meeting = get_json(client, reverse("api:meeting_detail", args=[world["meeting"].pk]))
    assert SECRET in str(meeting)  # the member sees it, so the public check below can fail
    client.logout()

    record.minutes_record(actor=None, item=world["exempt"], text=f"{SECRET} minutes")
    committee_url = reverse("api:committee_detail", args=[world["committee"].slug])
    for url in (
        f"{committee_url}?{since_param(since)}",
        f"{reverse('api:committee_list')}?{since_param(since)}",
        reverse("api:meeting_detail", args=[world["meeting"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), url


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2024-13-01T00:00:00Z",
        "2024-09-16T25:00:00",
        "1726506000",
        "2024-09-16 18:00:00",
        "",
        "２０２４-09-16",
        "2024-09-16T18:00:00+01:00" + "0" * 40,
    ],
)
@pytest.mark.parametrize("name", ["api:committee_list", "api:review_list"])
def test_a_value_that_is_not_a_moment_is_a_400_naming_the_parameter(client, db, name, value):
    response = client.get(reverse(name), {"modified_since": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert_matches_schema(data, "BadParameter")
    assert data["parameter"] == "modified_since"
    assert "ISO 8601" in data["error"]


def test_a_committee_page_refuses_a_bad_value_too(client, db):
    committee = make_committee()
    url = reverse("api:committee_detail", args=[committee.slug])
    response = client.get(url, {"modified_since": "last week"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "modified_since"


@pytest.mark.parametrize(
    "value",
    [
        "2024-09-16T18:00:00+01:00",
        "2024-09-16T18:00:00 01:00",  # a "+" sent unencoded arrives as a space
        "2024-09-16T17:00:00Z",
        "2024-09-16T18:00:00",  # the council's time
        "2024-09-16T18:00:00.000001+01:00",
    ],
)
def test_iso_8601_moments_are_read(client, two_reviews, value):
    first, second, *_ = two_reviews
    data = get_json(client, f"{reverse('api:review_list')}?modified_since={quote(value)}")
    # Both reviews were written after that moment.
    assert {r["slug"] for r in data["results"]} == {first.slug, second.slug}


def test_a_date_is_its_first_moment(client, two_reviews):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = get_json(client, f"{reverse('api:review_list')}?modified_since={tomorrow}")
    assert data["results"] == []


def test_the_next_page_keeps_the_filter(client, db):
    committee = make_committee()
    for day in range(27):
        make_meeting(committee, LONG_AGO - dt.timedelta(days=7 * day))
    since = timezone.now() - dt.timedelta(hours=1)
    url = reverse("api:committee_detail", args=[committee.slug])
    data = get_json(client, f"{url}?{since_param(since)}")
    assert data["meetings"]["count"] == 27
    assert "modified_since=" in data["meetings"]["next"]
    second = get_json(client, data["meetings"]["next"])
    assert len(second["meetings"]["results"]) == 2


def test_the_openapi_document_describes_the_parameter(client, db):
    paths = get_json(client, reverse("api:openapi"))["paths"]
    for path in ("/committees/", "/committees/{slug}/", "/reviews/"):
        operation = paths[path]["get"]
        assert "modified_since" in [p["name"] for p in operation["parameters"]], path
        assert "400" in operation["responses"], path
