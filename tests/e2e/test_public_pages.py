"""Every public page template, with the demo council, in a real browser: screenshots to
look at, and axe-core finding no WCAG 2.2 A or AA problem."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import AgendaItem, Meeting
from scrutiny.demo import facts as f
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Status
from scrutiny.reviews.vocabulary import install_default_statuses
from tests.e2e.axe import AccessibilityViolations

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, page):
    """The demo council. It needs the statuses and groups that migrations create, which an
    earlier browser test's flush removes, so they are put back first. Loaded once the
    browser is running (`page`), on the database connection the test itself will use."""
    for role in Role:
        Group.objects.get_or_create(name=role.label)
    install_default_statuses(Status)
    call_command("load_demo", verbosity=0)


def public_pages() -> dict[str, str]:
    item = AgendaItem.objects.select_related("meeting", "issue").get(number="27")
    next_meeting = (
        Meeting.objects.filter(starts_at__gt=item.meeting.starts_at).order_by("starts_at").first()
    )
    record.meeting_update(
        actor=None,
        meeting=next_meeting,
        expected_version=None,
        agenda_published_at=next_meeting.starts_at - dt.timedelta(days=7),
    )
    return {
        "home": reverse("site:home"),
        "committees": reverse("site:committee_list"),
        "committee": reverse("site:committee_detail", args=[item.meeting.committee.slug]),
        "meeting": reverse("site:meeting_detail", args=[item.meeting.pk]),
        # The next meeting: its agenda published, item 27's action a matter arising.
        "meeting-matters-arising": reverse("site:meeting_detail", args=[next_meeting.pk]),
        "issue": reverse("site:issue_detail", args=[item.issue.slug]),
        "reviews": reverse("site:review_list"),
        "review": reverse("site:review_detail", args=[f.REVIEW_SLUG]),
        "recommendation": reverse("site:recommendation_detail", args=[f.REVIEW_SLUG, 13]),
        "accessibility": reverse("site:accessibility"),
    }


def test_every_public_page_is_accessible(demo, live_server, page, axe_check, screenshot):
    failures = {}
    for name, path in public_pages().items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1, path
        screenshot(page, f"public-{name}")
        try:
            axe_check(page)
        except AccessibilityViolations as problem:
            failures[name] = str(problem)
    assert failures == {}


def test_meeting_page_on_a_phone(demo, live_server, page, axe_check, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    for name in ("meeting", "review"):
        page.goto(live_server.url + public_pages()[name])
        screenshot(page, f"public-{name}-phone")
        axe_check(page)
