"""A committee's action log, on the site and in the API: every action of its meetings the
user may see, newest meeting first, filtered by state and a page at a time."""

import datetime as dt

import pytest
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import Action
from scrutiny.publishing.committees import ACTIONS_PER_PAGE
from tests.api.conftest import assert_matches_schema
from tests.factories import make_committee, make_item, make_meeting
from tests.publishing.test_matters_arising import publish
from tests.site.public.conftest import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    committee = make_committee("Audit Scrutiny Committee")
    early = make_item(publish(make_meeting(committee, dt.date(2023, 5, 8))), number="3")
    late = make_item(publish(make_meeting(committee, dt.date(2024, 5, 13))), number="7")
    for text, item, status in [
        ("Open early", early, "open"),
        ("Open late", late, "open"),
        ("Done late", late, "done"),
        ("From the archive", early, "historic"),
    ]:
        Action.objects.create(item=item, text=text, status=status)
    draft = make_item(make_meeting(committee, dt.date(2024, 6, 10)), number="1")
    record.action_record(actor=None, item=draft, text="Draft minutes", owner=None, due_on=None)
    return committee


def log(client, committee, **query) -> str:
    url = reverse("site:committee_actions", args=[committee.slug])
    return page_text(client.get(url, query))


def test_the_log_shows_open_actions_newest_meeting_first_by_default(client, committee):
    text = log(client, committee)
    assert text.index("Open late") < text.index("Open early")
    assert "Done late" not in text and "From the archive" not in text
    assert "Draft minutes" not in text  # its minutes are not published


@pytest.mark.parametrize(
    "state, shown",
    [
        ("closed", {"Done late"}),
        ("historic", {"From the archive"}),
        ("all", {"Open early", "Open late", "Done late", "From the archive"}),
    ],
)
def test_the_log_filters_by_state(client, committee, state, shown):
    text = log(client, committee, status=state)
    everything = {"Open early", "Open late", "Done late", "From the archive"}
    assert {t for t in everything if t in text} == shown
    if state == "historic":
        assert "Historic (state not recorded)" in text


def test_the_log_pages_and_keeps_its_filter(client, committee):
    item = Action.objects.get(text="Open late").item
    Action.objects.bulk_create(
        Action.on_item(item, text=f"Extra {n}", status="done") for n in range(ACTIONS_PER_PAGE)
    )
    response = client.get(
        reverse("site:committee_actions", args=[committee.slug]), {"status": "closed"}
    )
    assert b'href="?status=closed&amp;page=2"' in response.content
    second = log(client, committee, status="closed", page=2)
    assert second.count("Done") == 1


def test_the_api_log_matches_the_page(client, committee):
    url = reverse("api:committee_actions", args=[committee.slug])
    data = client.get(url, {"status": "all"}).json()
    assert_matches_schema(data, "ActionLog")
    assert data["status"] == "all" and data["count"] == 4
    assert [a["text"] for a in data["results"]][:2] in (
        ["Open late", "Done late"],
        ["Done late", "Open late"],
    )
    assert {a["status"] for a in data["results"]} == {"open", "done", "historic"}
    assert client.get(url, {"page": 2}).status_code == 404


def test_a_historic_action_shows_as_historic_on_its_item(client, committee):
    meeting = Action.objects.get(text="From the archive").item.meeting
    text = page_text(client.get(reverse("site:meeting_detail", args=[meeting.pk])))
    assert "From the archive" in text
    assert "Historic (state not recorded)" in text
