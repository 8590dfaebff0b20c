"""Every staff form, filled in with anything, as a role allowed to use it: never a 500, and
a form that comes back refused says why in its error summary.

The forms are the staff URLs of the authorisation matrix (`MATRIX`, which a new staff URL
must join), each signed in as the first role its POST row serves: a page listed in
`WITHOUT_A_FORM` must show none, and every other one must show the form that is fuzzed.
Steps that need something in hand first (a tracker uploaded, a minutes page previewed, a
report's answers checked) are reached the way a person reaches them. Every example's
writes are undone before the next, and the uploads an import keeps between its steps put
back, so each example finds the step as the person left it."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.committees.models import Committee, Meeting
from scrutiny.reviews.models import Review, Status
from tests.fuzz.examples import kept_uploads, undone
from tests.fuzz.forms import (
    Form,
    as_filled_in,
    assert_no_server_error,
    assert_refusal_is_explained,
    bodies,
    forms_on,
)
from tests.fuzz.profile import EXAMPLES, FUZZ
from tests.fuzz.urls import QUERY, paths
from tests.fuzz.values import ids_and_slugs, uploaded, zipped
from tests.site.staff.test_authorisation_matrix import MATRIX
from tests.site.staff.world import (
    ROLES,
    STAFF_URLS,
    client_for,
    demo_world,  # noqa: F401 (the "world" fixture)
    url_for,
)

FIXTURES = Path(__file__).parent.parent / "imports" / "fixtures"
# Pages that only show or send something: their query strings and paths are fuzzed below.
WITHOUT_A_FORM = {
    "admin:index",
    "staff:accounts",
    "imports:done",
    "imports:export",
    "moderngov_sync:run",
    "staff:dashboard",
    "staff:document-file",
    "staff:evidence",
    "staff:meeting",
    "staff:meetings",
    "staff:recommendation",
    "staff:reviews",
    "staff:review",
    "staff:report",
    "staff:report-draft",
    "staff:report-draft-download",
}
# The least privileged first: the fuzz acts as someone the page is for, not an administrator.
PREFERENCE = ("owner", "councillor", "other-councillor", "clerk", "officer", "superuser")


# An import job's pages are its owner's (the officer's, in the world) alone.
JOB_PAGES = {
    f"{importer}:{page}"
    for importer in ("record_imports", "moderngov_imports")
    for page in ("job", "confirm", "retry")
}


def allowed_role(name: str, method: str = "POST") -> str:
    """The first role the matrix says the page serves ("ok"), or, for a step that needs
    something in hand first, sends on ("moved") or finds nothing in hand ("404"); or one
    it refuses only the method ("405"). An import job's pages: its owner."""
    if name in JOB_PAGES:
        return "officer"
    row = dict(zip(ROLES, MATRIX[name][0 if method == "GET" else 1].split(), strict=True))
    for wanted in ("ok", "moved", "404", "405"):
        for role in PREFERENCE:
            if row[role] == wanted:
                return role
    raise AssertionError(f"{name}: no role may {method} it")


def others() -> st.SearchStrategy[str]:
    """Ids and slugs of records of every kind: what a tampered form might name."""
    ids = []
    for label in ("people", "committees", "reviews"):
        for model in apps.get_app_config(label).get_models():
            ids += [str(pk) for pk in model.objects.values_list("pk", flat=True)]
    slugs = list(Review.objects.values_list("slug", flat=True))
    slugs += list(Committee.objects.values_list("slug", flat=True))
    slugs += list(Status.objects.values_list("code", flat=True))
    return ids_and_slugs(ids, slugs)


def the_form(client, url: str, action: str | None = None) -> Form:
    """The form a page shows (the one posting to `action`, if given)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return form_in(response, url, action)


def form_in(response, url: str, action: str | None = None) -> Form:
    found = [f for f in forms_on(response, url) if action is None or f.action == action]
    assert found, f"{url} shows no form" + (f" posting to {action}" if action else "")
    return found[0]


def submit_as_filled_in(client, url: str, **changes):
    """Submit the page's form as it comes, with `changes`; the answer must move on."""
    form = the_form(client, url)
    response = client.post(form.action, {**as_filled_in(form), **changes})
    assert response.status_code == 302, (url, response.status_code)
    return response["Location"]


# How to reach the forms that need something in hand first -------------------------------


def tracker_uploaded(client, world) -> None:
    tracker = client.get(url_for("imports:export", world)).content
    review = Review.objects.get(slug=world["slug"]).pk
    answer = client.post(
        reverse("imports:upload"),
        {"review": review, "tracker": uploaded("tracker.csv", tracker)},
    )
    assert answer.status_code == 302, answer.status_code


def reach_mapping(client, world) -> Form:
    tracker_uploaded(client, world)
    return the_form(client, reverse("imports:mapping"))


def reach_preview(client, world) -> Form:
    tracker_uploaded(client, world)
    submit_as_filled_in(client, reverse("imports:mapping"))
    return the_form(client, reverse("imports:preview"))


def reach_cancel(client, world) -> Form:
    tracker_uploaded(client, world)
    return the_form(client, reverse("imports:mapping"), action=reverse("imports:cancel"))


def reach_job_confirm(importer: str):
    """The confirm form on the page of a check the officer had done (the world's job)."""

    def reach(client, world) -> Form:
        page = url_for(f"{importer}:job", world)
        return form_in(client.get(page), page, action=url_for(f"{importer}:confirm", world))

    return reach


