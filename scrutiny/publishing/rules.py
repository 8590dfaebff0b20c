"""What a given user may see of the committee record (docs/rules.md).

Every public output — pages now; feeds, the API, search and exports later — asks this
module, so the rules are written once and a new output cannot forget one. The rules:

- The calendar of meetings is public; a meeting's agenda is public once it is published
  (`agenda_published_at` set and not in the future).
- An exempt item still appears in the published agenda as its number and title with the
  Schedule 12A paragraph(s) it is exempt under, as councils must publish it; a confidential
  item appears only as its number. Their text, documents, minutes, motions, resolutions,
  actions and declarations are for staff with a role (scrutiny officer, clerk) and
  superusers, and for councillors who are members of the item's committee.
- A document is visible only if its own visibility and its item's both allow it and it is
  published (`published_at` set and not in the future): drafts are never public.
- The minutes record of a meeting (minutes text, attendance, declarations, motions,
  resolutions, actions) is public once the minutes are approved or signed. A correction
  to signed minutes is public once the minutes of the meeting that agreed it are.
- An issued monitoring report goes with the agenda item it was filed with: read by whoever
  may read the item's content.

Staff with a role see everything, drafts included, so they can check what they publish.
Councillors see their committees' exempt and confidential business, but only once it is
published, as the public would.

Querysets come filtered; booleans answer for one object already in hand; the
`get_..._or_404` functions fetch by id with the rules applied, so a view cannot fetch
around them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    Meeting,
    MinutesCorrection,
    Motion,
    Resolution,
    Visibility,
)
from scrutiny.committees.selectors import committees_sat_on
from scrutiny.people.roles import Role, has_role

PRIVILEGED_ROLES = (Role.SCRUTINY_OFFICER, Role.CLERK)
PUBLISHED_MINUTES = (Meeting.MinutesStatus.APPROVED, Meeting.MinutesStatus.SIGNED)
_CACHE_ATTRIBUTE = "_scrutiny_publishing_access"


@dataclass(frozen=True)
class Access:
    """What one user may see beyond the public record, worked out once per request."""

    privileged: bool = False
    committee_ids: frozenset[int] = frozenset()

    def is_member_of(self, committee_id: int) -> bool:
        return committee_id in self.committee_ids


PUBLIC_ACCESS = Access()


def access_for(user) -> Access:
    """The user's access, cached on the user object (one request's lifetime)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC_ACCESS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    privileged = any(has_role(user, role) for role in PRIVILEGED_ROLES)
    today = timezone.localdate()
    committee_ids = committees_sat_on(user, today)
    access = Access(privileged=privileged, committee_ids=committee_ids)
    setattr(user, _CACHE_ATTRIBUTE, access)
    return access


def user_sees_everything(user) -> bool:
    return access_for(user).privileged


@dataclass(frozen=True)
class Reader:
    """Someone signed in with the given access, for asking these rules on behalf of a
    whole audience (the search index is built for the public, a committee's members and
    staff alike), never a person."""

    access: Access
    is_authenticated: bool = True
    is_active: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, _CACHE_ATTRIBUTE, self.access)


def member_of(committee_id: int) -> Reader:
    """A member of one committee, and of no other."""
    return Reader(Access(committee_ids=frozenset({committee_id})))


STAFF_READER = Reader(Access(privileged=True))


# Instance rules: for one object already fetched. They read only the object and its
# select_related parents, so they cost no queries when the caller fetched those.


def _is_past(moment: datetime.datetime | None) -> bool:
    return moment is not None and moment <= timezone.now()


def agenda_is_published(meeting: Meeting) -> bool:
    return _is_past(meeting.agenda_published_at)


def minutes_are_published(meeting: Meeting) -> bool:
    return meeting.minutes_status in PUBLISHED_MINUTES


def agenda_is_visible(user, meeting: Meeting) -> bool:
    return access_for(user).privileged or agenda_is_published(meeting)


def minutes_record_is_visible(user, meeting: Meeting) -> bool:
    return access_for(user).privileged or minutes_are_published(meeting)


def item_is_listed(user, item: AgendaItem) -> bool:
    """Whether the item appears on the agenda at all (for exempt items: number and title)."""
    return agenda_is_visible(user, item.meeting)


