"""Builders for test records. Rules are exercised through the services, so records that
the rules govern (recommendations, resolutions) are made through them too."""

import datetime as dt
import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from scrutiny.committees import services as record
from scrutiny.committees.models import AgendaItem, Committee, Meeting, Resolution
from scrutiny.people.models import Directorate, Person
from scrutiny.people.roles import Role
from scrutiny.reviews import services as reviews
from scrutiny.reviews.models import Recommendation, Review

_seq = itertools.count(1)


def make_user(username: str = "", **extra):
    username = username or f"user{next(_seq)}"
    return get_user_model().objects.create_user(username=username, password="pw", **extra)


def make_officer(name: str = "", job_title: str = "Service Manager") -> Person:
    directorate, _ = Directorate.objects.get_or_create(name="Resources")
    return Person.objects.create(
        kind=Person.Kind.OFFICER,
        name=name or f"Officer {next(_seq)}",
        job_title=job_title,
        directorate=directorate,
        email="officer@council.example",
    )


def make_councillor(name: str = "") -> Person:
    return Person.objects.create(kind=Person.Kind.COUNCILLOR, name=name or f"Member {next(_seq)}")


def make_committee(name: str = "", interval: int = 6) -> Committee:
    name = name or f"Scrutiny Committee {next(_seq)}"
    return Committee.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), monitoring_interval_months=interval
    )


def make_meeting(committee: Committee, day: dt.date, **kwargs) -> Meeting:
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(18, 0)))
    return record.meeting_create(actor=None, committee=committee, starts_at=starts_at, **kwargs)


def make_item(meeting: Meeting, number: str = "1", **kwargs) -> AgendaItem:
    kwargs.setdefault("title", f"Item {number}")
    return record.agenda_item_create(actor=None, meeting=meeting, number=number, **kwargs)


def make_resolution(committee: Committee, day: dt.date, **kwargs) -> Resolution:
    item = make_item(make_meeting(committee, day), number=str(next(_seq)))
    return record.resolution_record(
        actor=None, item=item, parts=["Members note the progress."], **kwargs
    )


def make_review(committee: Committee | None = None, title: str = "") -> Review:
    return reviews.review_create(
        actor=None,
        committee=committee or make_committee(),
        title=title or f"Review {next(_seq)}",
    )


def make_recommendation(
    review: Review,
    number: int | None = None,
    target: dt.date = dt.date(2024, 3, 31),
    owner: Person | None = None,
) -> Recommendation:
    return reviews.recommendation_create(
        actor=None,
        review=review,
        number=number or review.recommendations.count() + 1,
        text="That the service does something useful.",
        agreed_on=dt.date(2023, 3, 13),
        original_target_date=target,
        owner=owner or make_officer(),
    )


def post_update(rec: Recommendation, status: str, as_of: dt.date, narrative: str = "Done."):
    return reviews.progress_update_post(
        actor=None,
        recommendation=rec,
        author=rec.owner,
        as_of=as_of,
        proposed_status=status,
        narrative=narrative,
    )


def achieve(rec: Recommendation, completed: dt.date, resolution: Resolution) -> Recommendation:
    """Owner proposes "achieved" on `completed`; the committee signs it off."""
    post_update(rec, "achieved", completed)
    rec.refresh_from_db()
    return reviews.recommendation_set_status(
        actor=None, recommendation=rec, status=rec.proposed_status.code, resolution=resolution
    )


@dataclass(frozen=True)
class SupportedReview:
    review: Review
    recommendation: Recommendation
    supporting: object  # the committee's named scrutiny officer's sign-in: no role
    officer: object  # a scrutiny officer's sign-in (the role)


def make_supported_review() -> SupportedReview:
    """A review with one recommendation, of a committee whose named scrutiny officer signs
    in without a role; and a scrutiny officer who has the role."""
    committee = make_committee("Resources Scrutiny Committee")
    named = make_officer("Sam Supporting")
    named.user = make_user()
    named.save()
    committee.scrutiny_officer = named
    committee.save()
    officer = make_user()
    officer.groups.add(Group.objects.get_or_create(name=Role.SCRUTINY_OFFICER.label)[0])
    review = make_review(committee, title="Libraries")
    return SupportedReview(review, make_recommendation(review), named.user, officer)
