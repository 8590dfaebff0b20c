"""Matters arising: what a meeting goes through from the committee's earlier meetings.

The rule (`publishing.meetings.matters_arising`): an action open at the meeting is listed
when it is due by the meeting's day or was taken at one of the committee's last three
meetings; one closed since the previous meeting is reported done; historic actions are
never listed; at most 20, newest meeting first, with the total."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import Action, Meeting, Visibility
from scrutiny.publishing import meetings as published
from tests.api.conftest import assert_matches_schema
from tests.factories import make_committee, make_item, make_meeting, make_officer
from tests.site.public.conftest import page_text

pytestmark = pytest.mark.django_db
PUBLIC = AnonymousUser()
# Monthly meetings, the first Monday-ish of each month of 2024, and the one under test.
DAYS = [dt.date(2024, month, 8) for month in range(1, 13)]


def publish(meeting: Meeting) -> Meeting:
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=meeting.starts_at - dt.timedelta(days=7),
    )
    return record.minutes_set_status(actor=None, meeting=meeting, status="approved")


@pytest.fixture
def committee():
    committee = make_committee("Audit Scrutiny Committee")
    for day in DAYS:
        publish(make_meeting(committee, day))
    return committee


def meeting_on(committee, day: dt.date) -> Meeting:
    return Meeting.objects.get(committee=committee, starts_at__date=day)


def act(committee, day: dt.date, text: str, *, due_on=None, **fields) -> Action:
    meeting = meeting_on(committee, day)
    item = meeting.items.first() or make_item(meeting, number="5")
    action = record.action_record(
        actor=None, item=item, text=text, owner=make_officer(), due_on=due_on
    )
    if fields:
        Action.objects.filter(pk=action.pk).update(**fields)
    return action


def arising(committee, day: dt.date, user=PUBLIC) -> list[str]:
    return [
        a.text
        for a in published.matters_arising(user=user, meeting=meeting_on(committee, day)).actions
    ]


DECEMBER = DAYS[-1]


def test_an_overdue_open_action_is_listed_however_old(committee):
    act(committee, DAYS[0], "Overdue", due_on=DAYS[1])
    assert arising(committee, DECEMBER) == ["Overdue"]
    assert arising(committee, DAYS[1]) == ["Overdue"]  # due at this very meeting


def test_an_action_due_later_is_listed_only_while_it_is_fresh_business(committee):
    act(committee, DAYS[0], "Long job", due_on=dt.date(2025, 6, 30))
    # Taken at one of the last three meetings before: listed whatever its due date.
    assert [arising(committee, day) for day in DAYS[1:4]] == [["Long job"]] * 3
    # After that it waits in the action log until it falls due.
    assert arising(committee, DAYS[4]) == []
    assert arising(committee, DECEMBER) == []


def test_an_action_without_a_due_date_is_fresh_business_for_three_meetings(committee):
    act(committee, DAYS[5], "Undated")
    assert arising(committee, DAYS[8]) == ["Undated"]
    assert arising(committee, DAYS[9]) == []


def test_a_closed_action_is_reported_at_the_first_meeting_after_it_closed(committee):
    action = act(committee, DAYS[0], "Report back", due_on=DAYS[2])
    record.action_close(
        actor=None,
        action=action,
        status="done",
        response="Sent.",
        closed_on=DAYS[4] + dt.timedelta(days=3),
    )
    # Open at the meetings before it closed, as the committee saw it then.
    assert arising(committee, DAYS[4]) == ["Report back"]
    assert arising(committee, DAYS[5]) == ["Report back"]
    assert arising(committee, DAYS[6]) == []


def test_historic_actions_are_never_matters_arising_until_reopened(committee):
    action = act(committee, DAYS[0], "From the archive", due_on=DAYS[1], status="historic")
    assert arising(committee, DAYS[1]) == arising(committee, DECEMBER) == []
    record.action_reopen(actor=None, action=action)
    assert arising(committee, DECEMBER) == ["From the archive"]


def test_actions_of_another_committee_or_a_later_meeting_are_not_listed(committee):
    other = make_committee("Place Scrutiny Committee")
    publish(make_meeting(other, DAYS[0]))
    act(other, DAYS[0], "Elsewhere", due_on=DAYS[0])
    act(committee, DECEMBER, "Later", due_on=DAYS[0])
    assert arising(committee, DAYS[6]) == []


def test_an_exempt_items_action_is_for_those_entitled_to_it(committee):
    meeting = meeting_on(committee, DAYS[0])
    exempt = make_item(
        meeting,
        number="9",
        visibility=Visibility.EXEMPT,
        exempt_paragraphs=[3],
        public_interest_reason="Commercial terms.",
    )
    record.action_record(actor=None, item=exempt, text="Secret", owner=None, due_on=DAYS[1])
    assert arising(committee, DAYS[1]) == []


def test_the_list_stops_at_twenty_newest_first_and_counts_them_all(committee):
    for n in range(25):
        act(committee, DAYS[n % 10], f"Action {n:02d}", due_on=DAYS[10])
    result = published.matters_arising(user=PUBLIC, meeting=meeting_on(committee, DECEMBER))
    assert (len(result.actions), result.total, result.more) == (20, 25, 5)
    dates = [a.item.meeting.starts_at for a in result.actions]
    assert dates == sorted(dates, reverse=True)
    assert {"Action 00", "Action 10", "Action 20"}.isdisjoint(a.text for a in result.actions)


def test_the_meeting_page_says_how_many_more_and_links_the_action_log(client, committee):
    for n in range(23):
        act(committee, DAYS[0], f"Action {n:02d}", due_on=DAYS[1])
    response = client.get(reverse("site:meeting_detail", args=[meeting_on(committee, DECEMBER).pk]))
    text = page_text(response)
    assert "And 3 more. See the committee’s action log." in text
    assert reverse("site:committee_actions", args=[committee.slug]).encode() in response.content
    api = client.get(
        reverse("api:meeting_detail", args=[meeting_on(committee, DECEMBER).pk])
    ).json()
    assert (len(api["matters_arising"]), api["matters_arising_total"]) == (20, 23)
    assert_matches_schema(api, "Meeting")
