"""Who reaches which staff page: 403 for a page that is not theirs, 404 for a record."""

import pytest
from django.urls import reverse

from scrutiny.committees.models import Action, Document, Meeting
from tests.site.staff.conftest import rec, signed_in

pytestmark = pytest.mark.django_db


def review_pages(review, r):
    return [
        reverse("staff:review-create"),
        reverse("staff:review-edit", args=[review.slug]),
        reverse("staff:recommendation-create", args=[review.slug]),
        reverse("staff:recommendation-edit", args=[r.pk]),
        reverse("staff:executive-response", args=[r.pk]),
        reverse("staff:extension", args=[r.pk]),
        reverse("staff:sign-off", args=[r.pk]),
    ]


def clerk_pages():
    meeting = Meeting.objects.filter(items__isnull=False).distinct().first()
    item = meeting.items.first()
    return [
        reverse("staff:meeting-create"),
        reverse("staff:meeting-edit", args=[meeting.pk]),
        reverse("staff:item-create", args=[meeting.pk]),
        reverse("staff:minutes-status", args=[meeting.pk]),
        reverse("staff:agenda-publish", args=[meeting.pk]),
        reverse("staff:minutes-publish", args=[meeting.pk]),
        reverse("staff:minutes", args=[item.pk]),
        reverse("staff:visibility", args=[item.pk]),
        reverse("staff:motion", args=[item.pk]),
        reverse("staff:resolution", args=[item.pk]),
        reverse("staff:action", args=[item.pk]),
        reverse("staff:document-add", args=[item.pk]),
        reverse("staff:action-close", args=[Action.objects.first().pk]),
        reverse("staff:document-publish", args=[Document.objects.first().pk]),
    ]


def read_pages(review, r):
    return [
        reverse("staff:dashboard"),
        reverse("staff:reviews"),
        reverse("staff:review", args=[review.slug]),
        reverse("staff:recommendation", args=[r.pk]),
        reverse("staff:meetings"),
    ]


def statuses(client, urls):
    return {url: client.get(url).status_code for url in urls}


def test_every_role_reads_the_workspace(demo):
    urls = read_pages(demo, rec(demo, 11))
    for username in ("scrutiny.officer", "owner", "clerk", "councillor", "admin"):
        assert set(statuses(signed_in(username), urls).values()) == {200}, username


def test_the_clerks_meeting_page_is_for_staff_who_see_everything(demo):
    meeting = Meeting.objects.first()
    url = reverse("staff:meeting", args=[meeting.pk])
    public = reverse("site:meeting_detail", args=[meeting.pk])
    for username in ("scrutiny.officer", "clerk", "admin"):
        assert signed_in(username).get(url).status_code == 200, username
    for username in ("owner", "councillor"):
        response = signed_in(username).get(url)
        assert (response.status_code, response["Location"]) == (302, public), username
        listing = signed_in(username).get(reverse("staff:meetings")).content.decode()
        assert f'href="{public}"' in listing and f'href="{url}"' not in listing


def test_scrutiny_officer_reaches_every_review_form(officer_client, demo):
    urls = review_pages(demo, rec(demo, 11))
    assert set(statuses(officer_client, urls).values()) == {200}


def test_clerk_reaches_every_meeting_form(clerk_client, demo):
    assert set(statuses(clerk_client, clerk_pages()).values()) == {200}


def test_councillor_cannot_reach_any_write_form(councillor_client, demo):
    r = rec(demo, 11)
    urls = [*review_pages(demo, r), reverse("staff:progress-update", args=[r.pk]), *clerk_pages()]
    assert set(statuses(councillor_client, urls).values()) == {403}
    response = councillor_client.get(urls[0])
    assert "You cannot use this page" in response.content.decode()


def test_councillor_cannot_post_to_a_write_form(councillor_client, demo):
    r = rec(demo, 11)
    response = councillor_client.post(
        reverse("staff:extension", args=[r.pk]), {"reason": "x", "version": r.version}
    )
    assert response.status_code == 403
    r.refresh_from_db()
    assert r.extensions.count() == 1


def test_clerk_cannot_manage_reviews(clerk_client, demo):
    assert set(statuses(clerk_client, review_pages(demo, rec(demo, 11))).values()) == {403}


def test_scrutiny_officer_does_not_clerk_meetings(officer_client, demo):
    assert set(statuses(officer_client, clerk_pages()).values()) == {403}


def test_owner_reaches_the_update_form_of_their_own_recommendation(owner_client, demo):
    response = owner_client.get(reverse("staff:progress-update", args=[rec(demo, 11).pk]))
    assert response.status_code == 200


def test_owner_cannot_update_someone_elses_recommendation(owner_client, demo):
    others = rec(demo, 10)  # owned by the Facilities Manager
    url = reverse("staff:progress-update", args=[others.pk])
    assert owner_client.get(url).status_code == 404
    response = owner_client.post(url, {"narrative": "Not mine", "version": others.version})
    assert response.status_code == 404
    assert others.updates.count() == rec(demo, 10).updates.count()


def test_owner_cannot_manage_reviews(owner_client, demo):
    assert set(statuses(owner_client, review_pages(demo, rec(demo, 11))).values()) == {403}


def test_missing_records_are_404(officer_client, demo):
    assert officer_client.get(reverse("staff:extension", args=[99999])).status_code == 404
    assert (
        officer_client.get(reverse("staff:review-edit", args=["no-such-review"])).status_code == 404
    )


def test_a_sign_in_with_no_role_is_refused_the_workspace(db, client):
    from tests.factories import make_user

    client.force_login(make_user())
    assert client.get(reverse("staff:dashboard")).status_code == 403
