"""What has changed since a moment, as a user sees it: the API's `?modified_since=`.

A record counts as changed when it, or anything its answer shows, was written after the
moment, or when what it shows moved on by the clock alone. Nothing is left out that
changed (a client keeping a copy may trust the list); a few records may be listed that
did not visibly change. The answer for each record is built by the same serialisers and
rules as ever, so a listed record says nothing it would not say anyway.

- A meeting: its own fields; its agenda or a paper being published by the clock, or its
  day coming or passing (its status); its listed items (number, title, visibility);
  and, on the items whose content the user may read, their documents, declarations,
  motions (votes by name are written with their motion), resolutions and actions; its
  attendance and corrections (and the minutes of the meeting that agreed one); the
  actions of the committee's earlier meetings it lists as matters arising. A change to
  an exempt or confidential item's content does not count for someone who may not read
  it, so the list tells them nothing of it.
- A review: its own fields (its concerns are written with it); its recommendations,
  their updates, evidence and extensions; its history and monitoring reports; a
  recommendation's target date passing (it becomes overdue); a change to its
  committee's meetings (when its next report is due).
- A committee: its own fields; its memberships, and one starting or ending (its current
  members); its meetings, as above; its reviews, as above (its work programme).
- Everything: a change to a person or a directorate already in the record before the
  moment (names are shown everywhere), or to the status vocabulary.

A record deleted under a meeting, review or committee marks it changed (their
`record_tracking` touches the parent); a deleted meeting, review or committee is simply
no longer listed.
"""

from __future__ import annotations

import datetime

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from scrutiny.committees.models import (
    Committee,
    Document,
    Meeting,
    Membership,
)
from scrutiny.people.models import Directorate, Person
from scrutiny.publishing import rules
from scrutiny.reviews.models import (
    Evidence,
    Extension,
    MonitoringReport,
    ProgressUpdate,
    Recommendation,
    Review,
    Status,
    TimelineEntry,
)

ONE_DAY = datetime.timedelta(days=1)


def _days_since(since: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """The council's days from the day before `since` (a day's change shows the morning
    after) to today: a record dated in them may have moved on by the clock."""
    return timezone.localdate(since) - ONE_DAY, timezone.localdate()


def _held_by_the_clock(since: datetime.datetime) -> Q:
    """Meetings whose day came in those days: their status moved on by the date alone."""
    first_day, today = _days_since(since)
    start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(today + ONE_DAY, datetime.time()))
    return Q(starts_at__gte=start, starts_at__lt=end)


def everything_changed(since: datetime.datetime) -> bool:
    """A name or a status label shown throughout the record changed after `since`. A
    person or directorate added since changes nothing already there."""
    shown = Q(updated_at__gt=since, created_at__lte=since)
    return (
        Person.objects.filter(shown).exists()
        or Directorate.objects.filter(shown).exists()
        or Status.objects.filter(updated_at__gt=since).exists()
    )


def _ids(model, since: datetime.datetime, field: str) -> QuerySet:
    """The `field` of each `model` written since `since`: its parent's id."""
    return model.objects.filter(updated_at__gt=since).values(field)


def meeting_changed_q(user, since: datetime.datetime) -> Q:
    """Whether a meeting of the queryset it filters changed since `since`, as `user` sees
    it (see the module's notes). Each part is one subquery of the ids it changed, not one
    per meeting, so a long archive costs a scan of each table, not of each meeting."""
    now = timezone.now()
    clock = (
        Q(agenda_published_at__gt=since, agenda_published_at__lte=now)
        | Q(starts_at__gt=since, starts_at__lte=now)
        | _held_by_the_clock(since)
    )
    items = rules.listed_items(user).filter(updated_at__gt=since).values("meeting_id")
    # Any paper of an item the user may read, published or not: one withdrawn counts.
    papers = (
        Document.objects.filter(item__in=rules.visible_items(user).values("pk"))
        .filter(Q(updated_at__gt=since) | Q(published_at__gt=since, published_at__lte=now))
        .values("item__meeting_id")
    )
    minutes = [
        visible(user).filter(updated_at__gt=since).values("item__meeting_id")
        for visible in (
            rules.visible_declarations,
            rules.visible_motions,
            rules.visible_resolutions,
        )
    ]
    actions = rules.visible_actions(user).filter(updated_at__gt=since)
    attendance = rules.visible_attendance(user).filter(updated_at__gt=since).values("meeting_id")
    corrections = (
        rules.visible_corrections(user)
        .filter(Q(updated_at__gt=since) | Q(agreed_at__updated_at__gt=since))
        .values("meeting_id")
    )
    written = Q(updated_at__gt=since) | clock
    for ids in (items, papers, *minutes, actions.values("meeting_id"), attendance, corrections):
        written |= Q(pk__in=ids)
    # Matters arising: a changed action is listed at its committee's later meetings.
    for committee_id, first in (
        actions.order_by().values_list("committee_id").annotate(first=Min("meeting__starts_at"))
    ):
        written |= Q(committee_id=committee_id, starts_at__gt=first)
    return written


def meetings_changed_since(
    user, since: datetime.datetime, queryset: QuerySet[Meeting]
) -> QuerySet[Meeting]:
    if everything_changed(since):
        return queryset
    return queryset.filter(meeting_changed_q(user, since))


def _review_changed_q(since: datetime.datetime) -> Q:
    """Whether a review of the queryset it filters changed since `since`: one subquery of
    ids for each part, as for meetings."""
    first_day, today = _days_since(since)
    now = timezone.now()
    # A target date passing makes a recommendation overdue.
    overdue = Q(current_target_date__gte=first_day, current_target_date__lt=today)
    recommendations = Recommendation.objects.filter(Q(updated_at__gt=since) | overdue)
    recommendations = recommendations.values("review_id")
    parts = (
        recommendations,
        _ids(ProgressUpdate, since, "recommendation__review_id"),
        _ids(Evidence, since, "update__recommendation__review_id"),
        _ids(Extension, since, "recommendation__review_id"),
        _ids(TimelineEntry, since, "review_id"),
        _ids(MonitoringReport, since, "review_id"),
    )
    # When the next report is due reads the committee's meetings.
    meetings = Meeting.objects.filter(
        Q(updated_at__gt=since)
        | Q(starts_at__gt=since, starts_at__lte=now)
        | _held_by_the_clock(since)
    ).values("committee_id")
    written = Q(updated_at__gt=since) | Q(committee_id__in=meetings)
    for ids in parts:
        written |= Q(pk__in=ids)
    return written


def reviews_changed_since(since: datetime.datetime, queryset: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews are public business: everyone sees the same of them."""
    if everything_changed(since):
        return queryset
    return queryset.filter(_review_changed_q(since))


def committees_changed_since(
    user, since: datetime.datetime, queryset: QuerySet[Committee]
) -> QuerySet[Committee]:
    if everything_changed(since):
        return queryset
    first_day, today = _days_since(since)
    memberships = Membership.objects.filter(
        Q(updated_at__gt=since)
        | Q(started_on__gte=first_day, started_on__lte=today)
        | Q(ended_on__gte=first_day, ended_on__lte=today)
    ).values("committee_id")
    meetings = Meeting.objects.filter(meeting_changed_q(user, since)).values("committee_id")
    reviews = Review.objects.filter(_review_changed_q(since)).values("committee_id")
    return queryset.filter(
        Q(updated_at__gt=since) | Q(pk__in=memberships) | Q(pk__in=meetings) | Q(pk__in=reviews)
    )
