"""What the public reads is what the committee agreed. An owner's "On track" on a
recommendation 20 months past its target neither turns it green nor moves the headline
summary: it is shown beside the agreed status as the service's, dated, and the
recommendation shows as overdue and counts among the exceptions. A recommendation agreed
today is not overdue. Public page, recommendation page, API and staff page alike."""

import datetime as dt
from dataclasses import dataclass

import lxml.html
import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from scrutiny.people.roles import Role
from scrutiny.publishing.reviews import review_page
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.reviews.selectors import review_exceptions, review_progress_summary
from tests.api.conftest import assert_matches_schema, get_json
from tests.core.cache_support import committed, turn_on_page_cache
from tests.factories import make_committee, make_officer, make_review, make_user
from tests.site.public.conftest import page_text

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    review: Review
    late: Recommendation  # 20 months past its target; its owner says "On track" today
    new: Recommendation  # agreed today, due today
    today: dt.date


def _recommend(review, number, *, agreed_on, target, owner):
    return reviews.recommendation_create(
        actor=None, review=review, number=number, text=f"Recommendation text {number}.",
        agreed_on=agreed_on, original_target_date=target, owner=owner,
    )  # fmt: skip


@pytest.fixture
def scene() -> Scene:
    today = timezone.localdate()
    with committed():
        review = make_review(make_committee(), title="Review of libraries")
        reviews.review_update(actor=None, review=review, expected_version=None, stage="monitoring")
        owner = make_officer("Sam Owner")
        late = _recommend(
            review, 1, agreed_on=today - relativedelta(months=26),
            target=today - relativedelta(months=20), owner=owner,
        )  # fmt: skip
        new = _recommend(review, 2, agreed_on=today, target=today, owner=owner)
        reviews.progress_update_post(
            actor=None, recommendation=late, author=owner, as_of=today,
            proposed_status="on-track", narrative="Going well.",
        )  # fmt: skip
    late.refresh_from_db()
    return Scene(review=review, late=late, new=new, today=today)


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _row(html: str, number: int) -> lxml.html.HtmlElement:
    tree = lxml.html.document_fromstring(html)
    (link,) = tree.xpath(f"//table//td/a[normalize-space(.)='Recommendation {number}']")
    return link.getparent().getparent()


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_an_owners_update_leaves_the_agreed_status_and_headline(scene):
    scene.late.refresh_from_db()
    assert scene.late.status.code == "not-started"
    summary = review_progress_summary(review=scene.review)
    assert summary.count("on-track") == 0
    assert summary.sentence == "0 out of 2 recommendations achieved; 2 not started; 1 overdue"
    chart = review_page(review=scene.review).chart_rows
    assert ("On track", 0, "green") in chart


def test_public_review_page_shows_the_agreed_status_with_the_service_position_beside(client, scene):
    response = client.get(reverse("site:review_detail", args=[scene.review.slug]))
    html = response.content.decode()
    text = page_text(response)
    assert "0 out of 2 recommendations achieved; 2 not started; 1 overdue." in text
    late = _text(_row(html, 1))
    assert "Not started" in late and "Grey" in late
    assert "Green" not in late
    assert "Overdue" in late
    assert f"Service's position, {_long(scene.today)}: On track" in late
    new = _text(_row(html, 2))
    assert "Overdue" not in new
    assert "Service's position" not in new


def test_public_recommendation_page_labels_the_service_position_and_overdue(client, scene):
    url = reverse("site:recommendation_detail", args=[scene.review.slug, 1])
    tree = lxml.html.document_fromstring(client.get(url).content.decode())
    rows = {
        _text(row.xpath("dt")[0]): _text(row.xpath("dd")[0])
        for row in tree.xpath("//dl/div[dt and dd]")
    }
    assert rows["Status"].startswith("Not started Overdue RAG: Grey, as agreed by the committee")
    assert rows["Service's position"].startswith(f"{_long(scene.today)}: On track")
    url = reverse("site:recommendation_detail", args=[scene.review.slug, 2])
    assert "Overdue" not in page_text(client.get(url))


def test_api_gives_the_agreed_status_and_the_service_position_as_its_own_field(client, scene):
    data = get_json(client, reverse("api:review_detail", args=[scene.review.slug]))
    assert_matches_schema(data, "Review")
    late, new = data["recommendations"]
    assert (late["status"]["code"], late["rag"]) == ("not-started", "grey")
    assert late["service_position"] == {
        "status": {"code": "on-track", "label": "On track"},
        "rag": "green",
        "as_of": scene.today.isoformat(),
    }
    assert late["overdue"] is True
    assert (new["overdue"], new["service_position"]) == (False, None)
    assert data["summary"]["overdue"] == 1
    assert data["summary"]["by_status"]["on-track"] == 0
    assert [(e["recommendation"], e["overdue"]) for e in data["exceptions"]] == [(1, True)]
    assert data["exceptions"][0]["current_target_date"] == late["current_target_date"]


def test_exceptions_include_the_overdue_with_their_current_target(scene):
    (exception,) = review_exceptions(review=scene.review)
    assert exception.recommendation == scene.late
    assert exception.overdue
    assert exception.status.code == "not-started"
    assert exception.current_target_date == scene.late.current_target_date


def test_staff_review_page_shows_the_same(scene):
    user = make_user()
    user.groups.add(Group.objects.get_or_create(name=Role.SCRUTINY_OFFICER.label)[0])
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(reverse("staff:review", args=[scene.review.slug]))
    assert response.status_code == 200
    tree = lxml.html.document_fromstring(response.content.decode())
    assert _text(tree.get_element_by_id("agreed-summary")) == (
        "0 out of 2 recommendations achieved; 2 not started; 1 overdue"
    )
    rows = tree.xpath("//table[@id='recommendations']/tbody/tr")
    late, new = (_text(r) for r in rows)
    assert "Not started Overdue" in late
    assert f"Service's position, {_long(scene.today)}: On track" in late
    assert "Overdue" not in new
    exceptions = _text(tree.xpath("//h2[.='Exceptions']/following-sibling::ul[1]")[0])
    target = _long(scene.late.current_target_date)
    assert f"(recommendation 1, on track, overdue: its current target was {target})" in exceptions


def test_the_committee_agreeing_the_position_moves_the_headline(scene):
    reviews.recommendation_set_status(actor=None, recommendation=scene.late, status="on-track")
    summary = review_progress_summary(review=scene.review)
    assert summary.count("on-track") == 1
    assert summary.overdue == 1  # on track by the committee's word, still past its target


def test_a_cached_page_shows_overdue_from_the_next_day(client, scene, settings):
    """Overdue depends on today: the page cache's key has the date, so a page kept from
    the day a target falls due is not served the day after."""
    turn_on_page_cache(settings)
    url = reverse("site:review_detail", args=[scene.review.slug])
    assert "Overdue" not in _text(_row(client.get(url).content.decode(), 2))
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert "Overdue" in _text(_row(client.get(url).content.decode(), 2))
