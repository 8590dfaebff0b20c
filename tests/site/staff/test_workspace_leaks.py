"""The leak test for the staff workspace: a signed-in user who is not entitled to the
exempt, confidential or draft business of a committee finds none of it there either.

The public site's leak test (`tests/site/public/test_leaks.py`) covers the public pages.
Here the same restricted record is crawled from the workspace's dashboard, and every
workspace URL pattern is asked for with every id in the database, as a councillor of
another committee and as a recommendation owner (neither may see committee A's exempt
business), and as a member of committee A (who may, once published, but never a draft).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, get_resolver, reverse

from scrutiny.committees.models import Action, AgendaItem, Document, Meeting
from scrutiny.reviews.models import Evidence, MonitoringReport, Recommendation, Review
from tests.publishing.records import MARK
from tests.site.public.test_leaks import crawl, leaks, visit, world  # noqa: F401 (fixture)

NOT_CRAWLED = ("/static/", "/media/", "/admin/", "/accounts/")


def _pks(model) -> list[tuple]:
    return [(pk,) for pk in model.objects.values_list("pk", flat=True)] + [(999999,)]


def every_staff_url() -> list[str]:
    """Each workspace URL pattern with every object in the database, and one that is not."""
    reviews = [(slug,) for slug in Review.objects.values_list("slug", flat=True)]
    reports = list(MonitoringReport.objects.values_list("review__slug", "sequence").distinct())
    meetings, items, recommendations = _pks(Meeting), _pks(AgendaItem), _pks(Recommendation)
    documents, accounts = _pks(Document), _pks(get_user_model())
    args = {
        "dashboard": [()],
        "reviews": [()],
        "review-create": [()],
        "review": reviews,
        "review-edit": reviews,
        "timeline-entry": reviews,
        "report-issue": reviews,
        "report-issue-check": reviews,
        "report-draft": reviews,
        "report-draft-download": [(slug, "docx") for (slug,) in reviews],
        "report": reports,
        "report-reissue": reports,
        "report-reissue-check": reports,
        "report-decisions": reports,
        "recommendation-create": reviews,
        "recommendation": recommendations,
        "recommendation-edit": recommendations,
        "executive-response": recommendations,
        "progress-update": recommendations,
        "extension": recommendations,
        "sign-off": recommendations,
        "evidence": _pks(Evidence),
        "meetings": [()],
        "meeting-create": [()],
        "meeting": meetings,
        "meeting-edit": meetings,
        "item-create": meetings,
        "minutes-status": meetings,
        "agenda-publish": meetings,
        "minutes-publish": meetings,
        "attendance": meetings,
        "correction": meetings,
        "minutes": items,
        "visibility": items,
        "motion": items,
        "resolution": items,
        "action": items,
        "document-add": items,
        "declaration": items,
        "action-close": _pks(Action),
        "document-file": documents,
        "document-publish": documents,
        "accounts": [()],
        "account-create": [()],
        "account-edit": accounts,
        "account-active": accounts,
        "account-invite": accounts,
    }
    patterns = get_resolver().namespace_dict["staff"][1].url_patterns
    names = {p.name for p in patterns if isinstance(p, URLPattern)}
    missing = names - set(args)
    assert not missing, f"Add these workspace pages to the leak test: {sorted(missing)}"
    return [reverse(f"staff:{name}", args=a) for name in sorted(names) for a in args[name]]


def workspace(client) -> dict[str, tuple[int, bytes]]:
    return crawl(client, "/staff/", skip=NOT_CRAWLED) | visit(client, every_staff_url())


@pytest.mark.parametrize("who", ["outsider", "owner"])
def test_workspace_shows_no_marker_to_those_not_entitled(client, world, who):  # noqa: F811
    client.force_login(world.users[who])
    responses = workspace(client)
    assert responses["/staff/"][0] == 200
    assert leaks(responses) == []


def test_committee_member_sees_no_draft_in_the_workspace(client, world):  # noqa: F811
    client.force_login(world.users["member"])
    assert leaks(workspace(client), world.draft_markers) == []


def test_restricted_files_are_not_found_in_the_workspace(client, world):  # noqa: F811
    for who in ("outsider", "owner"):
        client.force_login(world.users[who])
        for which in ("exempt document", "confidential document", "draft document"):
            url = reverse("staff:document-file", args=[world.objects[which].pk])
            assert client.get(url).status_code == 404, (who, which)


def test_staff_with_a_role_read_every_file_in_the_workspace(client, world):  # noqa: F811
    client.force_login(world.users["clerk"])
    for which in ("exempt document", "confidential document", "draft document"):
        response = client.get(reverse("staff:document-file", args=[world.objects[which].pk]))
        assert response.status_code == 200, which
        assert MARK.encode() in b"".join(response.streaming_content)
