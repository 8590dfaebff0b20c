"""The ModernGov sync's pages in a real browser against a ModernGov site on 127.0.0.1:
"Run it now" twice (the second run changes nothing), a run followed while it runs, and
the log; checked with axe, on a desktop and a phone."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from scrutiny.imports.models import SyncRun
from scrutiny.people.roles import Role
from tests.e2e.navigation import follow
from tests.factories import make_user
from tests.imports.sync_site import moderngov_site  # noqa: F401 (the "site" fixture)

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def clerk_page(transactional_db, live_server, page):
    user = make_user("clerk", first_name="Sam", last_name="Clerk")
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK.label)[0])
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def both_sizes(tab, screenshot, name: str) -> None:
    screenshot(tab, f"{name}-desktop")
    tab.set_viewport_size(PHONE)
    screenshot(tab, f"{name}-phone")
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab.set_viewport_size({"width": 1280, "height": 800})


def test_run_it_now_twice_and_read_the_log(clerk_page, live_server, site, axe_check, screenshot):
    tab = clerk_page
    tab.goto(live_server.url + "/staff/")
    follow(tab.get_by_role("link", name="ModernGov sync"))
    assert tab.locator("h1").inner_text() == "ModernGov sync"
    assert "The sync has not run yet." in tab.locator("main").inner_text()
    axe_check(tab)

    follow(tab.get_by_role("button", name="Run it now"))
    assert "Changes imported" in tab.locator("main").inner_text()
    assert tab.locator("#sync-meetings tbody tr").count() == 3
    axe_check(tab)
    both_sizes(tab, screenshot, "moderngov-sync-first-run")

    follow(tab.get_by_role("link", name="Every run of the sync"))
    follow(tab.get_by_role("button", name="Run it now"))
    main = tab.locator("main").inner_text()
    assert "Nothing changed: the record already held everything" in main
    assert SyncRun.objects.count() == 2

    follow(tab.get_by_role("link", name="Every run of the sync"))
    assert tab.locator("#sync-runs tbody tr").count() == 2
    axe_check(tab)
    both_sizes(tab, screenshot, "moderngov-sync-runs")


def test_a_run_under_way_is_followed(clerk_page, live_server, site, axe_check, screenshot):
    now = timezone.now()
    run = SyncRun.objects.create(
        trigger=SyncRun.Trigger.SCHEDULE,
        state=SyncRun.State.RUNNING,
        started_at=now,
        heartbeat_at=now,
        stage="Importing new and changed meetings",
        steps_done=40,
        steps_total=120,
        site=site.url,
        committees=["123"],
        from_date=timezone.localdate(),
    )
    tab = clerk_page
    tab.goto(f"{live_server.url}/staff/imports/moderngov/sync/runs/{run.pk}/?updates=off")
    assert "40 of 120 meetings (33%)" in tab.locator("main").inner_text()
    axe_check(tab)
    both_sizes(tab, screenshot, "moderngov-sync-running")

    tab.goto(f"{live_server.url}/staff/imports/moderngov/sync/")
    assert "under way" in tab.locator("#in-flight").inner_text()
    follow(tab.get_by_role("button", name="Run it now"))  # a second click: the same run
    assert tab.url.endswith(f"/sync/runs/{run.pk}/")
    assert SyncRun.objects.count() == 1
