"""The admin obeys the services: records that have services are read-only there (so the
services' locks cannot be gone around), and every write the admin still makes (change
form, list edit, inline, "delete selected") is in the audit log."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Document,
    Issue,
    Meeting,
    MinutesCorrection,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
)
from scrutiny.core.models import AuditEvent
from scrutiny.reviews.models import (
    Concern,
    Evidence,
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)
from tests.committees.signed_meeting import make_signed_meeting, public_meeting_page
from tests.factories import make_officer, make_user
from tests.helpers import assert_database_unchanged

pytestmark = pytest.mark.django_db

# Every record a service writes, checks or locks.
SERVICE_MODELS = {
    Meeting,
    AgendaItem,
    Document,
    Attendance,
    Declaration,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
    Action,
    MinutesCorrection,
    Review,
    Concern,
    TimelineEntry,
    Recommendation,
    ProgressUpdate,
    Evidence,
    Extension,
    MonitoringReport,
}


@pytest.fixture
def clerk_admin(client):
    """A clerk with the admin's widest powers: the admin still may not go around the rules."""
    user = make_user("clerk.admin", is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get(name="Clerk"))
    client.force_login(user)
    return user


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def every_admin_and_inline():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin
        for inline in model_admin.get_inline_instances(None):
            yield inline.model, inline


def test_records_with_services_are_read_only_in_the_admin(rf, clerk_admin):
    request = rf.get("/admin/")
    request.user = clerk_admin
    seen = set()
    for model, model_admin in every_admin_and_inline():
        if model not in SERVICE_MODELS:
            continue
        seen.add(model)
        assert not model_admin.has_add_permission(request, *([None] * _takes_obj(model_admin)))
        assert not model_admin.has_change_permission(request, None), model_admin
        assert not model_admin.has_delete_permission(request, None), model_admin
        assert model_admin.has_view_permission(request, None), model_admin
        assert "delete_selected" not in _actions(model_admin, request)
    assert seen == SERVICE_MODELS


def _takes_obj(model_admin) -> int:
    return 1 if isinstance(model_admin, admin.options.InlineModelAdmin) else 0


def _actions(model_admin, request):
    if isinstance(model_admin, admin.options.InlineModelAdmin):
        return {}
    return model_admin.get_actions(request)


def test_the_minutes_of_a_signed_meeting_cannot_be_rewritten_in_the_admin(client, clerk_admin):
    meeting = make_signed_meeting()
    item = meeting.items.exclude(minutes="").first()
    public = public_meeting_page(meeting)
    assert item.minutes in public
    page = client.get(admin_url(AgendaItem, "change", item.pk))
    assert page.status_code == 200  # still there to read
    assert b'name="minutes"' not in page.content
    with assert_database_unchanged():
        response = client.post(
            admin_url(AgendaItem, "change", item.pk),
            {
                "number": item.number,
                "position": item.position,
                "title": item.title,
                "meeting": meeting.pk,
                "visibility": item.visibility,
                "minutes": "Rewritten after signing.",
                "documents-TOTAL_FORMS": 0,
                "documents-INITIAL_FORMS": 0,
                "declarations-TOTAL_FORMS": 0,
                "declarations-INITIAL_FORMS": 0,
                "actions-TOTAL_FORMS": 0,
                "actions-INITIAL_FORMS": 0,
            },
        )
    assert response.status_code == 403
    assert public_meeting_page(meeting) == public


