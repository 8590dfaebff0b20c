import datetime as dt
import hashlib
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Document,
    Meeting,
    Visibility,
)
from scrutiny.demo.archive import BENCH_PASSWORD, generate_archive
from scrutiny.people.roles import Role, has_role
from scrutiny.publishing.rules import get_visible_document_or_404
from scrutiny.reviews.models import MonitoringReport, Recommendation, Review
from scrutiny.reviews.monitoring import review_snapshot

pytestmark = pytest.mark.django_db

SMALL = 0.005  # about 25 meetings and 300 items over 20 years


@pytest.fixture
def archive():
    return generate_archive(scale=SMALL, seed=7)


def fingerprint(actions: bool = True) -> str:
    """The record's content in a fixed order, without ids or insertion times."""
    parts = [
        Meeting.objects.order_by("starts_at", "committee__name").values_list(
            "committee__name", "starts_at", "status", "agenda_published_at", "minutes_status"
        ),
        AgendaItem.objects.order_by(
            "meeting__starts_at", "meeting__committee__name", "position"
        ).values_list("number", "title", "visibility", "exempt_paragraphs", "minutes"),
        Document.objects.order_by(
            "item__meeting__starts_at", "item__position", "title", "size_bytes"
        ).values_list("title", "kind", "size_bytes", "published_at", "visibility"),
        Attendance.objects.order_by("meeting__starts_at", "person__name").values_list(
            "person__name", "status"
        ),
        Action.objects.order_by("item__meeting__starts_at", "item__position", "text").values_list(
            "text", "due_on", "status", "closed_on"
        ),
        Recommendation.objects.order_by("review__slug", "number").values_list(
            "review__slug", "text", "owner__name", "agreed_on", "current_target_date",
            "status__code", "closed_on",
        ),
        MonitoringReport.objects.order_by("review__slug", "sequence").values_list(
            "review__slug", "issued_on", "snapshot"
        ),
    ]  # fmt: skip
    if not actions:
        parts.pop(4)
    text = json.dumps([list(rows) for rows in parts], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def generate_and_fingerprint(actions: bool = True, **kwargs) -> str:
    """Generate into an empty record and take its fingerprint, leaving the record empty."""
    with transaction.atomic():
        assert not Meeting.objects.exists()
        generate_archive(**kwargs)
        result = fingerprint(actions)
        transaction.set_rollback(True)
    return result


def within(actual: int, expected: int, tolerance: float) -> bool:
    return abs(actual - expected) <= expected * tolerance


def test_counts_follow_the_requested_shape():
    summary = generate_archive(scale=0.01, seed=3)
    counts = summary.counts
    assert within(Meeting.objects.count(), 50, 0.1)
    assert within(AgendaItem.objects.count(), 600, 0.15)
    assert within(Document.objects.count(), 1_000, 0.2)
    assert within(Attendance.objects.count(), 400, 0.2)
    assert Review.objects.count() == 5
    assert within(Recommendation.objects.count(), 250, 0.35)
    # The summary counts what it wrote.
    assert counts["Meeting"] == Meeting.objects.count()
    assert counts["AgendaItem"] == AgendaItem.objects.count()
    assert counts["Recommendation"] == Recommendation.objects.count()
    items = AgendaItem.objects.count()
    exempt = AgendaItem.objects.filter(visibility=Visibility.EXEMPT).count()
    confidential = AgendaItem.objects.filter(visibility=Visibility.CONFIDENTIAL).count()
    assert 0.02 * items <= exempt <= 0.09 * items
    assert confidential <= 0.03 * items
    # Scheduled meetings ahead, cancelled ones behind, minutes in every state.
    assert Meeting.objects.filter(status=Meeting.Status.SCHEDULED).exists() or (
        Meeting.objects.filter(status=Meeting.Status.CONFIRMED).exists()
    )
    assert Meeting.objects.filter(minutes_status=Meeting.MinutesStatus.SIGNED).exists()


def test_sizes_grow_with_the_scale():
    small = generate_archive(scale=0.002, seed=1).counts
    with transaction.atomic():
        large = generate_archive(scale=0.02, seed=1, stdout=None).counts
        transaction.set_rollback(True)
    assert large["Meeting"] - small["Meeting"] > 5 * small["Meeting"]
    assert large["AgendaItem"] > 5 * small["AgendaItem"]


def test_the_same_seed_writes_the_same_archive():
    today = dt.date(2025, 3, 3)
    first = generate_and_fingerprint(scale=SMALL, seed=11, today=today)
    second = generate_and_fingerprint(scale=SMALL, seed=11, today=today)
    other = generate_and_fingerprint(scale=SMALL, seed=12, today=today)
    assert first == second
    assert first != other


def test_the_record_hangs_together(archive):
    assert not Meeting.objects.annotate(n=Count("items")).filter(n=0).exists()
    exempt = AgendaItem.objects.filter(visibility=Visibility.EXEMPT)
    assert exempt.exists()
    assert all(item.exempt_paragraphs and item.public_interest_reason for item in exempt)
    published = Document.objects.filter(published_at__isnull=False)
    assert published.exists()
    assert not published.filter(item__meeting__agenda_published_at__isnull=True).exists()
    assert not published.filter(published_at__lt=F("item__meeting__agenda_published_at")).exists()
    assert not Document.objects.exclude(file="").exists()
    recs = Recommendation.objects.all()
    assert recs.exists()
    assert not recs.filter(original_target_date__lt=F("agreed_on")).exists()
    assert not recs.filter(current_target_date__lt=F("original_target_date")).exists()
    # Closed recommendations were closed by a resolution of their committee.
    closed = recs.filter(closed_by__isnull=False).select_related("closed_by__item__meeting")
    assert closed.exists()
    assert all(r.closed_by.item.meeting.committee_id == r.review.committee_id for r in closed)
    # Each action stores its item's meeting and committee.
    assert Action.objects.exists()
    assert not Action.objects.exclude(meeting=F("item__meeting")).exists()
    assert not Action.objects.exclude(committee=F("item__meeting__committee")).exists()
    # Minutes are only recorded for meetings that were held.
    assert (
        not AgendaItem.objects.exclude(minutes="")
        .exclude(meeting__status=Meeting.Status.HELD)
        .exists()
    )


def test_old_actions_are_mostly_closed_unless_imported():
    generate_archive(scale=SMALL, seed=5)
    old = Action.objects.filter(due_on__lt=dt.date.today() - dt.timedelta(days=365))
    assert old.filter(status=Action.Status.OPEN).count() < 0.1 * old.count()
    assert not old.exclude(status=Action.Status.OPEN).filter(closed_on__isnull=True).exists()


def test_imported_actions_are_all_historic():
    generate_archive(scale=SMALL, seed=5, actions_as_imported=True)
    assert Action.objects.exists()
    assert not Action.objects.exclude(status=Action.Status.HISTORIC).exists()
    assert not Action.objects.filter(closed_on__isnull=False).exists()
    assert not Action.objects.exclude(response="").exists()


def test_snapshots_have_the_shape_the_report_builder_gives(archive):
    review = Review.objects.get(slug=archive.review_slug)
    stored = review.monitoring_reports.order_by("-sequence").first().snapshot
    built = review_snapshot(review)
    assert set(stored) == set(built)
    assert set(stored["summary"]) == set(built["summary"])
    assert set(stored["recommendations"][0]) == set(built["recommendations"][0])
    assert len(stored["recommendations"]) == len(built["recommendations"])


def test_summary_names_what_the_benchmark_needs(archive, client):
    meeting = Meeting.objects.get(pk=archive.sample_meeting_id)
    assert meeting.items.count() == 12
    assert meeting.minutes_status in (Meeting.MinutesStatus.APPROVED, Meeting.MinutesStatus.SIGNED)
    review = Review.objects.get(slug=archive.review_slug)
    assert review.recommendations.count() == 50
    assert review.recommendations.filter(number=archive.recommendation_number).exists()
    assert Committee.objects.filter(slug=archive.committee_slug).exists()
    busiest = AgendaItem.objects.values("issue__slug").annotate(n=Count("id")).order_by("-n")[0]
    assert AgendaItem.objects.filter(issue__slug=archive.issue_slug).count() == busiest["n"]
    assert get_visible_document_or_404(AnonymousUser(), archive.document_id)
    roles = {
        "bench.officer": Role.SCRUTINY_OFFICER,
        "bench.clerk": Role.CLERK,
        "bench.owner": Role.RECOMMENDATION_OWNER,
        "bench.councillor": Role.COUNCILLOR,
    }
    assert set(archive.usernames.values()) == set(roles)
    for username, role in roles.items():
        user = get_user_model().objects.get(username=username)
        assert has_role(user, role) and not user.is_superuser
        assert user.person is not None
        credentials = {"username": username, "password": BENCH_PASSWORD}
        assert client.post("/accounts/login/", credentials).status_code == 302
        client.post("/accounts/logout/")
    owner = get_user_model().objects.get(username="bench.owner").person
    assert owner.recommendations.count() >= 5
    councillor = get_user_model().objects.get(username="bench.councillor").person
    assert councillor.memberships.filter(
        committee__slug=archive.committee_slug, ended_on__isnull=True
    ).exists()


def test_public_pages_render_on_the_archive(archive, client):
    meeting = Meeting.objects.get(pk=archive.sample_meeting_id)
    pages = [
        reverse("site:home"),
        reverse("site:committee_list"),
        reverse("site:committee_detail", args=[archive.committee_slug]),
        reverse("site:meeting_detail", args=[meeting.pk]),
        reverse("site:issue_detail", args=[archive.issue_slug]),
        reverse("site:review_list"),
        reverse("site:review_detail", args=[archive.review_slug]),
        reverse(
            "site:recommendation_detail",
            args=[archive.review_slug, archive.recommendation_number],
        ),
        f"/api/v1/meetings/{meeting.pk}/",
        f"/api/v1/reviews/{archive.review_slug}/",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    item = meeting.items.filter(visibility=Visibility.PUBLIC).exclude(title="").last()
    assert item.title in client.get(reverse("site:meeting_detail", args=[meeting.pk])).text


def test_the_command_refuses_a_database_with_meetings(archive):
    with pytest.raises(CommandError, match="already holds meetings"):
        call_command("generate_archive", "--scale", str(SMALL))


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_the_command_refuses_production_settings(settings, force):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="production"):
        call_command("generate_archive", "--scale", str(SMALL), *force)
    assert not Meeting.objects.exists()


def test_allowed_in_production_with_a_warning_and_never_the_published_password(settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate_archive", "--scale", str(SMALL), "--allow-production", stdout=out, stderr=err
    )
    assert "WARNING: these are production settings" in err.getvalue()
    users = get_user_model().objects.filter(username__startswith="bench.")
    assert users.count() == 4
    password = re.search(r" with (\S+)\.$", out.getvalue().strip()).group(1)
    assert password != BENCH_PASSWORD
    for user in users:
        assert not user.check_password(BENCH_PASSWORD), user.username
        assert user.check_password(password), user.username


def test_the_command_prints_the_summary_as_json(capsys):
    call_command("generate_archive", "--scale", str(SMALL), "--seed", "2", "--json")
    out = capsys.readouterr().out
    summary = json.loads(out)
    assert Meeting.objects.filter(pk=summary["sample_meeting_id"]).exists()
    assert summary["usernames"]["scrutiny-officer"] == "bench.officer"
    assert summary["counts"]["Meeting"] == Meeting.objects.count()


def test_force_adds_an_archive_beside_an_existing_record(archive):
    meetings = Meeting.objects.count()
    call_command("generate_archive", "--scale", str(SMALL), "--force", "--json")
    assert Meeting.objects.count() > meetings
    assert Committee.objects.filter(name__endswith="(2)").exists()


def test_years_sets_how_far_back_the_record_goes():
    today = dt.date(2025, 3, 3)
    summary = generate_archive(scale=0.02, seed=1, years=5, today=today)
    first = Meeting.objects.order_by("starts_at").first().starts_at.date()
    assert today - dt.timedelta(days=5 * 366) <= first < today - dt.timedelta(days=4 * 365)
    # A quarter of the years, about a quarter of the meetings of a 20-year record.
    assert within(summary.counts["Meeting"], 25, 0.2)


def test_imported_actions_are_the_only_difference():
    today = dt.date(2025, 3, 3)
    realistic = generate_and_fingerprint(scale=SMALL, seed=4, today=today, actions=False)
    imported = generate_and_fingerprint(
        scale=SMALL, seed=4, today=today, actions=False, actions_as_imported=True
    )
    assert imported == realistic
    assert generate_and_fingerprint(scale=SMALL, seed=4, today=today) != (
        generate_and_fingerprint(scale=SMALL, seed=4, today=today, actions_as_imported=True)
    )
