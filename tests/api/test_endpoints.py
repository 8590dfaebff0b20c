"""Each endpoint with the demo council: the API says what the public pages say."""

import lxml.html
import pytest
from django.urls import reverse

from scrutiny.committees.models import AgendaItem, Committee, Meeting
from scrutiny.demo import facts as f
from scrutiny.search.services import rebuild
from tests.api.conftest import assert_matches_schema, get_json

REVIEW = reverse("api:review_detail", args=[f.REVIEW_SLUG])


@pytest.fixture
def item_27(demo):
    return AgendaItem.objects.select_related("meeting__committee").get(number="27")


def test_index_links_the_collections_and_the_document(client, demo):
    data = get_json(client, reverse("api:index"))
    assert_matches_schema(data, "Index")
    assert data == {
        "committees": "http://testserver/api/v1/committees/",
        "reviews": "http://testserver/api/v1/reviews/",
        "openapi": "http://testserver/api/v1/openapi.json",
    }


def test_committee_list_names_every_committee(client, demo):
    data = get_json(client, reverse("api:committee_list"))
    assert_matches_schema(data, "CommitteeList")
    assert [c["name"] for c in data["results"]] == list(
        Committee.objects.order_by("name").values_list("name", flat=True)
    )
    assert f.COMMITTEE in [c["name"] for c in data["results"]]


def test_committee_detail_has_members_meetings_and_work_programme(client, item_27):
    committee = item_27.meeting.committee
    data = get_json(client, reverse("api:committee_detail", args=[committee.slug]))
    assert_matches_schema(data, "Committee")
    assert data["name"] == f.COMMITTEE
    assert len(data["members"]) == committee.memberships.count()
    assert {m["role"] for m in data["members"]} >= {"chair", "member"}
    meetings = data["meetings"]["results"]
    assert [m["id"] for m in meetings] == list(
        committee.meetings.order_by("-starts_at").values_list("pk", flat=True)[:25]
    )
    seed = next(m for m in meetings if m["id"] == item_27.meeting.pk)
    assert seed["date"] == "2024-09-16"
    assert seed["starts_at"] == "2024-09-16T18:00:00+01:00"
    assert seed["municipal_year"] == "2024/25"
    assert seed["links"]["self"].endswith(f"/api/v1/meetings/{item_27.meeting.pk}/")
    assert [e["review"]["slug"] for e in data["work_programme"]] == [f.REVIEW_SLUG]


def test_meeting_of_16_september_2024_has_item_27_as_the_page_shows_it(client, item_27):
    data = get_json(client, reverse("api:meeting_detail", args=[item_27.meeting.pk]))
    assert_matches_schema(data, "Meeting")
    assert data["date"] == "2024-09-16"
    assert data["venue"] == f.VENUE
    item = next(i for i in data["items"] if i["number"] == "27")
    assert item["title"] == f.SECOND_INTERIM["title"]
    assert item["visibility"] == "public"
    (motion,) = item["motions"]
    assert motion["mover"] == "Councillor Vicky Wapplington"
    assert motion["seconder"] == "Councillor Phil Smith"
    assert motion["outcome"] == "carried"
    (resolution,) = item["resolutions"]
    assert resolution["preamble"] == "RESOLVED that:"
    assert resolution["parts"] == [
        {"number": n, "text": text} for n, text in enumerate(f.RESOLUTIONS_27, start=1)
    ]
    assert [a["text"] for a in item["actions"]] == [f.ACTION_27]
    for paragraph in f.MINUTES_27:
        assert paragraph in item["minutes"]
    (document,) = [d for d in item["documents"] if d["kind"] == "report"]
    assert (document["format"], document["size_bytes"]) == ("PDF", 556 * 1024)


def test_meeting_attendance_matches_the_page(client, item_27):
    data = get_json(client, reverse("api:meeting_detail", args=[item_27.meeting.pk]))
    by_status = {}
    for entry in data["attendance"]:
        by_status.setdefault(entry["status"], []).append(entry["name"])
    assert "Councillor David Price" in by_status["present"]
    assert "Councillor Gill Barnes" in by_status["apologies"]
    assert "Amy Clarke, Democratic Services Officer" in by_status["in-attendance"]


def test_document_download_url_is_the_public_download(client, item_27):
    data = get_json(client, reverse("api:meeting_detail", args=[item_27.meeting.pk]))
    urls = [d["download_url"] for i in data["items"] for d in i.get("documents", [])]
    assert urls
    for url in filter(None, urls):
        assert "/documents/" in url and url.endswith("/download/")


def test_unpublished_meeting_shows_the_calendar_entry_only(client, demo):
    meeting = Meeting.objects.filter(agenda_published_at__isnull=True).first()
    data = get_json(client, reverse("api:meeting_detail", args=[meeting.pk]))
    assert_matches_schema(data, "Meeting")
    assert (data["items"], data["attendance"], data["agenda_published_at"]) == ([], [], None)