def item_is_visible(user, item: AgendaItem) -> bool:
    """Whether the item's own content (its text, and what hangs off it) may be shown."""
    access = access_for(user)
    if access.privileged:
        return True
    if not agenda_is_published(item.meeting):
        return False
    return item.visibility == Visibility.PUBLIC or access.is_member_of(item.meeting.committee_id)


def item_title_is_visible(user, item: AgendaItem) -> bool:
    """Titles of exempt items are published by law; a confidential item shows its number."""
    return item_is_visible(user, item) or (
        item_is_listed(user, item) and item.visibility != Visibility.CONFIDENTIAL
    )


def item_minutes_are_visible(user, item: AgendaItem) -> bool:
    return item_is_visible(user, item) and minutes_record_is_visible(user, item.meeting)


def document_is_visible(user, document: Document) -> bool:
    access = access_for(user)
    if access.privileged:
        return True
    item = document.item
    if not (item_is_visible(user, item) and _is_past(document.published_at)):
        return False
    return document.visibility == Visibility.PUBLIC or access.is_member_of(
        item.meeting.committee_id
    )


def report_is_visible(user, report) -> bool:
    """An issued monitoring report goes with the agenda item it was filed with: read (and
    so reissued) only by whoever may read the item's content. One with no item is the
    review's, and reviews are public business."""
    return report.item is None or item_is_visible(user, report.item)


def public_sees(record) -> bool:
    """Whether the public (nobody signed in) sees this record: the rules above asked for
    no user, so staff pages can mark what they show that the public does not ("Not yet
    public"). A meeting is its agenda; an item its content (an exempt item's title is
    published, its content is not); a document itself."""
    if isinstance(record, Meeting):
        return agenda_is_visible(None, record)
    if isinstance(record, AgendaItem):
        return item_is_visible(None, record)
    if isinstance(record, Document):
        return document_is_visible(None, record)
    raise TypeError(f"No publishing rule for {type(record).__name__}")


def public_sees_minutes(meeting: Meeting) -> bool:
    """Whether the public sees the meeting's minutes record (approved or signed)."""
    return minutes_record_is_visible(None, meeting)


def exempt_notice(item: AgendaItem) -> str:
    """What the public agenda says instead of an exempt or confidential item's content."""
    if item.visibility == Visibility.EXEMPT:
        paragraphs = [str(p) for p in item.exempt_paragraphs]
        if not paragraphs:  # imported as restricted; the clerk has yet to confirm which
            return (
                "This item is exempt under Schedule 12A to the Local Government Act 1972 "
                "(the paragraph is to be confirmed)."
            )
        if len(paragraphs) > 1:
            which = f"paragraphs {', '.join(paragraphs[:-1])} and {paragraphs[-1]}"
        else:
            which = f"paragraph {''.join(paragraphs)}"
        return (
            f"This item is exempt under {which} of Schedule 12A to the Local Government Act 1972."
        )
    if item.visibility == Visibility.CONFIDENTIAL:
        return (
            "This item contains confidential information (section 100A(3) of the Local "
            "Government Act 1972) and is not open to the public."
        )
    return ""


# Queryset rules: the same rules as filters. `prefix` is the path from the queryset's model
# to the item ("item__" for records hanging off an item).


def _agenda_published_q(meeting_path: str) -> Q:
    return Q(**{f"{meeting_path}agenda_published_at__lte": timezone.now()})


def _minutes_published_q(meeting_path: str) -> Q:
    return Q(**{f"{meeting_path}minutes_status__in": PUBLISHED_MINUTES})


def _item_visible_q(access: Access, item_path: str) -> Q:
    open_to_user = Q(**{f"{item_path}visibility": Visibility.PUBLIC})
    if access.committee_ids:
        open_to_user |= Q(**{f"{item_path}meeting__committee_id__in": access.committee_ids})
    return _agenda_published_q(f"{item_path}meeting__") & open_to_user


def _filter(queryset: QuerySet, access: Access, condition) -> QuerySet:
    return queryset if access.privileged else queryset.filter(condition)


