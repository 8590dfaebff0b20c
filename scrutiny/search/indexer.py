"""What the index holds: the public text of each record, as the public pages show it to
someone not signed in. Every record is read through `scrutiny.publishing.rules` asked for
no user, so an exempt, confidential or unpublished thing never becomes an entry, and its
words never reach a snippet; nothing here decides visibility itself."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from scrutiny.committees.models import Action, AgendaItem, Document, Meeting, Resolution
from scrutiny.publishing import rules
from scrutiny.publishing.committees import municipal_year
from scrutiny.reviews.models import ProgressUpdate, Recommendation, Review
from scrutiny.search.documents import MAX_TEXT_CHARS
from scrutiny.search.models import SearchEntry

PUBLIC = None  # the user the index is built for: nobody signed in


def meeting_entries(meeting: Meeting) -> list[SearchEntry]:
    """The entries of one meeting: the meeting, its items (an exempt item's number and
    title alone, as the agenda publishes it), their minutes, resolutions, actions and
    documents, each as far as the public may read it now."""
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
    entries = [
        SearchEntry(
            kind=SearchEntry.Kind.MEETING,
            title=f"{committee.name}, {day:%-d %B %Y}",
            body=" ".join(filter(None, [meeting.venue, meeting.get_status_display()])),
            url=page,
            **common,
        )
    ]
    items = rules.listed_items(PUBLIC, AgendaItem.objects.filter(meeting=meeting))
    for item in items.order_by("position", "id"):
        item.meeting = meeting
        if not rules.item_title_is_visible(PUBLIC, item):
            continue
        content = rules.item_is_visible(PUBLIC, item)
        anchor = f"{page}#item-{item.pk}"
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.ITEM,
                title=f"Item {item.number}: {item.title}",
                body=item.text if content else "",
                url=anchor,
                **common,
            )
        )
        if item.minutes and rules.item_minutes_are_visible(PUBLIC, item):
            entries.append(
                SearchEntry(
                    kind=SearchEntry.Kind.MINUTES,
                    title=f"Minutes, item {item.number}: {item.title}",
                    body=item.minutes,
                    url=anchor,
                    **common,
                )
            )
    resolutions = rules.visible_resolutions(
        PUBLIC, Resolution.objects.filter(item__meeting=meeting)
    ).select_related("item")
    for resolution in resolutions.prefetch_related("parts"):
        parts = " ".join(f"{part.number}) {part.text}" for part in resolution.parts.all())
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.RESOLUTION,
                title=f"Resolution, item {resolution.item.number}: {resolution.item.title}",
                body=f"{resolution.preamble} {parts}".strip(),
                url=f"{page}#item-{resolution.item_id}",
                **common,
            )
        )
    for action in rules.visible_actions(PUBLIC, Action.objects.filter(meeting=meeting)):
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.ACTION,
                title=f"Action: {action.text[:200]}",
                body=" ".join(filter(None, [action.text, action.response])),
                url=f"{page}#item-{action.item_id}",
                **common,
            )
        )
    documents = rules.visible_documents(
        PUBLIC, Document.objects.filter(item__meeting=meeting)
    ).select_related("item")
    for document in documents:
        document.item.meeting = meeting
        if not rules.document_is_visible(PUBLIC, document):  # both rule forms agree
            continue
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.DOCUMENT,
                title=document.title,
                body=document.extracted_text[:MAX_TEXT_CHARS],
                url=reverse("site:document_download", args=[document.pk]),
                **common,
            )
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