def test_review_list_gives_each_summary(client, demo):
    data = get_json(client, reverse("api:review_list"))
    assert_matches_schema(data, "ReviewList")
    (entry,) = [r for r in data["results"] if r["slug"] == f.REVIEW_SLUG]
    assert entry["summary"]["total"] == 13
    assert (data["page"], data["next"], data["previous"]) == (1, None, None)


def test_review_summary_is_the_page_sentence(client, demo):
    data = get_json(client, REVIEW)
    assert_matches_schema(data, "Review")
    page = client.get(reverse("site:review_detail", args=[f.REVIEW_SLUG])).content.decode()
    (shown,) = lxml.html.document_fromstring(page).xpath('//*[@id="agreed-summary"]')
    assert f"{data['summary']['sentence']}." == shown.text_content().strip()
    # The four extended targets (the latest 31 March 2025) have passed.
    assert data["summary"]["sentence"] == (
        "9 out of 13 recommendations achieved (2 completed behind schedule); 4 extended; 4 overdue"
    )
    assert (data["summary"]["total"], data["summary"]["extended"]) == (13, 4)


def test_review_recommendations_and_exceptions(client, demo):
    data = get_json(client, REVIEW)
    recommendations = data["recommendations"]
    assert [r["number"] for r in recommendations] == list(range(1, 14))
    extended = [r for r in recommendations if r["status"]["code"] == "extended"]
    assert len(extended) == 4
    assert {r["rag"] for r in extended} == {"amber"}
    thirteen = recommendations[12]
    assert thirteen["original_target_date"] == "2024-03-31"
    assert thirteen["current_target_date"] == "2025-05-31"
    assert thirteen["latest_update"]["narrative"] == f.SEPTEMBER_UPDATES[13]
    assert sorted(e["recommendation"] for e in data["exceptions"]) == [
        r["number"] for r in extended
    ]
    assert recommendations[7]["achieved_late"] is True


@pytest.mark.parametrize(
    "url",
    [
        reverse("api:committee_detail", args=["no-such-committee"]),
        reverse("api:meeting_detail", args=[999999]),
        reverse("api:review_detail", args=["no-such-review"]),
        reverse("api:review_list") + "?page=2",
        reverse("api:review_list") + "?page=0",
        reverse("api:review_list") + "?page=first",
        # A digit to str.isdigit() that int() refuses; more digits than int() reads.
        reverse("api:review_list") + "?page=²",
        reverse("api:review_list") + "?page=" + "1" * 5000,
        reverse("api:review_list") + "?page=١",  # ARABIC-INDIC DIGIT ONE: not 0-9
        # Addresses under the API that name nothing at all.
        "/api/v1/meetings/first/",
        "/api/v1/reviews/caf%C3%A9/",
        "/api/v1/no-such-collection/",
    ],
)
def test_unknown_ids_slugs_and_pages_are_a_json_404(client, demo, url):
    assert get_json(client, url, status=404) == {"error": "Not found"}


@pytest.mark.parametrize("status", ["opened", "", "OPEN", "open\x00"])
def test_an_action_filter_the_document_does_not_list_is_a_json_404(client, item_27, status):
    url = reverse("api:committee_actions", args=[item_27.meeting.committee.slug])
    assert get_json(client, f"{url}?status=closed")["status"] == "closed"
    assert get_json(client, f"{url}?status={status}", status=404) == {"error": "Not found"}


def test_an_unknown_address_outside_the_api_is_the_site_404(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_api_only_reads(client, demo):
    assert client.post(reverse("api:review_list")).status_code == 405


def test_public_footer_links_the_open_data_page_which_links_the_api(client, demo):
    html = client.get(reverse("site:home")).content.decode()
    assert f'href="{reverse("site:open_data")}">' in html
    assert f'href="{reverse("api:index")}"' not in html  # raw JSON is no page for a person
    about = client.get(reverse("site:open_data")).content.decode()
    assert f'href="{reverse("api:index")}"' in about


def test_search_answers_as_the_document_says_page_by_page(client, demo):
    rebuild()  # the demo was written in the test's transaction, which never commits
    url = reverse("api:search")
    first = get_json(client, f"{url}?q=ICT")
    assert_matches_schema(first, "SearchResults")
    assert first["count"] > 20 and first["pages"] > 1 and len(first["results"]) == 20
    assert first["previous"] is None
    second = get_json(client, first["next"])
    assert_matches_schema(second, "SearchResults")
    assert second["page"] == 2 and second["previous"] is not None
    seen = {tuple(r.values()) for r in first["results"]}
    assert not seen & {tuple(r.values()) for r in second["results"]}


@pytest.mark.parametrize(
    "query",
    ["", "q=", "q=the&kind=nonsense", "q=the&year=2024", "q=the&from=31/2/2024", "q=the&page=0"],
)
def test_a_search_the_document_does_not_describe_is_a_json_404(client, demo, query):
    url = reverse("api:search")
    assert get_json(client, f"{url}?{query}", status=404) == {"error": "Not found"}
