"""Who declared an interest and left the room, in a real browser: beside the votes by name
on the public meeting page, and the checkbox on the clerk's declaration form, at a
desktop's width and a phone's, with axe."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import Membership
from scrutiny.people.roles import Role
from tests.e2e.navigation import follow
from tests.factories import make_committee, make_councillor, make_meeting, make_user

pytestmark = pytest.mark.e2e
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "a-clerk-password-1"


@pytest.fixture
def held(transactional_db):
    committee = make_committee("Place Scrutiny Committee")
    meeting = make_meeting(
        committee, timezone.localdate() - dt.timedelta(days=3), status="held", venue="Room 1"
    )
    record.meeting_update(
        actor=None,
        meeting=meeting,
        expected_version=None,
        agenda_published_at=timezone.now() - dt.timedelta(days=10),
    )
    ann, bob, cat, eve = (
        make_councillor(n) for n in ("Ann Able", "Bob Baker", "Cat Cole", "Eve Egan")
    )
    for person in (ann, bob, cat, eve):
        Membership.objects.create(committee=committee, person=person, role="member")
        record.attendance_record(actor=None, meeting=meeting, person=person, status="present")
    item = record.agenda_item_create(actor=None, meeting=meeting, number="3", title="Bus shelters")
    record.declaration_record(
        actor=None, item=item, person=eve, kind="dpi", text="Owns a bus company.", left_room=True
    )
    record.motion_record(
        actor=None, item=item, mover=ann, seconder=bob, outcome="carried",
        recorded_votes={ann: "for", bob: "for", cat: "against"},
    )  # fmt: skip
    record.minutes_set_status(actor=None, meeting=meeting, status="approved")
    return meeting


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_page_names_who_left_beside_the_votes(
    held, live_server, page, axe_check, screenshot, size
):
    page.set_viewport_size(SIZES[size])
    page.goto(f"{live_server.url}/meetings/{held.pk}/")
    votes = page.locator(".app-named-votes")
    assert "Declared an interest and left the room for this item (1)" in votes.inner_text()
    assert "Councillor Eve Egan" in votes.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "document.documentElement.clientWidth"
    )
    axe_check(page)
    page.locator(f"#item-{held.items.get().pk}").scroll_into_view_if_needed()
    screenshot(page, f"declarations-left-room-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_the_clerk_ticks_that_the_member_left(held, live_server, page, axe_check, screenshot, size):
    clerk = make_user("a.clerk")
    clerk.set_password(PASSWORD)
    clerk.save()
    clerk.groups.add(Group.objects.get(name=Role.CLERK.label))
    page.set_viewport_size(SIZES[size])
    page.goto(f"{live_server.url}/staff/")
    page.get_by_label("Username").fill("a.clerk")
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Sign in"))
    item = held.items.get()
    page.goto(live_server.url + reverse("staff:declaration", args=[item.pk]))
    page.get_by_label("Who declared it").select_option(index=1)
    page.get_by_label("Disclosable pecuniary interest").check()
    page.get_by_label("The interest").fill("Lives on the bus route.")
    page.get_by_label("They left the room for this item").check()
    axe_check(page)
    screenshot(page, f"declaration-form-{size}")
    follow(page.get_by_role("button", name="Record declaration"))
    assert item.declarations.get(text="Lives on the bus route.").left_room is True