def test_delete_selected_is_refused_on_a_signed_meeting(client, clerk_admin):
    meeting = make_signed_meeting()
    with assert_database_unchanged():
        client.post(
            admin_url(Meeting, "changelist"),
            {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
        )
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_delete_selected_writes_an_audit_event_for_each_record(client, clerk_admin):
    first = Issue.objects.create(title="Libraries", slug="libraries")
    second = Issue.objects.create(title="Parks", slug="parks")
    response = client.post(
        admin_url(Issue, "changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Issue.objects.exists()
    events = AuditEvent.objects.filter(action="issue.admin_delete").order_by("object_id")
    assert [e.object_id for e in events] == [str(first.pk), str(second.pk)]
    assert events[0].before["title"] == "Libraries" and events[0].after == {}
    assert {e.actor for e in events} == {clerk_admin}


def committee_form(committee, memberships=()):
    data = {
        "name": committee.name,
        "slug": committee.slug,
        "kind": committee.kind,
        "description": committee.description,
        "monitoring_interval_months": committee.monitoring_interval_months,
        "scrutiny_officer": "",
        "memberships-TOTAL_FORMS": len(memberships),
        "memberships-INITIAL_FORMS": sum(1 for m in memberships if m.get("id")),
    }
    for n, membership in enumerate(memberships):
        for key, value in membership.items():
            data[f"memberships-{n}-{key}"] = value
    return data


def test_inline_edits_write_audit_events(client, clerk_admin):
    committee = Committee.objects.create(name="Audit", slug="audit")
    chair, member = make_officer("Ann Chair"), make_officer("Bob Member")
    url = admin_url(Committee, "change", committee.pk)
    added = {"committee": committee.pk, "person": chair.pk, "role": "member", "started_on": ""}
    assert client.post(url, committee_form(committee, [added])).status_code == 302
    membership = committee.memberships.get()
    event = AuditEvent.objects.get(action="membership.admin_add")
    assert event.object_id == str(membership.pk) and event.after["role"] == "member"

    changed = {**added, "id": membership.pk, "role": "chair"}
    new = {"committee": committee.pk, "person": member.pk, "role": "member", "started_on": ""}
    assert client.post(url, committee_form(committee, [changed, new])).status_code == 302
    event = AuditEvent.objects.get(action="membership.admin_change")
    assert event.before == {"role": "member"} and event.after == {"role": "chair"}
    assert AuditEvent.objects.filter(action="membership.admin_add").count() == 2

    deleted = {**changed, "DELETE": "on"}
    kept = {**new, "id": committee.memberships.get(person=member).pk}
    assert client.post(url, committee_form(committee, [deleted, kept])).status_code == 302
    event = AuditEvent.objects.get(action="membership.admin_delete")
    assert event.object_id == str(membership.pk) and event.before["role"] == "chair"
    assert list(committee.memberships.values_list("person", flat=True)) == [member.pk]


def test_list_edits_are_audited(client, clerk_admin):
    status = Status.objects.order_by("order").first()
    statuses = list(Status.objects.all())
    data = {
        "form-TOTAL_FORMS": len(statuses),
        "form-INITIAL_FORMS": len(statuses),
        "_save": "Save",
    }
    for n, each in enumerate(statuses):
        data[f"form-{n}-id"] = each.pk
        data[f"form-{n}-order"] = each.order + (100 if each == status else 0)
    response = client.post(admin_url(Status, "changelist"), data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="status.admin_change")
    assert event.object_id == str(status.pk)
    assert event.after == {"order": status.order + 100}


def test_accounts_are_read_only_in_the_admin(client, clerk_admin):
    """Accounts are made and changed through `committees.accounts.account_save` (the
    accounts pages, the command): the admin adds, changes, deletes and sets passwords of
    none, so its rules cannot be gone around there."""
    user = make_user("new.clerk")
    clerk = Group.objects.get(name="Clerk")
    stored = (user.password, list(user.groups.all()), user.is_superuser)
    assert client.get(admin_url(type(user), "change", user.pk)).status_code == 200  # to read
    assert b'name="username"' not in client.get(admin_url(type(user), "change", user.pk)).content
    posts = {
        admin_url(type(user), "change", user.pk): {
            "username": "new.clerk",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [clerk.pk],
        },
        admin_url(type(user), "add"): {
            "username": "sneaky",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
        reverse("admin:auth_user_password_change", args=[user.pk]): {
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
        admin_url(type(user), "delete", user.pk): {"post": "yes"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    user.refresh_from_db()
    assert (user.password, list(user.groups.all()), user.is_superuser) == stored
    assert not type(user).objects.filter(username="sneaky").exists()
    assert not AuditEvent.objects.exists()


def test_a_persons_account_is_not_linked_in_the_admin(client, clerk_admin):
    person = make_officer("Jo Bennett")
    response = client.post(
        admin_url(type(person), "change", person.pk),
        {"kind": "officer", "name": "Jo Bennett", "user": clerk_admin.pk},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is None


def test_the_admin_refuses_two_seats_at_once_on_a_committee(client, clerk_admin):
    from scrutiny.committees.models import Membership
    from tests.factories import make_committee, make_councillor

    committee = make_committee("Overview Committee")
    member = make_councillor("Ann Lee")
    Membership.objects.create(committee=committee, person=member, started_on="2024-05-01")
    prefix = "memberships"
    data = {
        "name": committee.name,
        "slug": committee.slug,
        "kind": committee.kind,
        "monitoring_interval_months": committee.monitoring_interval_months,
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": Membership.objects.get().pk,
        f"{prefix}-0-committee": committee.pk,
        f"{prefix}-0-person": member.pk,
        f"{prefix}-0-role": "member",
        f"{prefix}-0-started_on": "2024-05-01",
        f"{prefix}-1-committee": committee.pk,
        f"{prefix}-1-person": member.pk,
        f"{prefix}-1-role": "chair",
        f"{prefix}-1-started_on": "2025-01-01",
    }
    with assert_database_unchanged():
        response = client.post(admin_url(Committee, "change", committee.pk), data)
    assert response.status_code == 200
    assert "a person holds one seat on a committee at a time" in response.content.decode()
    data[f"{prefix}-0-ended_on"] = "2024-12-31"
    response = client.post(admin_url(Committee, "change", committee.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Membership.objects.filter(person=member).count() == 2


def test_sign_in_records_users_and_roles_render_in_the_admin(client, clerk_admin):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from scrutiny.people.models import DeviceCookieFailures, UnlockLink

    Client().post("/accounts/login/", {"username": "clerk.admin", "password": "wrong"})
    DeviceCookieFailures.objects.create(
        username="clerk.admin", device="abc", failures=1, last_failure_at=timezone.now()
    )
    UnlockLink.objects.create(user=clerk_admin, sent_to="clerk@council.example")
    models = (AccessAttempt, AccessFailureLog, AccessLog, DeviceCookieFailures, UnlockLink)
    for model in (*models, type(clerk_admin), Group):
        assert model.objects.exists(), model
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        obj = model.objects.first()
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_lifting_a_lockout_in_the_admin_is_audited(client, clerk_admin):
    from axes.models import AccessAttempt

    Client().post("/accounts/login/", {"username": "someone", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="someone")
    response = client.post(admin_url(AccessAttempt, "delete", attempt.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="accessattempt.admin_delete")
    assert event.before["username"] == "someone"


def test_every_admin_that_can_write_is_audited(rf, clerk_admin):
    from scrutiny.core.admin import AuditedAdmin

    request = rf.get("/admin/")
    request.user = clerk_admin
    for model, model_admin in admin.site._registry.items():
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request, None)
            or model_admin.has_delete_permission(request, None)
        )
        if writes:
            assert isinstance(model_admin, AuditedAdmin), model
        else:
            assert not model_admin.get_inline_instances(request) or all(
                not inline.has_change_permission(request, None)
                for inline in model_admin.get_inline_instances(request)
            ), model
