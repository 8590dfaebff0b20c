"""What the public now sees after a clerk's change, for the confirmation message. Every
answer is read from `publishing.rules` as an anonymous visitor, so a message never says
"published" while the public page says "not yet published"."""

from scrutiny.committees.lifecycle import public_meeting_state
from scrutiny.committees.models import AgendaItem, Document, Meeting, Visibility
from scrutiny.publishing import rules

PUBLIC = None  # `publishing.rules` reads no user as the public


def _fresh(meeting: Meeting) -> Meeting:
    """The meeting as saved: a service may have moved its minutes on (draft) by update()."""
    return Meeting.objects.select_related("committee").get(pk=meeting.pk)


def minutes_status_notice(meeting: Meeting) -> str:
    meeting = _fresh(meeting)
    if not rules.minutes_are_published(meeting):
        return "Minutes saved as a draft: not public yet"
    what = meeting.get_minutes_status_display().lower()
    if meeting.minutes_locked:
        what = "signed and locked"
    if not rules.agenda_is_published(meeting):
        return f"The minutes are {what}, but not public until the agenda is published"
    return f"The minutes are {what} and public on the meeting page"


def minutes_record_notice(item: AgendaItem) -> str:
    """Where a record of the item's minutes (its minutes, a motion, a resolution, an
    action, a declaration) stands with the public."""
    meeting = _fresh(item.meeting)
    item.meeting = meeting
    if not rules.minutes_are_published(meeting):
        return "not public until the minutes are approved"
    if not rules.agenda_is_published(meeting):
        return "not public until the agenda is published"
    if not rules.item_is_visible(PUBLIC, item):
        return f"not public: the item is {item.visibility}"
    return "public on the meeting page"


def attendance_notice(meeting: Meeting) -> str:
    if rules.minutes_are_published(_fresh(meeting)):
        return "public on the meeting page"
    return "not public until the minutes are approved"


def agenda_item_notice(item: AgendaItem) -> str:
    """What the public sees of an item on the agenda."""
    item.meeting = _fresh(item.meeting)
    if not rules.agenda_is_published(item.meeting):
        return "not public until the agenda is published"
    if item.visibility == Visibility.CONFIDENTIAL:
        return "the public sees only its number"
    if item.visibility == Visibility.EXEMPT:
        return "the public sees its number, title and Schedule 12A paragraphs"
    return "public on the meeting page"


def agenda_notice(meeting: Meeting) -> str:
    if rules.agenda_is_published(_fresh(meeting)):
        return "The agenda is published and public on the meeting page"
    return "The agenda is not public yet"


def meeting_notice(meeting: Meeting) -> str:
    """A meeting is on the public calendar whatever its papers' state."""
    state = public_meeting_state(_fresh(meeting)).label
    return f"the public calendar shows it as “{state}”"


def document_notice(document: Document) -> str:
    if rules.document_is_visible(PUBLIC, document):
        return "public on the meeting page"
    if not rules.agenda_is_published(document.item.meeting):
        return "not public until the agenda is published"
    return "not public: it or its item is not open to the public"


def item_minutes_notice(item: AgendaItem) -> str:
    notice = minutes_record_notice(item)
    if not rules.minutes_are_published(item.meeting):
        return f"Minutes of item {item.number} saved as a draft: not public yet"
    return f"Minutes of item {item.number} saved: {notice}"
