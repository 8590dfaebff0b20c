"""What the alerts read: the thing a follow request names, what is new about each
followed thing since the last digest (always the public's view, through
`publishing.feeds`, so nothing exempt, confidential or unpublished reaches an inbox), and
how many addresses follow a review, its recommendations and its committee (counts
only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse

from scrutiny.alerts.models import DigestSent, Follow, Subscriber
from scrutiny.committees.models import Committee
from scrutiny.publishing import feeds
from scrutiny.reports.services import filed_title
from scrutiny.reviews.models import Recommendation, Review

KINDS = ("committee", "review", "recommendation")


def site_url(path: str) -> str:
    return settings.SCRUTINY_SITE_URL.rstrip("/") + path


def follow_target(kind: str, pk) -> Committee | Review | Recommendation | None:
    """The committee, review or recommendation a follow request names, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    model = {"committee": Committee, "review": Review, "recommendation": Recommendation}.get(kind)
    if model is None or not 0 < pk < 2**31:
        return None
    queryset = model.objects.all()
    if model is Recommendation:
        queryset = queryset.select_related("review")
    return queryset.filter(pk=pk).first()


def target_kind(target) -> str:
    if isinstance(target, Committee):
        return "committee"
    if isinstance(target, Review):
        return "review"
    return "recommendation"


def target_name(target) -> str:
    """How an email or page names what is followed."""
    if isinstance(target, Recommendation):
        return f"Recommendation {target.number} of {target.review.title}"
    if isinstance(target, Review):
        return target.title
    return target.name


def target_url(target) -> str:
    if isinstance(target, Recommendation):
        path = reverse("site:recommendation_detail", args=[target.review.slug, target.number])
    elif isinstance(target, Review):
        path = reverse("site:review_detail", args=[target.slug])
    else:
        path = reverse("site:committee_detail", args=[target.slug])
    return site_url(path)


# What a digest tells about each kind of thing followed (`news_about`), as the follow
# form and the confirmation page say it.
DIGEST_HOLDS = {
    "committee": "new agendas, minutes and papers, and the decisions the minutes record",
    "review": (
        "its monitoring reports, the statuses the committee agrees for its "
        "recommendations, and the services' progress updates"
    ),
    "recommendation": (
        "the status the committee agrees for it, and the service's progress updates"
    ),
}


@dataclass(frozen=True)
class Entry:
    text: str
    url: str
    detail: tuple[str, ...] = ()  # lines under the link: what a decision resolved


@dataclass(frozen=True)
class Section:
    heading: str
    url: str
    entries: tuple[Entry, ...]


def _long(day) -> str:
    return f"{day:%-d %B %Y}"


def _recommendation_url(rec: Recommendation) -> str:
    return site_url(reverse("site:recommendation_detail", args=[rec.review.slug, rec.number]))


def _item_url(item) -> str:
    return site_url(reverse("site:meeting_detail", args=[item.meeting_id]) + f"#item-{item.pk}")


def _publication_entry(publication: feeds.Publication) -> Entry:
    if publication.document_id is not None:
        url = site_url(reverse("site:document_download", args=[publication.document_id]))
    else:
        url = site_url(reverse("site:meeting_detail", args=[publication.meeting.pk]))
    return Entry(publication.title, url)


def _decision_entry(resolution) -> Entry:
    return Entry(
        f"Decision of {feeds.decision_title(resolution)}",
        _item_url(resolution.item),
        detail=tuple(feeds.decision_text(resolution).splitlines()),
    )


def _report_entry(report) -> Entry:
    title = filed_title(report, review_title=report.snapshot_review_title)
    meeting = report.item.meeting
    where = f"{meeting.committee.name}, {_long(meeting.date)}, item {report.item.number}"
    return Entry(f"{title}: {where}", _item_url(report.item))


