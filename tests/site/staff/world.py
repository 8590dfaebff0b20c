"""The demo world the authorisation matrix and the fuzz tests share: the demo plus what it
lacks (a councillor of another committee, an evidence file, a user with no role), every
staff URL read from the resolver, and how to fill in a URL's arguments and sign in as one
of the roles."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from scrutiny.committees.models import Action, Committee, Document, Membership, Visibility
from scrutiny.imports.job_queue import job_check_kept, job_check_upload
from scrutiny.imports.models import ImportJob, SyncRun
from scrutiny.imports.moderngov_saved import save_upload
from scrutiny.people.models import Person
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Evidence, MonitoringReport, ProgressUpdate, Review
from tests.helpers import module_world
from tests.imports.conftest import FIXTURES

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


def url_routes() -> dict[str, str]:
    """Every named URL of the project, from the resolver: name -> route."""
    found = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                found[namespace + entry.name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def staff_urls() -> dict[str, str]:
    """Every URL under /staff/, and the admin index: name -> route."""
    return {
        name: route
        for name, route in url_routes().items()
        if route.startswith("staff/") or name == "admin:index"
    }


def build_demo_world() -> dict:
    """The demo plus what it lacks (a councillor of another committee, an evidence file, a
    user with no role); the values that fill in the staff URLs' arguments (`url_for`)."""
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
    # A minutes page and ModernGov answers the officer has had checked (the test settings
    # run the checks at once).
    officer = users.objects.get(username=USERNAMES["officer"])
    minutes_job = job_check_upload(
        owner=officer,
        kind=ImportJob.Kind.MINUTES,
        data=(FIXTURES / "issue_customer_services.txt").read_bytes(),
    )
    answers = save_upload(
        [
            (path.name, io.BytesIO(path.read_bytes()), path.stat().st_size)
            for path in sorted((FIXTURES / "moderngov").glob("*.xml"))
        ]
    )
    moderngov_job = job_check_kept(
        owner=officer, kind=ImportJob.Kind.MODERNGOV, token=answers.token
    )
    assert minutes_job.state == moderngov_job.state == ImportJob.State.DONE
    # A run of the ModernGov sync, as its log keeps it.
    sync = SyncRun.objects.create(
        trigger=SyncRun.Trigger.SCHEDULE,
        state=SyncRun.State.DONE,
        outcome=SyncRun.Outcome.NOTHING_CHANGED,
        in_flight=None,
        unchanged=1,
        meetings=[
            {
                "date": "2024-09-16",
                "committee": "Customer Services Scrutiny Committee",
                "source_id": "4567",
                "outcome": "imported",
                "change": "unchanged",
                "reason": "",
                "id": document.item.meeting_id,
            }
        ],
    )
    reports = MonitoringReport.objects.filter(review=review).order_by("-sequence")
    return {
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
        "job": {"record_imports": minutes_job.pk, "moderngov_imports": moderngov_job.pk},
        "run": sync.pk,
    }


@pytest.fixture(scope="module", name="world")
def demo_world(django_db_setup, django_db_blocker):
    """The demo world, loaded once for the module (`tests.helpers.module_world`)."""
    with module_world(django_db_blocker, build_demo_world) as args:
        yield args


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
        elif kwarg == "job":  # each importer's own job
            kwargs["job"] = args["job"][name.split(":")[0]]
        else:
            kwargs[kwarg] = args[kwarg]
    return resolve_url(name, **kwargs)


def client_for(role: str, **options) -> Client:
    """A test client signed in as the role (`options` go to the client)."""
    client = Client(**options)
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
    return client
