"""The page benchmark's work inside Django, run as a child process against the served
code and the benchmark database.

    python benchmarks/pages_django.py --root CHECKOUT prepare --archive-json FILE
    python benchmarks/pages_django.py --root CHECKOUT pdf --review SLUG [--runs 3]
    python benchmarks/pages_django.py --root CHECKOUT forget-sessions KEY...

``prepare`` completes the sample pages the archive generator named (or picks them all
from the database when it named none, so the benchmark runs against any council's
record), signs in the officer and the clerk by creating a session for each, and counts
the record. ``pdf`` times building the next monitoring report's PDF from the database.
Each prints one line of JSON. ``--root`` is the checkout whose code is imported, so the
figures are that checkout's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# Meetings this recent (by date, among those with a published agenda) are the candidates
# for "a meeting late in the archive"; the one with the most items is chosen.
LATE_MEETINGS = 200
# What the archive generator names, by the same keys.
SAMPLE_KEYS = (
    "sample_meeting_id",
    "committee_slug",
    "issue_slug",
    "review_slug",
    "recommendation_number",
    "document_id",
)


def _setup(root: Path) -> None:
    sys.path.insert(0, str(root))
    os.chdir(root)
    import django

    django.setup()


def _user(preferred: str, role_label: str):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(username=preferred).first()
        or users.filter(groups__name=role_label).order_by("id").first()
        or users.filter(is_superuser=True).order_by("id").first()
    )


def _session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _picked_samples() -> dict:
    """Sample pages chosen from whatever record the database holds."""
    from django.db.models import Count
    from django.utils import timezone

    from scrutiny.committees.models import Issue, Meeting
    from scrutiny.reviews.models import Review

    samples: dict = {}
    late = (
        Meeting.objects.filter(agenda_published_at__lte=timezone.now())
        .order_by("-starts_at")
        .values_list("id", flat=True)[:LATE_MEETINGS]
    )
    meeting = (
        Meeting.objects.filter(id__in=list(late))
        .annotate(item_count=Count("items"))
        .order_by("-item_count", "-starts_at")
        .select_related("committee")
        .first()
    )
    if meeting:
        samples["sample_meeting_id"] = meeting.id
        samples["committee_slug"] = meeting.committee.slug
    issue = Issue.objects.annotate(item_count=Count("items")).order_by("-item_count", "id").first()
    if issue:
        samples["issue_slug"] = issue.slug
    review = (
        Review.objects.annotate(recommendation_count=Count("recommendations"))
        .order_by("-recommendation_count", "id")
        .first()
    )
    if review:
        samples["review_slug"] = review.slug
        first = review.recommendations.order_by("number").first()
        if first:
            samples["recommendation_number"] = first.number
    return samples


def _record_counts() -> dict:
    from django.contrib.auth import get_user_model

    from scrutiny.committees.models import (
        Action,
        AgendaItem,
        Attendance,
        Committee,
        Document,
        Meeting,
        Resolution,
    )
    from scrutiny.reviews.models import Recommendation, Review

    models = {
        "committees": Committee,
        "meetings": Meeting,
        "agenda_items": AgendaItem,
        "documents": Document,
        "attendance": Attendance,
        "resolutions": Resolution,
        "actions": Action,
        "reviews": Review,
        "recommendations": Recommendation,
        "users": get_user_model(),
    }
    counts = {name: model.objects.count() for name, model in models.items()}
    counts["open_actions"] = Action.objects.filter(status=Action.Status.OPEN).count()
    return counts


def prepare(archive_json: Path | None) -> dict:
    from scrutiny.people.roles import Role
    from scrutiny.reviews.models import Review

    named = json.loads(archive_json.read_text()) if archive_json else {}
    samples = _picked_samples() | {key: named[key] for key in SAMPLE_KEYS if named.get(key)}
    if "recommendation_number" not in named and "review_slug" in named:
        review = Review.objects.get(slug=named["review_slug"])
        first = review.recommendations.order_by("number").first()
        samples["recommendation_number"] = first.number if first else None
    review = Review.objects.filter(slug=samples.get("review_slug")).first()
    samples["review_recommendations"] = review.recommendations.count() if review else 0
    sessions, users = {}, {}
    usernames = named.get("usernames", {})
    for who, username, role in (
        ("officer", "bench.officer", Role.SCRUTINY_OFFICER),
        ("clerk", "bench.clerk", Role.CLERK),
    ):
        user = _user(usernames.get(role.value, username), role.label)
        if user:
            sessions[who] = _session_for(user)
            users[who] = user.get_username()
    return {"samples": samples, "sessions": sessions, "users": users, "counts": _record_counts()}


def time_pdf(slug: str, runs: int) -> dict:
    from django.utils import timezone

    from scrutiny.reports.builder import render_report, report_data_draft
    from scrutiny.reviews.models import Review

    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        # From the database each time: the review, its recommendations and their history.
        review = Review.objects.select_related("committee").get(slug=slug)
        data = report_data_draft(review, today=timezone.localdate())
        size = len(render_report(data, "pdf"))
        times.append(time.perf_counter() - start)
    return {
        "seconds": times,
        "median": statistics.median(times),
        "bytes": size,
        "recommendations": Review.objects.get(slug=slug).recommendations.count(),
    }


def forget_sessions(keys: list[str]) -> dict:
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    return {"deleted": deleted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_parser = commands.add_parser("prepare")
    prepare_parser.add_argument("--archive-json", type=Path)
    pdf_parser = commands.add_parser("pdf")
    pdf_parser.add_argument("--review", required=True)
    pdf_parser.add_argument("--runs", type=int, default=3)
    forget_parser = commands.add_parser("forget-sessions")
    forget_parser.add_argument("keys", nargs="*")
    args = parser.parse_args()
    _setup(args.root.resolve())
    if args.command == "prepare":
        result = prepare(args.archive_json)
    elif args.command == "pdf":
        result = time_pdf(args.review, args.runs)
    else:
        result = forget_sessions(args.keys)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
