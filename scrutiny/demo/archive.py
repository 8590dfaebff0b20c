"""A realistic archive of one council's record, generated to measure the tracker at the
size a council brings when it adopts it: by default 20 years, 10 committees, 5,000
meetings, 60,000 agenda items with minutes, 100,000 documents, 40,000 attendance records,
500 reviews with 25,000 recommendations, shaped like real ModernGov councils' records.

Everything is drawn from `random.Random(seed)` and dated relative to `today`, so the same
seed and day write the same record. Rows go in with bulk inserts, a slice of the calendar
at a time; no audit events are written and no signals sent, because an archive is not a
history of edits: it is the record as it stands, as an import would bring it.

`generate_archive` returns an `ArchiveSummary`: the rows written and the pages the
benchmarks measure (a meeting late in the archive with 12 items, a committee, an issue with
many items, a review with exactly 50 recommendations, a public document, the sign-ins)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from scrutiny.committees.models import Document, Meeting, Visibility
from scrutiny.demo.archive_agendas import AgendaWriter
from scrutiny.demo.archive_context import Context, Sizes
from scrutiny.demo.archive_meetings import plan_meetings, sample_meeting
from scrutiny.demo.archive_people import People, build_people
from scrutiny.demo.archive_reviews import ReviewPlanner
from scrutiny.people.models import Person
from scrutiny.people.roles import Role

BENCH_PASSWORD = "bench-password"  # published: the sign-ins of a generated archive


@dataclasses.dataclass(frozen=True)
class ArchiveSummary:
    counts: dict[str, int]
    seconds: float
    stage_seconds: dict[str, float]
    sample_meeting_id: int
    committee_slug: str
    issue_slug: str
    review_slug: str
    recommendation_number: int
    document_id: int
    usernames: dict[str, str]  # role code → username
    password: str = BENCH_PASSWORD

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def generate_archive(
    *,
    scale: float = 1.0,
    seed: int = 1,
    years: int = 20,
    today: dt.date | None = None,
    stdout=None,
    actions_as_imported: bool = False,
    password: str = BENCH_PASSWORD,
) -> ArchiveSummary:
    """Write the archive into the database and say what it wrote.

    `scale` multiplies every size (0.01 gives about 50 meetings); `years` is how far back
    the record goes, sizes growing with it. `actions_as_imported` writes every action
    historic (state not recorded, no closing date), as an importer writes them. The
    benchmark's sign-ins get `password` (the published one unless another is given).
    Progress and each stage's time go to `stdout` when given."""
    if scale <= 0 or years < 1:
        raise ValueError("scale must be positive and years at least 1")
    context = Context(
        rng=random.Random(seed),  # noqa: S311 - reproducible data, not secrets
        today=today or timezone.localdate(),
        sizes=Sizes(scale=scale, years=years),
        actions_as_imported=actions_as_imported,
        stdout=stdout,
    )
    started = time.perf_counter()
    context.say(
        f"Generating a {years}-year archive at scale {scale:g} (seed {seed}, "
        f"today {context.today.isoformat()}) on {connection.vendor}"
    )
    with transaction.atomic():
        with context.stage("people and committees"):
            people = build_people(context)
        with context.stage("meetings"):
            meetings = plan_meetings(context, people)
            sample = sample_meeting(meetings, people)
        with context.stage("reviews planned"):
            planner = ReviewPlanner(context, people, meetings)
            planner.plan()
        with context.stage("agendas and minutes"):
            agendas = AgendaWriter(context, people, meetings, planner.reserved, sample).write()
        with context.stage("reviews and monitoring"):
            planner.write()
        with context.stage("sign-ins"):
            usernames = _sign_ins(people, password)
        document = agendas.sample_document or _a_public_document()
    if connection.vendor == "postgresql":
        with context.stage("analyze"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    review = planner.sample.review if planner.sample else planner.reviews[0].review
    recs = planner.sample.recs if planner.sample else []
    summary = ArchiveSummary(
        counts=dict(sorted(context.written.items())),
        seconds=round(seconds, 2),
        stage_seconds={k: round(v, 2) for k, v in context.stage_seconds.items()},
        sample_meeting_id=agendas.sample_meeting.pk,
        committee_slug=people.committees[0].committee.slug,
        issue_slug=agendas.busiest_issue.slug,
        review_slug=review.slug,
        recommendation_number=recs[len(recs) // 2].number if recs else 1,
        document_id=document.pk if document else 0,
        usernames=usernames,
        password=password,
    )
    context.say(f"  {'total':<34} {sum(summary.counts.values()):>9,} rows {seconds:7.1f} s")
    return summary


def _a_public_document() -> Document | None:
    return (
        Document.objects.filter(
            visibility=Visibility.PUBLIC,
            item__visibility=Visibility.PUBLIC,
            published_at__lte=timezone.now(),
            item__meeting__agenda_published_at__lte=timezone.now(),
        )
        .order_by("-item__meeting__starts_at", "id")
        .first()
    )


def _sign_ins(people: People, password: str) -> dict[str, str]:
    """The benchmark's sign-ins, granted their roles as the demo grants them."""
    accounts = [
        ("bench.officer", Role.SCRUTINY_OFFICER, people.scrutiny_officer),
        ("bench.clerk", Role.CLERK, people.clerk),
        ("bench.owner", Role.RECOMMENDATION_OWNER, people.owner),
        ("bench.councillor", Role.COUNCILLOR, people.councillor),
    ]
    users = get_user_model()
    usernames = {}
    for username, role, person in accounts:
        first, _, last = person.name.partition(" ")
        user, _ = users.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.email = first, last, person.email
        user.is_staff = role in (Role.SCRUTINY_OFFICER, Role.CLERK)
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role.label)[0]])
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        Person.objects.filter(pk=person.pk).update(user=user)
        usernames[role.value] = username
    return usernames


def database_has_meetings() -> bool:
    return Meeting.objects.exists()
