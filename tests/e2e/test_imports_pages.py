"""The tracker import pages (upload, column matching, preview, result) in a real
browser, checked with axe."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from scrutiny.people.roles import Role
from tests.e2e.navigation import follow
from tests.factories import make_user
from tests.imports.spreadsheets.conftest import council_a_rows, council_a_xlsx, make_review_shell

pytestmark = pytest.mark.e2e


@pytest.fixture
def signed_in_page(transactional_db, live_server, page):
    user = make_user("officer")
    user.groups.add(Group.objects.get_or_create(name=Role.SCRUTINY_OFFICER.label)[0])
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def test_upload_mapping_and_preview_pages_are_accessible(
    signed_in_page,
    live_server,
    axe_check,
    screenshot,
    tmp_path,
):
    tab = signed_in_page
    review = make_review_shell()
    tab.goto(live_server.url + "/staff/imports/")
    screenshot(tab, "imports-upload")
    axe_check(tab)

    follow(tab.get_by_role("button", name="Continue"))
    assert tab.locator(".govuk-error-summary").is_visible()
    axe_check(tab)

    rows = council_a_rows()
    rows[1][2] = "J Smyth"
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(council_a_xlsx(rows))
    tab.get_by_label("Review").select_option(label=review.title)
    tab.get_by_label("Upload the tracker").set_input_files(str(tracker))
    follow(tab.get_by_role("button", name="Continue"))
    assert tab.locator("h1").inner_text() == "Match the columns"
    screenshot(tab, "imports-mapping")
    axe_check(tab)

    follow(tab.get_by_role("button", name="Check the rows"))
    assert tab.locator("h1").inner_text() == "Check the rows"
    assert "did you mean 'Jo Smith'" in tab.locator(".govuk-error-summary").inner_text()
    screenshot(tab, "imports-preview")
    axe_check(tab)

    tab.get_by_label("Row 5").check()
    follow(tab.get_by_role("button", name="Import the tracker"))
    assert tab.locator(".govuk-panel__title").inner_text() == "Tracker imported"
    axe_check(tab)
