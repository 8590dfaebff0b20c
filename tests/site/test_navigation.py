"""Navigation that links what the record connects: meeting ↔ item ↔ issue ↔ review ↔
recommendation, the committee in the breadcrumbs, the Workspace link on every page a
member of staff sees, and "Not yet public" on what staff see that the public does not."""

import datetime as dt

import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from scrutiny.committees.models import AgendaItem, Issue, Meeting, Visibility
from scrutiny.people.roles import Role
from scrutiny.reviews.models import Review
from tests.factories import make_committee, make_item, make_meeting, make_recommendation, make_user
from tests.site.conftest import css

pytestmark = pytest.mark.django_db

NOT_PUBLIC = "Not yet public"


def tree(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.document_fromstring(response.content.decode())


def hrefs(page, selector: str = "main a") -> list[str]:
    return [a.get("href") for a in css(page, selector)]


def breadcrumbs(page) -> list[str]:
    return [" ".join(li.text_content().split()) for li in css(page, ".govuk-breadcrumbs li")]


def staff(client, role: Role = Role.CLERK):
    user = make_user()
    user.groups.add(Group.objects.get(name=role.label))
    client.force_login(user)
    return user


@pytest.fixture
def record():
    """A review of an issue that came to two meetings of its committee: one with its
    agenda published and minutes approved, one whose agenda and draft minutes are not
    public yet; the published one also has an exempt item and an unpublished paper."""
    committee = make_committee("Growth Scrutiny Committee")
    issue = Issue.objects.create(title="Town centre growth", slug="town-centre-growth")
    review = Review.objects.create(
        title="Review of town centre growth", slug="growth-review", committee=committee, issue=issue
    )
    rec = make_recommendation(review, number=1)
    held = make_meeting(committee, dt.date(2024, 9, 16))
    on_issue = make_item(held, "5", title="Town centre growth: evidence", issue=issue)
    exempt = make_item(
        held, "9", title="Market hall lease", visibility=Visibility.EXEMPT, exempt_paragraphs=[3],
        public_interest_reason="Commercial terms.",
    )  # fmt: skip
    Meeting.objects.filter(pk=held.pk).update(
        agenda_published_at=timezone.now() - dt.timedelta(days=30),
        minutes_status=Meeting.MinutesStatus.APPROVED,
    )
    draft = make_meeting(committee, dt.date(2024, 11, 18))
    later = make_item(draft, "3", title="Town centre growth: update", issue=issue)
    Meeting.objects.filter(pk=draft.pk).update(minutes_status=Meeting.MinutesStatus.DRAFT)
    return {
        "committee": committee,
        "issue": issue,
        "review": review,
        "rec": rec,
        "held": held,
        "draft": draft,
        "on_issue": on_issue,
        "exempt": exempt,
        "later": later,
    }


# Links ----------------------------------------------------------------------------------


def test_a_meeting_page_links_the_review_its_item_concerns(client, record):
    page = tree(client.get(reverse("site:meeting_detail", args=[record["held"].pk])))
    review_url = reverse("site:review_detail", args=["growth-review"])
    assert review_url in hrefs(page, ".app-meeting-reviews a")
    (item,) = css(page, f"#item-{record['on_issue'].pk}")
    assert review_url in hrefs(item, ".app-item-reviews a")
    assert reverse("site:issue_detail", args=["town-centre-growth"]) in hrefs(item, "a")
    # The exempt item is on no issue: it leads to no review.
    (exempt,) = css(page, f"#item-{record['exempt'].pk}")
    assert not css(exempt, ".app-item-reviews")


def test_an_issue_page_has_its_committee_in_the_breadcrumbs_and_links_its_review(client, record):
    page = tree(client.get(reverse("site:issue_detail", args=["town-centre-growth"])))
    assert breadcrumbs(page) == [
        "Home",
        "Committees",
        "Growth Scrutiny Committee",
        "Town centre growth",
    ]
    committee_url = reverse("site:committee_detail", args=[record["committee"].slug])
    assert committee_url in hrefs(page, ".govuk-breadcrumbs a")
    assert reverse("site:review_detail", args=["growth-review"]) in hrefs(
        page, ".app-issue-reviews a"
    )


def test_an_issue_with_no_review_sits_under_the_committee_that_last_considered_it(client):
    issue = Issue.objects.create(title="Libraries", slug="libraries")
    for name, day in (
        ("Old Committee", dt.date(2023, 1, 9)),
        ("New Committee", dt.date(2024, 1, 8)),
    ):
        meeting = make_meeting(make_committee(name), day)
        make_item(meeting, "1", title="Libraries", issue=issue)
        Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    page = tree(client.get(reverse("site:issue_detail", args=["libraries"])))
    assert breadcrumbs(page) == ["Home", "Committees", "New Committee", "Libraries"]


def test_a_review_page_lists_the_meetings_and_items_that_considered_it(client, record):
    page = tree(client.get(reverse("site:review_detail", args=["growth-review"])))
    assert breadcrumbs(page)[:3] == ["Home", "Committees", "Growth Scrutiny Committee"]
    held, on_issue = record["held"], record["on_issue"]
    links = hrefs(page, ".app-considered-at a")
    # The public sees the published agenda's item, not the unpublished one.
    assert links == [reverse("site:meeting_detail", args=[held.pk]) + f"#item-{on_issue.pk}"]


def test_a_review_page_lists_the_unpublished_item_for_staff(client, record):
    staff(client)
    page = tree(client.get(reverse("site:review_detail", args=["growth-review"])))
    links = hrefs(page, ".app-considered-at a")
    assert links[0] == (
        reverse("site:meeting_detail", args=[record["draft"].pk]) + f"#item-{record['later'].pk}"
    )
    assert len(links) == 2


def test_a_recommendation_page_links_its_review_and_the_meetings(client, record):
    url = reverse("site:recommendation_detail", args=["growth-review", 1])
    page = tree(client.get(url))
    assert reverse("site:review_detail", args=["growth-review"]) in hrefs(
        page, ".app-recommendation-review a"
    )
    assert reverse("site:meeting_detail", args=[record["held"].pk]) + (
        f"#item-{record['on_issue'].pk}"
    ) in hrefs(page, ".app-considered-at a")
    assert "Growth Scrutiny Committee" in breadcrumbs(page)


def test_staff_pages_link_the_same_records(client, record):
    staff(client)
    meeting = tree(client.get(reverse("staff:meeting", args=[record["held"].pk])))
    item_links = hrefs(meeting, f"#item-{record['on_issue'].pk} .app-item-links a")
    assert reverse("staff:review", args=["growth-review"]) in item_links
    assert reverse("site:issue_detail", args=["town-centre-growth"]) in item_links
    review = tree(client.get(reverse("staff:review", args=["growth-review"])))
    assert reverse("staff:meeting", args=[record["held"].pk]) + (
        f"#item-{record['on_issue'].pk}"
    ) in hrefs(review, ".app-considered-at a")
    rec = tree(client.get(reverse("staff:recommendation", args=[record["rec"].pk])))
    assert reverse("staff:review", args=["growth-review"]) in hrefs(
        rec, ".app-recommendation-links a"
    )
    assert hrefs(rec, ".app-considered-at a")


# The Workspace link -----------------------------------------------------------------------


def nav_labels(page) -> list[str]:
    return [" ".join(a.text_content().split()) for a in css(page, ".govuk-service-navigation a")]


PAGES_EVERYONE_SEES = [
    ("site:home", ()),
    ("site:committee_list", ()),
    ("site:review_list", ()),
    ("site:open_data", ()),
    ("site:accessibility", ()),
]


@pytest.mark.parametrize(("name", "args"), PAGES_EVERYONE_SEES)
def test_staff_have_the_workspace_link_on_public_pages(client, name, args):
    staff(client)
    page = tree(client.get(reverse(name, args=args)))
    assert "Workspace" in nav_labels(page)
    assert reverse("staff:dashboard") in hrefs(page, ".govuk-service-navigation a")


@pytest.mark.parametrize(("name", "args"), PAGES_EVERYONE_SEES)
def test_the_public_has_no_workspace_link(client, name, args):
    assert "Workspace" not in nav_labels(tree(client.get(reverse(name, args=args))))


def test_a_signed_in_councillor_outside_the_workspace_has_no_workspace_link(client):
    client.force_login(make_user())
    assert "Workspace" not in nav_labels(tree(client.get(reverse("site:home"))))


@pytest.mark.parametrize(
    "url", ["/staff/imports/minutes/", "/staff/imports/moderngov/", "/staff/imports/"]
)
def test_staff_have_the_workspace_link_on_import_pages(client, url):
    staff(client, Role.SCRUTINY_OFFICER)
    page = tree(client.get(url))
    assert "Workspace" in nav_labels(page)


# Not yet public ---------------------------------------------------------------------------


def test_staff_see_what_is_not_yet_public_marked_on_the_public_pages(client, record):
    staff(client)
    draft = tree(client.get(reverse("site:meeting_detail", args=[record["draft"].pk])))
    tagged = [" ".join(t.getparent().text_content().split()) for t in css(draft, ".app-not-public")]
    assert any(text.startswith("Not yet published") and "agenda" in text for text in tagged)
    assert any("draft minutes" in text for text in tagged)
    assert css(draft, f"#item-{record['later'].pk} .app-not-public")
    held = tree(client.get(reverse("site:meeting_detail", args=[record["held"].pk])))
    assert css(held, f"#item-{record['exempt'].pk} .app-not-public")  # exempt content
    assert not css(held, f"#item-{record['on_issue'].pk} .app-not-public")  # public


def test_the_public_never_sees_the_tag_nor_the_thing(client, record):
    for meeting in (record["draft"], record["held"]):
        response = client.get(reverse("site:meeting_detail", args=[meeting.pk]))
        page = response.content.decode()
        assert NOT_PUBLIC not in page
        assert "Town centre growth: update" not in page  # the unpublished agenda's item
        assert "Commercial terms." not in page  # the exempt item's content


def test_staff_lists_mark_meetings_not_yet_public(client, record):
    staff(client)
    page = tree(client.get(reverse("staff:meetings")))
    rows = {
        " ".join(css(row, "td")[0].text_content().split()): row
        for row in css(page, "tbody tr")
        if css(row, "td a")
    }
    draft_row = next(row for text, row in rows.items() if "18 November 2024" in text)
    held_row = next(row for text, row in rows.items() if "16 September 2024" in text)
    assert css(draft_row, ".app-not-public")
    assert not css(held_row, ".app-not-public")


def test_the_tag_follows_the_publishing_rules(record):
    """The tag is the publishing rules asked for nobody, so it moves with them."""
    from scrutiny.publishing import rules

    item = AgendaItem.objects.select_related("meeting").get(pk=record["later"].pk)
    assert not rules.public_sees(item)
    Meeting.objects.filter(pk=item.meeting_id).update(agenda_published_at=timezone.now())
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    assert rules.public_sees(item)


# The open-data page ----------------------------------------------------------------------


def test_the_footer_leads_to_a_page_describing_the_api(client):
    home = tree(client.get(reverse("site:home")))
    assert reverse("site:open_data") in hrefs(home, ".govuk-footer a")
    page = tree(client.get(reverse("site:open_data")))
    text = " ".join(css(page, "main")[0].text_content().split())
    for address in ("/api/v1/", "/api/v1/committees/", "/api/v1/reviews/", "openapi.json"):
        assert address in text
    assert "Open Government Licence" in text and "JSON" in text and "ISO 8601" in text
    assert "curl http://testserver/api/v1/reviews/" in text
    assert reverse("api:index") in hrefs(page)
    # The JSON stays where it is.
    assert client.get(reverse("api:index"))["Content-Type"].startswith("application/json")
