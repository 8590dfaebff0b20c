"""The authorisation matrix: every staff URL x every role x GET and POST, with the expected
answer in one table (MATRIX). The URLs are read from the resolver, so a new staff URL with
no row here fails `test_every_staff_url_has_a_row`.

Answers, asserted exactly:
  ok      200
  moved   302 somewhere other than the site's sign-in page (the admin's own sign-in, the
          public page of a meeting, or back to the start of an import with nothing in hand)
  signin  302 to the sign-in page
  403     a signed-in user whose role does not reach the page ("You cannot use this page")
  404     a record the user may not see (answered as if it did not exist), or a step of an
          import with nothing in hand
  405     the URL does not take that method

A POST carries an empty body. It must never answer 500 and never change the database, for
anyone: whoever the page refuses, and whoever it serves (an empty form is not a change).
"""

import pytest
from django.shortcuts import resolve_url

from tests.helpers import assert_database_unchanged
from tests.site.staff.world import (
    ROLES,
    STAFF_URLS,
    client_for,
    demo_world,  # noqa: F401 (the "world" fixture)
    url_for,
)

# Columns, in order: anonymous, no-role, owner, councillor, other-councillor, clerk, officer,
# superuser. The owner owns the recommendation (and the evidence) the row's URL names; the
# councillor sits on the review's committee, the other councillor on another committee.
CLERKS = "signin 403 403 403 403 ok 403 ok"
OFFICERS = "signin 403 403 403 403 403 ok ok"
CLERKS_AND_OFFICERS = "signin 403 403 403 403 ok ok ok"
WORKSPACE = "signin 403 ok ok ok ok ok ok"  # read pages: every role
ADMINISTRATORS = "signin 403 403 403 403 403 403 ok"

