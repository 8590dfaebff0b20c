"""What the index holds: the text of each record as the pages show it to each audience.
Every record is read through `scrutiny.publishing.rules` asked for three readers: the
public, a member of the meeting's committee, and staff who see everything. Where they read
the same thing there is one entry for all three; where they differ (an exempt item is its
title to the public and its text to members) each reading is an entry marked with the
audiences that may find it, so an exempt, confidential or unpublished thing never reaches
a public result or snippet; nothing here decides visibility itself."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from scrutiny.committees.models import Action, AgendaItem, Document, Meeting, Resolution
from scrutiny.publishing import rules
from scrutiny.publishing.committees import municipal_year
from scrutiny.reviews.models import ProgressUpdate, Recommendation, Review
from scrutiny.search.documents import MAX_TEXT_CHARS
from scrutiny.search.models import Audience, SearchEntry


def meeting_entries(meeting: Meeting) -> list[SearchEntry]:
    """The entries of one meeting for every audience, as far as each may read it now."""
    readings = {
        Audience.PUBLIC: _entries_as(None, meeting),
        Audience.STAFF: _entries_as(rules.STAFF_READER, meeting),
    }
    if _alike(readings[Audience.PUBLIC], readings[Audience.STAFF]):
        # Members read no less than the public and no more than staff: alike here too.
        return list(readings[Audience.PUBLIC].values())  # for every audience, 0 to 2
    readings[Audience.MEMBERS] = _entries_as(rules.member_of(meeting.committee_id), meeting)
    sources = dict.fromkeys(
        source for audience in reversed(Audience) for source in readings[audience]
    )
    entries = []
    for source in sources:  # in the staff's order: they read everything the others do
        entries += _by_audience(source, readings)
    return entries


def _by_audience(source: str, readings: dict) -> list[SearchEntry]:
    """One entry for each run of audiences that read the record alike."""
    entries: list[SearchEntry] = []
    for audience in Audience:
        entry = readings[audience].get(source)
        if entry is None:
            continue
        last = entries[-1] if entries else None
        if last is not None and last.audience_to == audience - 1 and _same(last, entry):
            last.audience_to = audience
            continue
        entry.audience_from = entry.audience_to = audience
        entries.append(entry)
    return entries


def _alike(one: dict[str, SearchEntry], other: dict[str, SearchEntry]) -> bool:
    return one.keys() == other.keys() and all(_same(one[key], other[key]) for key in one)


def _same(one: SearchEntry, other: SearchEntry) -> bool:
    return (one.kind, one.title, one.body, one.url) == (
        other.kind,
        other.title,
        other.body,
        other.url,
    )


def _entries_as(reader, meeting: Meeting) -> dict[str, SearchEntry]:
    """The meeting's entries as `reader` may read them now, keyed by the record each came
    from: the meeting, its items (an exempt item's number and title alone, to whoever may
    not read it), their minutes, resolutions, actions and documents."""
    committee = meeting.committee
    day = meeting.date
    common = {
        "meeting_id": meeting.pk,
        "committee_id": committee.pk,
        "committee_name": committee.name,
        "dated": day,
        "municipal_year": municipal_year(day),
    }
    page = reverse("site:meeting_detail", args=[meeting.pk])
    entries = {
        "meeting": SearchEntry(
            kind=SearchEntry.Kind.MEETING,
            title=f"{committee.name}, {day:%-d %B %Y}",
            body=" ".join(filter(None, [meeting.venue, meeting.get_status_display()])),
            url=page,
            **common,
        )
    }
    items = rules.listed_items(reader, AgendaItem.objects.filter(meeting=meeting))
    for item in items.order_by("position", "id"):
        item.meeting = meeting
        if not rules.item_title_is_visible(reader, item):
            continue
        content = rules.item_is_visible(reader, item)
        anchor = f"{page}#item-{item.pk}"
        entries[f"item {item.pk}"] = SearchEntry(
            kind=SearchEntry.Kind.ITEM,
            title=f"Item {item.number}: {item.title}",
            body=item.text if content else "",
            url=anchor,
            **common,
        )
        if item.minutes and rules.item_minutes_are_visible(reader, item):
            entries[f"minutes {item.pk}"] = SearchEntry(
                kind=SearchEntry.Kind.MINUTES,
                title=f"Minutes, item {item.number}: {item.title}",
                body=item.minutes,
                url=anchor,
                **common,
            )
    resolutions = rules.visible_resolutions(
        reader, Resolution.objects.filter(item__meeting=meeting)
    ).select_related("item")
    for resolution in resolutions.prefetch_related("parts"):
        parts = " ".join(f"{part.number}) {part.text}" for part in resolution.parts.all())
        entries[f"resolution {resolution.pk}"] = SearchEntry(
            kind=SearchEntry.Kind.RESOLUTION,
            title=f"Resolution, item {resolution.item.number}: {resolution.item.title}",
            body=f"{resolution.preamble} {parts}".strip(),
            url=f"{page}#item-{resolution.item_id}",
            **common,
        )
    for action in rules.visible_actions(reader, Action.objects.filter(meeting=meeting)):
        entries[f"action {action.pk}"] = SearchEntry(
            kind=SearchEntry.Kind.ACTION,
            title=f"Action: {action.text[:200]}",
            body=" ".join(filter(None, [action.text, action.response])),
            url=f"{page}#item-{action.item_id}",
            **common,
        )
    documents = rules.visible_documents(
        reader, Document.objects.filter(item__meeting=meeting)
    ).select_related("item")
    for document in documents:
        document.item.meeting = meeting
        if not rules.document_is_visible(reader, document):  # both rule forms agree
            continue
        entries[f"document {document.pk}"] = SearchEntry(
            kind=SearchEntry.Kind.DOCUMENT,
            title=document.title,
            body=document.extracted_text[:MAX_TEXT_CHARS],
            url=reverse("site:document_download", args=[document.pk]),
            **common,
        )
    return entries


def review_entries(review: Review) -> list[SearchEntry]:
    """A review, its recommendations and their progress updates: reviews are public
    business, and their pages show all of this to everyone."""
    committee = review.committee
    page = reverse("site:review_detail", args=[review.slug])
    started = review.created_at.date() if review.created_at else timezone.localdate()
    common = {
        "review_id": review.pk,
        "committee_id": committee.pk,
        "committee_name": committee.name,
    }

    def when(day):
        day = day or started
        return {"dated": day, "municipal_year": municipal_year(day)}

    concerns = " ".join(concern.text for concern in review.concerns.all())
    entries = [
        SearchEntry(
            kind=SearchEntry.Kind.REVIEW,
            title=review.title,
            body=" ".join(filter(None, [review.scope, review.aim, concerns])),
            url=page,
            **common,
            **when(started),
        )
    ]
    recommendations = Recommendation.objects.filter(review=review).order_by("number")
    for recommendation in recommendations:
        url = reverse("site:recommendation_detail", args=[review.slug, recommendation.number])
        reference = f" ({recommendation.reference})" if recommendation.reference else ""
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.RECOMMENDATION,
                title=f"{review.title}: recommendation {recommendation.number}{reference}",
                body=recommendation.text,
                url=url,
                **common,
                **when(recommendation.agreed_on),
            )
        )
    updates = ProgressUpdate.objects.filter(recommendation__review=review).select_related(
        "recommendation"
    )
    for update in updates:
        number = update.recommendation.number
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.UPDATE,
                title=f"{review.title}: progress on recommendation {number}",
                body=update.narrative,
                url=reverse("site:recommendation_detail", args=[review.slug, number]),
                **common,
                **when(update.as_of),
            )
        )
    return entries
