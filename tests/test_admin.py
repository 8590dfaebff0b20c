"""Every model has an admin an officer can work in: each list, search and form renders."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from scrutiny.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PROJECT_APPS = {"core", "people", "committees", "reviews"}


@pytest.fixture
def officer_client(client, django_user_model):
    call_command("load_demo")
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def project_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]


def test_every_project_model_has_an_admin():
    from django.apps import apps

    registered = {model for model, _ in project_admins()}
    for _, model_admin in project_admins():
        registered |= {inline.model for inline in model_admin.inlines}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            assert model in registered or model._meta.auto_created, model


def test_every_admin_list_search_and_change_page_renders(officer_client):
    for model, _ in project_admins():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert officer_client.get(changelist).status_code == 200, changelist
        assert officer_client.get(changelist, {"q": "ICT"}).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert officer_client.get(change).status_code == 200, change


def test_review_admin_shows_its_recommendations_inline(officer_client):
    from scrutiny.reviews.models import Review

    review = Review.objects.get()
    page = officer_client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert b"That necessary works be completed in the Council Chamber" in page.content


def test_changes_made_in_the_admin_are_audited(officer_client):
    from scrutiny.committees.models import Committee

    committee = Committee.objects.get(slug="cabinet")
    url = reverse("admin:committees_committee_change", args=[committee.pk])
    response = officer_client.post(
        url,
        {
            "name": "Cabinet",
            "slug": "cabinet",
            "kind": "cabinet",
            "description": "The executive.",
            "monitoring_interval_months": 6,
            "scrutiny_officer": "",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    event = AuditEvent.objects.get(action="committee.admin_change")
    assert event.after == {"description": "The executive."}
    assert event.actor.username == "admin"