# URL name: (GET, POST).
# An import job the officer started, and the forms acting on it (an empty POST names no
# job, so it is sent back to the job's page).
JOB_PAGE_GET = "signin 403 403 403 403 404 ok ok"
JOB_PAGE_POST = "signin 403 403 403 403 405 405 405"
JOB_ACTION_GET = "signin 403 403 403 403 405 405 405"
JOB_ACTION_POST = "signin 403 403 403 403 404 moved moved"
MATRIX: dict[str, tuple[str, str]] = {
    "admin:index": (
        "moved moved moved moved moved ok ok ok",
        "moved moved moved moved moved ok ok ok",
    ),
    "imports:cancel": (
        "signin 403 403 403 403 403 moved moved",
        "signin 403 403 403 403 403 moved moved",
    ),
    "imports:done": (
        "signin 403 403 403 403 403 moved moved",
        "signin 403 403 403 403 403 moved moved",
    ),
    "imports:export": (OFFICERS, "405 405 405 405 405 405 405 405"),
    "imports:mapping": ("signin 403 403 403 403 403 404 404", "signin 403 403 403 403 403 404 404"),
    "imports:preview": ("signin 403 403 403 403 403 404 404", "signin 403 403 403 403 403 404 404"),
    "imports:upload": (OFFICERS, OFFICERS),
    # The import jobs the officer started: their owner and administrators only.
    "moderngov_imports:confirm": (JOB_ACTION_GET, JOB_ACTION_POST),
    "moderngov_imports:job": (JOB_PAGE_GET, JOB_PAGE_POST),
    "moderngov_imports:retry": (JOB_ACTION_GET, JOB_ACTION_POST),
    "moderngov_imports:upload": (CLERKS_AND_OFFICERS, CLERKS_AND_OFFICERS),
    # The sync's runs are everyone's who may import; an empty POST asks for no run.
    "moderngov_sync:run": (CLERKS_AND_OFFICERS, "signin 403 403 403 403 405 405 405"),
    "moderngov_sync:runs": (CLERKS_AND_OFFICERS, "signin 403 403 403 403 moved moved moved"),
    "record_imports:confirm": (JOB_ACTION_GET, JOB_ACTION_POST),
    "record_imports:job": (JOB_PAGE_GET, JOB_PAGE_POST),
    "record_imports:retry": (JOB_ACTION_GET, JOB_ACTION_POST),
    "record_imports:upload": (CLERKS_AND_OFFICERS, CLERKS_AND_OFFICERS),
    "staff:account-active": (ADMINISTRATORS, ADMINISTRATORS),
    "staff:account-create": (ADMINISTRATORS, ADMINISTRATORS),
    "staff:account-edit": (ADMINISTRATORS, ADMINISTRATORS),
    "staff:account-invite": (ADMINISTRATORS, ADMINISTRATORS),
    "staff:accounts": (ADMINISTRATORS, ADMINISTRATORS),
    "staff:action": (CLERKS, CLERKS),
    "staff:action-close": (CLERKS, CLERKS),
    "staff:agenda-publish": (CLERKS, CLERKS),
    "staff:attendance": (CLERKS, CLERKS),
    "staff:correction": (CLERKS, CLERKS),
    "staff:dashboard": (WORKSPACE, WORKSPACE),
    "staff:declaration": (CLERKS, CLERKS),
    "staff:document-add": (CLERKS, CLERKS),
    "staff:document-file": ("signin 403 404 ok 404 ok ok ok", "signin 403 404 ok 404 ok ok ok"),
    "staff:document-publish": (CLERKS, CLERKS),
    "staff:evidence": ("signin 403 ok ok 404 ok ok ok", "signin 403 ok ok 404 ok ok ok"),
    "staff:executive-response": (OFFICERS, OFFICERS),
    "staff:extension": (OFFICERS, OFFICERS),
    "staff:item-create": (CLERKS, CLERKS),
    "staff:meeting": (
        "signin 403 moved moved moved ok ok ok",
        "signin 403 moved moved moved ok ok ok",
    ),
    "staff:meeting-create": (CLERKS, CLERKS),
    "staff:meeting-edit": (CLERKS, CLERKS),
    "staff:meetings": (WORKSPACE, WORKSPACE),
    "staff:minutes": (CLERKS, CLERKS),
    "staff:minutes-publish": (CLERKS, CLERKS),
    "staff:minutes-status": (CLERKS, CLERKS),
    "staff:motion": (CLERKS, CLERKS),
    "staff:progress-update": (
        "signin 403 ok 403 403 403 403 404",
        "signin 403 ok 403 403 403 403 404",
    ),
    "staff:recommendation": (WORKSPACE, WORKSPACE),
    "staff:recommendation-create": (OFFICERS, OFFICERS),
    "staff:recommendation-edit": (OFFICERS, OFFICERS),
    "staff:report": (WORKSPACE, WORKSPACE),
    "staff:report-decisions": (OFFICERS, OFFICERS),
    "staff:report-draft": (OFFICERS, OFFICERS),
    "staff:report-draft-download": (OFFICERS, OFFICERS),
    "staff:report-issue": (OFFICERS, OFFICERS),
    "staff:report-issue-check": (OFFICERS, OFFICERS),
    "staff:report-reissue": (OFFICERS, OFFICERS),
    "staff:report-reissue-check": (OFFICERS, OFFICERS),
    "staff:resolution": (CLERKS, CLERKS),
    "staff:review": (WORKSPACE, WORKSPACE),
    "staff:review-create": (OFFICERS, OFFICERS),
    "staff:review-edit": (OFFICERS, OFFICERS),
    "staff:reviews": (WORKSPACE, WORKSPACE),
    "staff:sign-off": (OFFICERS, OFFICERS),
    "staff:timeline-entry": (OFFICERS, OFFICERS),
    "staff:visibility": (CLERKS, CLERKS),
}


def answer(response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        signin = resolve_url("login")
        return "signin" if response["Location"].split("?")[0] == signin else "moved"
    return "ok" if code == 200 else str(code)


def expected(name: str, role: str, method: str) -> str:
    row = MATRIX[name][0 if method == "GET" else 1].split()
    assert len(row) == len(ROLES), f"{name}: one answer per role, in the order of ROLES"
    return row[ROLES.index(role)]


def test_every_staff_url_has_a_row():
    missing = sorted(set(STAFF_URLS) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(STAFF_URLS))
    assert not missing, f"add these staff URLs to the matrix: {missing}"
    assert not stale, f"these matrix rows name no URL any more: {stale}"


CASES = [
    (name, role, method) for name in sorted(MATRIX) for role in ROLES for method in ("GET", "POST")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_matrix(world, name, role, method):
    if name not in STAFF_URLS:
        pytest.fail(f"{name} is in the matrix but not a staff URL")
    url = url_for(name, world)
    client = client_for(role)  # a 500 raises here, with its traceback
    if method == "GET":
        assert answer(client.get(url)) == expected(name, role, method)
        return
    with assert_database_unchanged():
        assert answer(client.post(url, {})) == expected(name, role, method)
