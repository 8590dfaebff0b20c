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

import shutil
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from scrutiny.committees.models import Action, Committee, Document, Membership, Visibility
from scrutiny.people.models import Person
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Evidence, MonitoringReport, ProgressUpdate, Review
from tests.helpers import assert_database_unchanged

REVIEW_SLUG = "members-ict-support-and-ict-service-delivery"
ROLES = (
    "anonymous",
    "no-role",
    "owner",
    "councillor",
    "other-councillor",
    "clerk",
    "officer",
    "superuser",
)
USERNAMES = {
    "no-role": "no.role",
    "owner": "owner",
    "councillor": "councillor",
    "other-councillor": "other.councillor",
    "clerk": "clerk",
    "officer": "scrutiny.officer",
    "superuser": "admin",
}

# Columns, in order: anonymous, no-role, owner, councillor, other-councillor, clerk, officer,
# superuser. The owner owns the recommendation (and the evidence) the row's URL names; the
# councillor sits on the review's committee, the other councillor on another committee.
CLERKS = "signin 403 403 403 403 ok 403 ok"
OFFICERS = "signin 403 403 403 403 403 ok ok"
CLERKS_AND_OFFICERS = "signin 403 403 403 403 ok ok ok"
WORKSPACE = "signin 403 ok ok ok ok ok ok"  # read pages: every role
ADMINISTRATORS = "signin 403 403 403 403 403 403 ok"

# URL name: (GET, POST).
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
    "moderngov_imports:confirm": (
        "signin 403 403 403 403 405 405 405",
        "signin 403 403 403 403 moved moved moved",
    ),
    "moderngov_imports:upload": (CLERKS_AND_OFFICERS, CLERKS_AND_OFFICERS),
    "record_imports:confirm": (
        "signin 403 403 403 403 405 405 405",
        "signin 403 403 403 403 moved moved moved",
    ),
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


def staff_urls() -> dict[str, str]:
    """Every URL under /staff/, and the admin index, from the resolver: name -> route."""
    found = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                name = namespace + entry.name
                if route.startswith("staff/") or name == "admin:index":
                    found[name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo plus what it lacks (a councillor of another committee, an evidence file, a
    user with no role), loaded once for the module; each test runs in a rolled-back
    savepoint inside one outer transaction that the module's end rolls back, so the
    database is left as the migrations made it (a flush would also empty their data)."""
    media = tempfile.mkdtemp()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
            call_command("load_demo")
            users = get_user_model()
            review = Review.objects.get(slug=REVIEW_SLUG)
            users.objects.create_user("no.role", password="pw")
            other_committee = Committee.objects.exclude(pk=review.committee_id).first()
            outsider = Person.objects.create(kind=Person.Kind.COUNCILLOR, name="Outside Member")
            Membership.objects.create(committee=other_committee, person=outsider)
            outsider.user = users.objects.create_user("other.councillor", password="pw")
            outsider.save()
            outsider.user.groups.add(Group.objects.get_or_create(name=Role.COUNCILLOR.label)[0])
            rec = review.recommendations.get(number=11)  # owned by the "owner" sign-in
            update = ProgressUpdate.objects.filter(recommendation=rec).first()
            evidence = Evidence(update=update, title="Proof")
            evidence.file.save("proof.pdf", ContentFile(b"%PDF-1.4 proof"))
            evidence.save()
            # An exempt paper: the publishing rules, not the role alone, decide who reads it.
            document = Document.objects.first()
            document.visibility = Visibility.EXEMPT
            document.file.save("paper.pdf", ContentFile(b"%PDF-1.4 paper"))
            reports = MonitoringReport.objects.filter(review=review).order_by("-sequence")
            args = {
                "slug": review.slug,
                "sequence": reports.first().sequence,  # the latest: the one that can be reissued
                "fmt": "docx",
                "file_format": "csv",
                "recommendation": rec.pk,
                "evidence": evidence.pk,
                "meeting": document.item.meeting_id,
                "item": document.item_id,
                "action": Action.objects.first().pk,
                "document": document.pk,
                "account": users.objects.get(username="no.role").pk,
            }
        with override_settings(MEDIA_ROOT=media):
            yield args
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
    shutil.rmtree(media, ignore_errors=True)


# The record a path's <int:pk> names, by the route's first segment after staff/.
PK_KINDS = {
    "accounts": "account",
    "recommendations": "recommendation",
    "evidence": "evidence",
    "meetings": "meeting",
    "items": "item",
    "actions": "action",
    "documents": "document",
}
STAFF_URLS = staff_urls()


def url_for(name: str, args: dict) -> str:
    route = STAFF_URLS[name]
    kwargs = {}
    for part in route.split("<")[1:]:
        converter_name = part.split(">")[0]
        kwarg = converter_name.split(":")[-1]
        if kwarg == "pk":
            kwargs["pk"] = args[PK_KINDS[route.split("/")[1]]]
        else:
            kwargs[kwarg] = args[kwarg]
    return resolve_url(name, **kwargs)


def client_for(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
    return client


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
