"""What the calendars and feeds carry: always what the public sees (a calendar or feed
reader is never signed in, and a copied address must not carry a member's view), read
through `publishing.rules`. Exempt and confidential business never reaches them: a
calendar lists only items whose content the public may read, and the feeds only
published agendas, approved minutes, public papers and public resolutions. The email
digests read here too: what became public between two moments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Greatest
from django.utils import timezone

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import AgendaItem, Committee, Meeting, Resolution, ResolutionPart
from scrutiny.publishing import rules
from scrutiny.reviews.models import (
    AgreedStatus,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
)

PUBLIC = None  # the user the rules are asked about: nobody signed in
# A calendar of every meeting reaches this far back (and every meeting ahead).
CALENDAR_HISTORY = datetime.timedelta(days=366)
FEED_ENTRIES = 50


def is_called_off(meeting: Meeting) -> bool:
    return meeting.status in CALLED_OFF


def calendar_meetings(
    *, committee: Committee | None = None, meeting: Meeting | None = None
) -> list[Meeting]:
    """Meetings for a calendar, each with `public_items`: the items of its published
    agenda whose content the public may read (exempt and confidential ones left out)."""
    meetings = rules.visible_meetings(PUBLIC).select_related("committee")
    if meeting is not None:
        meetings = meetings.filter(pk=meeting.pk)
    else:
        meetings = meetings.filter(starts_at__gte=timezone.now() - CALENDAR_HISTORY)
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    items = rules.visible_items(PUBLIC, AgendaItem.objects.only("meeting", "number", "title"))
    return list(
        meetings.prefetch_related(
            Prefetch("items", queryset=items.order_by("position", "id"), to_attr="public_items")
        ).order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class Publication:
    """One thing newly public: an agenda, a set of minutes or a paper."""

    kind: str  # "agenda", "minutes" or "document"
    title: str
    published_at: datetime.datetime
    meeting: Meeting
    key: str  # stable per thing, for the entry's id
    document_id: int | None = None


def new_publications(
    *,
    limit: int = FEED_ENTRIES,
    committee: Committee | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> list[Publication]:
    """The newest agendas, minutes and papers the public may read, newest first; of one
    committee's meetings, and published after `since` and by `until` (now), when asked
    (the email digests read what was published between two digests)."""
    now = until or timezone.now()
    meetings = Meeting.objects.select_related("committee")
    documents = rules.visible_documents(PUBLIC).filter(published_at__lte=now)
    if committee is not None:
        meetings = meetings.filter(committee=committee)
        documents = documents.filter(item__meeting__committee=committee)
    agendas = meetings.filter(agenda_published_at__lte=now)
    minutes = meetings.filter(
        minutes_status__in=rules.PUBLISHED_MINUTES, minutes_published_at__lte=now
    )
    if since is not None:
        agendas = agendas.filter(agenda_published_at__gt=since)
        minutes = minutes.filter(minutes_published_at__gt=since)
        documents = documents.filter(published_at__gt=since)
    agendas = agendas.order_by("-agenda_published_at")[:limit]
    minutes = minutes.order_by("-minutes_published_at")[:limit]
    documents = (
        documents.select_related("item__meeting__committee")
        .defer("extracted_text")
        .order_by("-published_at", "-id")[:limit]
    )
    found = [
        Publication("agenda", f"Agenda: {m}", m.agenda_published_at, m, f"agenda-{m.pk}")
        for m in agendas
        if rules.agenda_is_visible(PUBLIC, m)
    ]
    found += [
        Publication("minutes", f"Minutes: {m}", m.minutes_published_at, m, f"minutes-{m.pk}")
        for m in minutes
        if rules.minutes_record_is_visible(PUBLIC, m)
    ]
    found += [
        Publication(
            "document",
            f"{d.get_kind_display()}: {d.title} ({d.item.meeting})",
            d.published_at,
            d.item.meeting,
            f"document-{d.pk}",
            document_id=d.pk,
        )
        for d in documents
        if rules.document_is_visible(PUBLIC, d)
    ]
    return sorted(found, key=lambda p: (p.published_at, p.key), reverse=True)[:limit]


def committee_decisions(
    *,
    committee: Committee,
    limit: int = FEED_ENTRIES,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> list[Resolution]:
    """The committee's newest resolutions the public may read, with their parts; those
    made public by minutes published after `since` and by `until`, when asked (the email
    digests: a decision is public with the minutes that record it)."""
    parts = Prefetch("parts", queryset=ResolutionPart.objects.order_by("number"))
    decisions = rules.visible_resolutions(PUBLIC).filter(item__meeting__committee=committee)
    if since is not None:
        decisions = decisions.filter(item__meeting__minutes_published_at__gt=since)
    if until is not None:
        decisions = decisions.filter(item__meeting__minutes_published_at__lte=until)
    return list(
        decisions.select_related("item__meeting__committee")
        .prefetch_related(parts)
        .order_by("-item__meeting__starts_at", "-id")[:limit]
    )


def decision_title(resolution: Resolution) -> str:
    """How a feed entry or an email names a decision: its meeting's day and its item."""
    item = resolution.item
    return f"{item.meeting.date:%-d %B %Y}, item {item.number}: {item.title}"


