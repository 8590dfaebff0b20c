"""Filters for the public pages: dates and times as GOV.UK writes them, file sizes, RAG
tags and municipal years."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from scrutiny.committees.lifecycle import meeting_state as _meeting_state
from scrutiny.committees.lifecycle import public_meeting_state
from scrutiny.publishing import rules
from scrutiny.publishing.committees import municipal_year as _municipal_year
from scrutiny.publishing.meetings import council_copy as _council_copy

register = template.Library()

# A status's RAG colour as a GOV.UK tag colour. The tag's text always names the status,
# so colour is never the only cue.
RAG_TAGS = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "green": "govuk-tag--green",
    "blue": "govuk-tag--blue",
    "grey": "govuk-tag--grey",
}


@register.filter
def rag_tag_class(rag: str) -> str:
    return RAG_TAGS.get(rag or "", "govuk-tag--grey")


@register.filter
def file_size(size_bytes: int | None) -> str:
    """556 KB, 1.2 MB: the style of council document links ("PDF 556 KB")."""
    size = int(size_bytes or 0)
    if size <= 0:
        return ""
    if size < 1024:
        return f"{size} bytes"
    kilobytes = size / 1024
    if kilobytes < 1024:
        return f"{round(kilobytes)} KB"
    return f"{kilobytes / 1024:.1f} MB"


@register.filter
def document_format(document) -> str:
    """ "PDF, 556 KB" — the format and size, either left out when unknown."""
    parts = [
        document.file_format.upper() if document.file_format else "",
        file_size(document.size_bytes),
    ]
    return ", ".join(p for p in parts if p)


@register.filter
def council_copy(document) -> str:
    """The council's own copy of a document we hold no file of ("" when none)."""
    return _council_copy(document)


@register.filter
def govuk_time(moment: datetime.datetime | None) -> str:
    """6pm, 6:30pm, midday, midnight (the GOV.UK style guide)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


@register.filter
def municipal_year(day: datetime.date | None) -> str:
    return _municipal_year(day) if day else ""


@register.filter
def is_web_link(url: str | None) -> bool:
    """Only http(s) links become links: a stored "javascript:" URL must never be one."""
    return bool(url) and str(url).lower().startswith(("https://", "http://"))


@register.filter
def public_state(meeting) -> str:
    """What the public reads about where a meeting is: "Held, minutes to follow" once its
    day has passed, never "Scheduled" (`committees.lifecycle`)."""
    return public_meeting_state(meeting).label


@register.filter
def staff_state(meeting) -> str:
    """The same, with draft minutes shown as such (staff see drafts)."""
    return _meeting_state(meeting).label


@register.filter
def hidden_from_public(record) -> bool:
    """Whether the public does not see this meeting's agenda, item's content or document
    (`publishing.rules.public_sees`): staff are shown a "Not yet public" tag on it."""
    return not rules.public_sees(record)


@register.filter
def minutes_hidden_from_public(meeting) -> bool:
    return not rules.public_sees_minutes(meeting)


@register.filter
def lookup(mapping, key):
    """``mapping[key]``, or nothing: ``{{ reviews_by_item|lookup:item.pk }}``."""
    return mapping.get(key) if mapping else None