def _agreed_entry(change) -> Entry:
    rec = change.recommendation
    agreed = change.status.label
    if change.target_date is not None:
        agreed += f", target date {_long(change.target_date)}"
    text = (
        f"Status agreed by the committee for recommendation {rec.number} of "
        f"{rec.review.title}, {_long(change.agreed_on)}: {agreed} (was {change.previous.label})"
    )
    return Entry(text, _recommendation_url(rec))


def _progress_entry(update) -> Entry:
    rec = update.recommendation
    text = (
        f"Progress update on recommendation {rec.number} of {rec.review.title}, "
        f"{_long(update.as_of)}: {update.proposed_status.label}"
    )
    return Entry(text, _recommendation_url(rec))


def news_about(
    follow: Follow, *, since: datetime.datetime, until: datetime.datetime
) -> Section | None:
    """What the public could newly read about the followed thing between `since` and
    `until`, or None when nothing: for a committee, its agendas, minutes and papers and
    the decisions its minutes made public; for a review, its monitoring reports, the
    statuses the committee agreed for its recommendations and their progress updates; for
    a recommendation, its agreed statuses and progress updates."""
    target = follow.target
    window = {"since": since, "until": until}
    if isinstance(target, Committee):
        entries = [
            _publication_entry(p) for p in feeds.new_publications(committee=target, **window)
        ]
        decisions = feeds.committee_decisions(committee=target, **window)
        entries += [_decision_entry(r) for r in reversed(decisions)]  # oldest first
    else:
        about = {"review": target} if isinstance(target, Review) else {"recommendation": target}
        entries = []
        if isinstance(target, Review):
            entries += [_report_entry(r) for r in feeds.review_reports(review=target, **window)]
        entries += [_agreed_entry(c) for c in feeds.agreed_statuses(**about, **window)]
        entries += [_progress_entry(u) for u in feeds.review_progress(**about, **window)]
    if not entries:
        return None
    return Section(target_name(target), target_url(target), tuple(entries))


DELIVERED = (DigestSent.State.SENT, DigestSent.State.UNCONFIRMED)


def last_digest_until(subscriber: Subscriber) -> datetime.datetime | None:
    """Where the subscriber's last digest (sent, or perhaps sent) ended."""
    return subscriber.digests.filter(state__in=DELIVERED).aggregate(last=Max("covers_until"))[
        "last"
    ]


def digest_sections(subscriber: Subscriber, *, until: datetime.datetime) -> list[Section]:
    """The subscriber's digest: for each confirmed follow, what is new since the last
    digest (or since the follow was confirmed), up to `until`."""
    last = last_digest_until(subscriber)
    sections = []
    follows = subscriber.follows.select_related(
        "committee", "review", "recommendation__review"
    ).order_by("id")
    for follow in follows:
        since = max(follow.confirmed_at, last) if last else follow.confirmed_at
        section = news_about(follow, since=since, until=until)
        if section is not None:
            sections.append(section)
    return sections


def subscriber_for(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link names, if any."""
    if not token or len(token) > 64:
        return None
    return Subscriber.objects.filter(token=token).first()


def followed_names(subscriber: Subscriber) -> list[str]:
    follows = subscriber.follows.select_related("committee", "review", "recommendation__review")
    return [target_name(f.target) for f in follows.order_by("id")]


def subscribers_with_follows():
    return Subscriber.objects.filter(follows__isnull=False).distinct().order_by("id")


@dataclass(frozen=True)
class FollowerCounts:
    review: int
    recommendations: int
    committee: int


def follower_counts(review: Review) -> FollowerCounts:
    """How many addresses follow the review, any of its recommendations, and its
    committee: numbers only, for the staff review page (addresses are for
    administrators, in the admin)."""
    counts = Follow.objects.aggregate(
        review=Count("subscriber", filter=Q(review=review), distinct=True),
        recommendations=Count("subscriber", filter=Q(recommendation__review=review), distinct=True),
        committee=Count("subscriber", filter=Q(committee_id=review.committee_id), distinct=True),
    )
    return FollowerCounts(**counts)