def decision_text(resolution: Resolution) -> str:
    """What was resolved, a part a line (the parts prefetched)."""
    parts = [f"{part.number}. {part.text}" for part in resolution.parts.all()]
    return "\n".join([resolution.preamble or "RESOLVED that:", *parts])


def _about(records: QuerySet, review: Review | None, recommendation: Recommendation | None):
    """The records of the review's recommendations, or of one recommendation."""
    if review is not None:
        records = records.filter(recommendation__review=review)
    if recommendation is not None:
        records = records.filter(recommendation=recommendation)
    return records


def _recorded_between(
    records: QuerySet, since: datetime.datetime | None, until: datetime.datetime | None
) -> QuerySet:
    """Those recorded after `since` and by `until`, each when given."""
    if since is not None:
        records = records.filter(created_at__gt=since)
    if until is not None:
        records = records.filter(created_at__lte=until)
    return records


def review_progress(
    *,
    review: Review | None = None,
    recommendation: Recommendation | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int = FEED_ENTRIES,
) -> QuerySet[ProgressUpdate]:
    """The review's (or one recommendation's) progress updates, newest first (reviews are
    public business; the public recommendation page shows each of them); those posted
    after `since` and by `until`, when asked (the email digests)."""
    updates = _recorded_between(
        _about(ProgressUpdate.objects.all(), review, recommendation), since, until
    )
    return updates.select_related("recommendation__review", "author", "proposed_status").order_by(
        "-as_of", "-id"
    )[:limit]


def review_reports(
    *, review: Review, since: datetime.datetime, until: datetime.datetime
) -> list[MonitoringReport]:
    """The review's monitoring reports the public could first read after `since` and by
    `until`, oldest first: those filed with an item whose content the public may read
    (`rules.report_is_visible`), public once issued and their agenda published, whichever
    came later. Each carries `snapshot_review_title` (the snapshot stays unread). A report
    filed with no item is on no public page, so it is not news."""
    public_from = Greatest("created_at", "item__meeting__agenda_published_at")
    reports = (
        MonitoringReport.objects.filter(
            review=review, item__meeting__agenda_published_at__isnull=False
        )
        .annotate(public_from=public_from, snapshot_review_title=KT("snapshot__review_title"))
        .filter(public_from__gt=since, public_from__lte=until)
        .select_related("item__meeting__committee")
        .defer("snapshot")
        .order_by("public_from", "id")
    )
    return [report for report in reports if rules.report_is_visible(PUBLIC, report)]


def agreed_statuses(
    *,
    review: Review | None = None,
    recommendation: Recommendation | None = None,
    since: datetime.datetime,
    until: datetime.datetime,
) -> QuerySet[AgreedStatus]:
    """The changes of agreed status (extensions among them) recorded after `since` and by
    `until`, of the review's recommendations or one recommendation, oldest first. The
    agreed status is public business: the public tracker shows it as soon as it is set."""
    changes = _recorded_between(
        _about(AgreedStatus.objects.all(), review, recommendation), since, until
    )
    return changes.select_related("recommendation__review", "status", "previous").order_by(
        "created_at", "id"
    )
