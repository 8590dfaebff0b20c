"""Every list a staff form offers reads through the publishing rules for the signed-in
user. A committee's named scrutiny officer who holds no role manages its reviews, but is
not entitled to exempt or confidential business, nor to an unpublished agenda or draft
minutes: the resolutions the extension, sign-off and decisions forms offer leave those
out, so their words never reach the page (nor can one be chosen by its id). Staff with a
role see everything, as on the meeting page."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.reviews.monitoring import monitoring_report_issue
from tests.factories import make_meeting, make_supported_review

pytestmark = pytest.mark.django_db
HIDDEN = "HIDDEN-RESOLUTION"


def resolve(item, words: str):
    return record.resolution_record(actor=None, item=item, parts=[words])


@pytest.fixture
def world():
    supported = make_supported_review()
    review, rec = supported.review, supported.recommendation
    committee = review.committee
    now = timezone.now()

    # A meeting whose agenda is not published and whose minutes are a draft.
    unpublished = make_meeting(committee, (now - dt.timedelta(days=10)).date(), status="held")
    for number, visibility, extra in (
        ("1", "public", {}),
        ("2", "exempt", {"exempt_paragraphs": [3], "public_interest_reason": "Contracts."}),
        ("3", "confidential", {}),
    ):
        item = record.agenda_item_create(
            actor=None,
            meeting=unpublished,
            number=number,
            title=f"Item {number}",
            visibility=visibility,
            **extra,
        )
        resolve(item, f"{HIDDEN}-unpublished-{visibility}")

    # A meeting with its agenda out and its minutes signed: its public resolution is
    # offered; its exempt one is not (the officer is no member of the committee).
    published = make_meeting(committee, (now - dt.timedelta(days=5)).date(), status="held")
    record.meeting_update(
        actor=None,
        meeting=published,
        expected_version=None,
        agenda_published_at=now - dt.timedelta(days=20),
    )
    published.refresh_from_db()
    open_item = record.agenda_item_create(
        actor=None, meeting=published, number="4", title="Monitoring"
    )
    public_resolution = resolve(open_item, "That the progress be noted.")
    exempt_item = record.agenda_item_create(
        actor=None,
        meeting=published,
        number="5",
        title="Contract award",
        visibility="exempt",
        exempt_paragraphs=[3],
        public_interest_reason="Contracts.",
    )
    resolve(exempt_item, f"{HIDDEN}-published-exempt")
    record.minutes_set_status(actor=None, meeting=published, status="signed")

    report = monitoring_report_issue(
        actor=None,
        review=review,
        meeting=unpublished,
        issued_on=(now - dt.timedelta(days=15)).date(),
    )
    return {
        "rec": rec,
        "review": review,
        "report": report,
        "public_resolution": public_resolution,
        "supporting officer": supported.supporting,
        "scrutiny officer": supported.officer,
    }


def get(user, url: str):
    client = Client()
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("form", ["staff:extension", "staff:sign-off"])
def test_a_supporting_officer_is_offered_only_resolutions_they_may_read(world, form):
    response = get(world["supporting officer"], reverse(form, args=[world["rec"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert HIDDEN not in html
    assert "That the progress be noted." in html


@pytest.mark.parametrize("form", ["staff:extension", "staff:sign-off"])
def test_staff_with_a_role_are_offered_every_resolution(world, form):
    response = get(world["scrutiny officer"], reverse(form, args=[world["rec"].pk]))
    html = response.content.decode()
    for visibility in ("public", "exempt", "confidential"):
        assert f"{HIDDEN}-unpublished-{visibility}" in html
    assert f"{HIDDEN}-published-exempt" in html


def test_a_supporting_officer_cannot_choose_a_resolution_they_may_not_read(world):
    rec = world["rec"]
    hidden = rec.review.committee.meetings.get(agenda_published_at=None)
    resolution = hidden.items.get(number="2").resolutions.get()
    client = Client()
    client.force_login(world["supporting officer"])
    response = client.post(
        reverse("staff:extension", args=[rec.pk]),
        {
            "version": rec.version,
            "to_date_day": 1,
            "to_date_month": 1,
            "to_date_year": 2030,
            "reason": "More time.",
            "resolution": resolution.pk,
        },
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert not rec.extensions.exists()


def test_the_decisions_form_offers_no_resolution_of_an_unpublished_agenda(world):
    report = world["report"]
    url = reverse("staff:report-decisions", args=[world["review"].slug, report.sequence])
    # The report went to a meeting whose agenda and minutes are not out: nothing there is
    # the supporting officer's to read, so there is no decision to record yet.
    response = get(world["supporting officer"], url)
    assert HIDDEN not in response.content.decode()
    assert response.status_code == 404
    response = get(world["scrutiny officer"], url)
    assert response.status_code == 200
    assert f"{HIDDEN}-unpublished-confidential" in response.content.decode()


def test_the_review_page_lists_no_report_document_the_user_may_not_read(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = world["report"]
    item = report.meeting.items.get(number="3")  # confidential, on an unpublished agenda
    type(report).objects.filter(pk=report.pk).update(item=item)
    document = record.document_add(
        actor=None,
        item=item,
        title="Appendix",
        file=ContentFile(b"%PDF-1.4 appendix", name="appendix.pdf"),
        file_format="PDF",
    )
    link = reverse("staff:document-file", args=[document.pk])
    url = reverse("staff:review", args=[world["review"].slug])
    assert link not in get(world["supporting officer"], url).content.decode()
    assert link in get(world["scrutiny officer"], url).content.decode()