def visible_meetings(user, queryset: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    """The calendar of meetings is public: every meeting, whatever its papers' state."""
    return Meeting.objects.all() if queryset is None else queryset


def listed_items(user, queryset: QuerySet[AgendaItem] | None = None) -> QuerySet[AgendaItem]:
    """Items on published agendas, exempt ones included (number and title only)."""
    queryset = AgendaItem.objects.all() if queryset is None else queryset
    return _filter(queryset, access_for(user), _agenda_published_q("meeting__"))


def titled_items(user, queryset: QuerySet[AgendaItem] | None = None) -> QuerySet[AgendaItem]:
    """Listed items whose title the user may see (`item_title_is_visible`): a confidential
    item is its number alone, so a list keyed by subject (an issue's meetings) leaves it
    out rather than show it under the subject's name."""
    queryset = AgendaItem.objects.all() if queryset is None else queryset
    access = access_for(user)
    titled = ~Q(visibility=Visibility.CONFIDENTIAL) | _item_visible_q(access, "")
    return _filter(queryset, access, _agenda_published_q("meeting__") & titled)


def visible_items(user, queryset: QuerySet[AgendaItem] | None = None) -> QuerySet[AgendaItem]:
    """Items whose content the user may see."""
    queryset = AgendaItem.objects.all() if queryset is None else queryset
    access = access_for(user)
    return _filter(queryset, access, _item_visible_q(access, ""))


def visible_documents(user, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    queryset = Document.objects.all() if queryset is None else queryset
    access = access_for(user)
    open_to_user = Q(visibility=Visibility.PUBLIC)
    if access.committee_ids:
        open_to_user |= Q(item__meeting__committee_id__in=access.committee_ids)
    condition = (
        _item_visible_q(access, "item__") & Q(published_at__lte=timezone.now()) & open_to_user
    )
    return _filter(queryset, access, condition)


def _visible_minutes_records(user, model, queryset: QuerySet | None) -> QuerySet:
    queryset = model.objects.all() if queryset is None else queryset
    access = access_for(user)
    condition = _item_visible_q(access, "item__") & _minutes_published_q("item__meeting__")
    return _filter(queryset, access, condition)


def visible_motions(user, queryset: QuerySet[Motion] | None = None) -> QuerySet[Motion]:
    return _visible_minutes_records(user, Motion, queryset)


def visible_resolutions(user, queryset: QuerySet[Resolution] | None = None) -> QuerySet[Resolution]:
    return _visible_minutes_records(user, Resolution, queryset)


def visible_actions(user, queryset: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """The rule of the other minutes records, read from the meeting and committee each
    action stores, and its item's visibility as "not one of the few items that are not
    public" (read live, through their index): so a committee's whole action history is
    counted without reading an agenda item of it."""
    queryset = Action.objects.all() if queryset is None else queryset
    access = access_for(user)
    restricted = AgendaItem.objects.filter(pk=OuterRef("item_id")).exclude(
        visibility=Visibility.PUBLIC
    )
    open_to_user = ~Exists(restricted)
    if access.committee_ids:
        open_to_user |= Q(committee_id__in=access.committee_ids)
    condition = _agenda_published_q("meeting__") & _minutes_published_q("meeting__") & open_to_user
    return _filter(queryset, access, condition)


def visible_declarations(
    user, queryset: QuerySet[Declaration] | None = None
) -> QuerySet[Declaration]:
    return _visible_minutes_records(user, Declaration, queryset)


def visible_attendance(user, queryset: QuerySet[Attendance] | None = None) -> QuerySet[Attendance]:
    queryset = Attendance.objects.all() if queryset is None else queryset
    access = access_for(user)
    return _filter(queryset, access, _minutes_published_q("meeting__"))


def visible_corrections(
    user, queryset: QuerySet[MinutesCorrection] | None = None
) -> QuerySet[MinutesCorrection]:
    """A correction to signed minutes is part of the minutes of the meeting that agreed it,
    so it is public once those minutes are; one about an item goes with that item."""
    queryset = MinutesCorrection.objects.all() if queryset is None else queryset
    access = access_for(user)
    condition = _minutes_published_q("agreed_at__") & (
        Q(item__isnull=True) | _item_visible_q(access, "item__")
    )
    return _filter(queryset, access, condition)


# Fetching by id with the rules applied.


def get_visible_meeting_or_404(user, pk: int) -> Meeting:
    try:
        return visible_meetings(user).select_related("committee").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def get_visible_document_or_404(user, pk: int) -> Document:
    """The document, or 404 — the same answer whether it is missing, exempt, confidential or
    unpublished, so the response says nothing about what exists."""
    try:
        document = visible_documents(user).select_related("item__meeting__committee").get(pk=pk)
    except Document.DoesNotExist:
        raise Http404("No such document") from None
    if not document_is_visible(user, document):  # belt and braces: both rule forms agree
        raise Http404("No such document")
    return document