def reach_job_retry(importer: str, given: dict):
    """The "check it again" form on the page of a check that failed."""

    def reach(client, world) -> Form:
        for value in given.values():
            if hasattr(value, "seek"):
                value.seek(0)  # the same upload, read whole each time it is sent
        response = client.post(reverse(f"{importer}:upload"), given)
        assert response.status_code == 302, response.status_code
        page = response["Location"]
        job = page.rstrip("/").rsplit("/", 1)[-1]
        return form_in(client.get(page), page, action=reverse(f"{importer}:retry", args=[job]))

    return reach


def reach_issue_check(client, world) -> Form:
    # Issued on the demo's day: the meetings it may go to are after it.
    day = datetime.date.fromisoformat(django_settings.SCRUTINY_DEMO_AS_OF)
    check = submit_as_filled_in(
        client,
        url_for("staff:report-issue", world),
        issued_on_day=day.day,
        issued_on_month=day.month,
        issued_on_year=day.year,
    )
    return the_form(client, check)


def reach_reissue_check(client, world) -> Form:
    check = submit_as_filled_in(
        client, url_for("staff:report-reissue", world), reason="A target date was wrong"
    )
    return the_form(client, check)


REACHED_BY_STEPS = {
    "imports:mapping": reach_mapping,
    "imports:preview": reach_preview,
    "imports:cancel": reach_cancel,
    "record_imports:confirm": reach_job_confirm("record_imports"),
    "moderngov_imports:confirm": reach_job_confirm("moderngov_imports"),
    "record_imports:retry": reach_job_retry(
        "record_imports", {"text": "Not a minutes page at all."}
    ),
    "moderngov_imports:retry": reach_job_retry(
        "moderngov_imports",
        {"saved": uploaded("answers.zip", zipped({"GetCommittees.xml": b"<broken"}))},
    ),
    "staff:report-issue-check": reach_issue_check,
    "staff:report-reissue-check": reach_reissue_check,
}
WITH_A_FORM = sorted(set(MATRIX) - WITHOUT_A_FORM)
# Forms shown only when something is set up: the settings they are fuzzed with. The sync's
# "Run it now" is shown once the sync has a site; its runs are queued for a worker that
# never comes (nothing is fetched).
SET_UP_WITH = {
    "moderngov_sync:runs": {
        "SCRUTINY_MODERNGOV_SITES": ["democracy.example.gov.uk"],
        "SCRUTINY_MODERNGOV_SYNC_URL": "https://democracy.example.gov.uk/",
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    },
}


# The forms of a meeting and its business write to one whose minutes are not signed (signed
# minutes refuse every change before a form's values reach a service); a correction is
# only for signed minutes.
ON_SIGNED_MINUTES = {"staff:correction"}


@pytest.fixture(scope="module")
def open_meeting(world, django_db_blocker) -> dict:
    """The world's URL arguments, with the meeting, item, action and document those of
    the next meeting, its item added as a clerk adds one (with an action and a paper)."""
    with django_db_blocker.unblock():
        meeting = Meeting.objects.get(pk=world["meeting"])
        later = Meeting.objects.filter(
            committee=meeting.committee, starts_at__gt=meeting.starts_at
        ).earliest("starts_at")
        clerk = client_for("clerk")
        args = {**world, "meeting": later.pk}
        submit_as_filled_in(
            clerk, url_for("staff:item-create", args), number="5", title="Fuzzed business"
        )
        item = later.items.get(number="5")
        args["item"] = item.pk
        submit_as_filled_in(clerk, url_for("staff:action", args), text="Report back")
        paper = uploaded("paper.pdf", b"%PDF-1.4 fuzzed paper")
        submit_as_filled_in(clerk, url_for("staff:document-add", args), title="Paper", file=paper)
        args["action"] = item.actions.get().pk
        args["document"] = item.documents.get().pk
    return args


def test_every_staff_url_is_a_form_or_a_page_without_one():
    assert not WITHOUT_A_FORM - set(MATRIX), sorted(WITHOUT_A_FORM - set(MATRIX))
    assert set(REACHED_BY_STEPS) <= set(WITH_A_FORM)


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_A_FORM)
def test_every_staff_form_takes_anything_without_a_server_error(
    world, open_meeting, name, settings
):
    for setting, value in SET_UP_WITH.get(name, {}).items():
        setattr(settings, setting, value)
    args = world if name in ON_SIGNED_MINUTES else open_meeting
    client = client_for(allowed_role(name), raise_request_exception=False)
    steps = REACHED_BY_STEPS.get(name)
    form = steps(client, args) if steps else the_form(client, url_for(name, args))
    named = others()
    with kept_uploads() as kept:

        @FUZZ
        @given(data=st.data())
        def fuzz(data):
            with undone(kept):
                body = data.draw(bodies(form, named), label="body")
                answer = client.post(form.action, **body)
                assert_no_server_error(answer, f"POST {form.action}")
                assert_refusal_is_explained(answer, form, form.action)

        fuzz()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WITHOUT_A_FORM))
def test_pages_without_a_form_show_none(world, name):
    client = client_for(allowed_role(name, "GET"))
    response = client.get(url_for(name, world))
    if response.status_code == 200 and "html" in response["Content-Type"]:
        assert not forms_on(response, url_for(name, world)), f"{name} shows a form: fuzz it"


# Paths and query strings of every staff URL ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_staff_url_takes_any_path_and_query_string(world, name):
    client = client_for(allowed_role(name, "GET"), raise_request_exception=False)

    @settings(FUZZ, max_examples=max(5, EXAMPLES // 2))  # most pages read no query string
    @given(path=paths(STAFF_URLS[name], url_for(name, world)), query=QUERY)
    def fuzz(path, query):
        with undone():
            answer = client.get(f"{path}?{query}")
            assert_no_server_error(answer, f"GET {path}?{query}")

    fuzz()
