"""Review and recommendation forms: each one's happy path and its refusal."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from scrutiny.committees import services as record
from scrutiny.committees.models import Meeting
from scrutiny.reviews import services
from scrutiny.reviews.models import Review
from tests.helpers import assert_database_unchanged
from tests.site.staff.conftest import (
    assert_refused,
    banner,
    date_data,
    page,
    rec,
    summary_errors,
)

pytestmark = pytest.mark.django_db


def test_officer_starts_a_review(officer_client, demo):
    response = officer_client.post(
        reverse("staff:review-create"),
        {
            "committee": demo.committee.pk,
            "title": "Review of Waste Collection",
            "aim": "Fewer missed bins.",
            "concerns": "Missed bins\n\nAssisted collections\n",
        },
        follow=True,
    )
    review = Review.objects.get(slug="review-of-waste-collection")
    assert response.redirect_chain[-1][0] == reverse("staff:review", args=[review.slug])
    assert banner(response) == "Review “Review of Waste Collection” created"
    assert [c.text for c in review.concerns.all()] == ["Missed bins", "Assisted collections"]


def test_a_review_with_a_taken_web_address_is_refused(officer_client, demo):
    data = {"committee": demo.committee.pk, "title": "Again", "slug": demo.slug}
    with assert_database_unchanged():
        response = officer_client.post(reverse("staff:review-create"), data)
    assert_refused(
        response, f'A review with the web address "{demo.slug}" already exists.', "id_slug"
    )


def edit_data(review, **changes):
    data = {
        "version": review.version,
        "title": review.title,
        "aim": review.aim,
        "scope": review.scope,
        "stage": review.stage,
        **date_data("reported_to_executive_on", review.reported_to_executive_on),
    }
    return data | changes


def test_officer_edits_a_review(officer_client, demo):
    url = reverse("staff:review-edit", args=[demo.slug])
    response = officer_client.post(url, edit_data(demo, aim="A sharper aim."), follow=True)
    demo.refresh_from_db()
    assert demo.aim == "A sharper aim."
    assert banner(response) == "Review saved"


def test_an_edit_over_someone_elses_change_shows_what_changed(officer_client, demo):
    url = reverse("staff:review-edit", args=[demo.slug])
    stale = edit_data(demo, aim="My aim.")
    admin = get_user_model().objects.get(username="admin")
    services.review_update(actor=admin, review=demo, expected_version=demo.version, aim="Theirs.")
    with assert_database_unchanged():
        response = officer_client.post(url, stale)
    [message] = summary_errors(response)
    assert message.startswith("This review was changed by admin at ")
    assert f"(you edited version {demo.version}, it is now version {demo.version + 1})" in message
    assert "Nothing was saved" in message
    html = page(response)
    current = " ".join(html.xpath('//dl[contains(@class,"app-current-values")]')[0].itertext())
    assert "Theirs." in current
    assert html.xpath('//textarea[@name="aim"]')[0].text.strip() == "My aim."
    assert html.xpath('//input[@name="version"]/@value') == [str(demo.version + 1)]


def rec_data(**changes):
    data = {
        "number": 14,
        "reference": "CSSC (22/23) 14",
        "text": "That Members be offered a second screen.",
        "owner": "",
        **date_data("agreed_on", dt.date(2023, 3, 13)),
        **date_data("original_target_date", dt.date(2024, 3, 31)),
    }
    return data | changes


def test_officer_adds_a_recommendation(officer_client, demo):
    url = reverse("staff:recommendation-create", args=[demo.slug])
    response = officer_client.post(url, rec_data(), follow=True)
    assert banner(response) == "Recommendation 14 added"
    assert rec(demo, 14).current_target_date == dt.date(2024, 3, 31)


def test_a_target_before_the_date_agreed_is_refused(officer_client, demo):
    url = reverse("staff:recommendation-create", args=[demo.slug])
    data = rec_data(**date_data("original_target_date", dt.date(2023, 1, 1)))
    with assert_database_unchanged():
        response = officer_client.post(url, data)
    assert_refused(
        response,
        "The target date must not be before the date agreed, 13 March 2023.",
        "id_original_target_date",
    )


def test_a_duplicate_recommendation_number_is_refused(officer_client, demo):
    url = reverse("staff:recommendation-create", args=[demo.slug])
    with assert_database_unchanged():
        response = officer_client.post(url, rec_data(number=3))
    assert_refused(response, "This review already has a recommendation 3.", "id_number")


def test_officer_edits_a_recommendation(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version, "reference": "NEW 11", "text": r.text, "owner": r.owner_id}
    data |= date_data("agreed_on", r.agreed_on)
    officer_client.post(reverse("staff:recommendation-edit", args=[r.pk]), data)
    r.refresh_from_db()
    assert r.reference == "NEW 11"


def test_a_stale_recommendation_edit_is_refused(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version - 1, "reference": "OLD", "text": r.text, "owner": r.owner_id}
    with assert_database_unchanged():
        response = officer_client.post(reverse("staff:recommendation-edit", args=[r.pk]), data)
    assert "This recommendation was changed by someone else" in summary_errors(response)[0]


def test_officer_records_an_executive_response(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version, "response": "rejected", "reason": "No budget."}
    data |= date_data("received_on", dt.date(2023, 6, 20))
    response = officer_client.post(
        reverse("staff:executive-response", args=[r.pk]), data, follow=True
    )
    r.refresh_from_db()
    assert (r.response, r.response_reason) == ("rejected", "No budget.")
    assert banner(response) == "Executive response to recommendation 11 recorded"


def test_a_partial_acceptance_without_a_reason_is_refused(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version, "response": "partially-accepted", "reason": ""}
    data |= date_data("received_on", dt.date(2023, 6, 20))
    with assert_database_unchanged():
        response = officer_client.post(reverse("staff:executive-response", args=[r.pk]), data)
    assert_refused(
        response, "Give the executive's reason for not accepting it in full.", "id_reason"
    )


def test_officer_agrees_an_extension(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version, "reason": "Supplier delay."}
    data |= date_data("to_date", dt.date(2025, 9, 30))
    response = officer_client.post(reverse("staff:extension", args=[r.pk]), data, follow=True)
    r.refresh_from_db()
    assert r.current_target_date == dt.date(2025, 9, 30)
    assert banner(response) == "Recommendation 11 extended to 30 September 2025"


def test_an_extension_not_later_than_the_current_target_is_refused(officer_client, demo):
    r = rec(demo, 11)
    data = {"version": r.version, "reason": "Supplier delay."}
    data |= date_data("to_date", dt.date(2025, 1, 1))
    with assert_database_unchanged():
        response = officer_client.post(reverse("staff:extension", args=[r.pk]), data)
    assert_refused(
        response,
        "The new target date must be later than the current target date, 31 March 2025.",
        "id_to_date",
    )


def _resolution(demo, kind="resolved"):
    meeting = Meeting.objects.get(starts_at__date=dt.date(2024, 11, 18))
    item = record.agenda_item_create(actor=None, meeting=meeting, number="9", title="Update")
    return record.resolution_record(
        actor=None, item=item, parts=["Recommendation 12 is achieved."], kind=kind
    )


def test_officer_signs_off_through_a_resolution(officer_client, demo):
    r = rec(demo, 12)
    resolution = _resolution(demo)
    data = {"version": r.version, "status": "achieved", "resolution": resolution.pk}
    response = officer_client.post(reverse("staff:sign-off", args=[r.pk]), data, follow=True)
    r.refresh_from_db()
    assert r.closed_by == resolution
    assert banner(response) == "Recommendation 12 signed off as achieved"


def test_sign_off_by_a_recommendation_to_another_body_is_refused(officer_client, demo):
    r = rec(demo, 12)
    resolution = _resolution(demo, kind="recommended")
    data = {"version": r.version, "status": "achieved", "resolution": resolution.pk}
    with assert_database_unchanged():
        response = officer_client.post(reverse("staff:sign-off", args=[r.pk]), data)
    assert_refused(response, "A recommendation to another body is not a decision.", "id_resolution")


def test_sign_off_offers_only_this_committees_resolutions(officer_client, demo):
    html = page(officer_client.get(reverse("staff:sign-off", args=[rec(demo, 12).pk])))
    options = html.xpath('//select[@name="resolution"]/option[@value!=""]/text()')
    assert options
    assert all(o.startswith("Customer Services Scrutiny Committee") for o in options)
    assert html.xpath('//select[@name="resolution"]/option[@value=""]/text()') == [
        "Select a resolution"
    ]
