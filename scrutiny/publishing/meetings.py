"""The committee record as a given user may see it: a meeting's agenda and minutes, and an
issue's history across meetings. Everything here reads through `publishing.rules`, and in
a fixed number of queries however long the agenda or the history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Window
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.committees.lifecycle import CALLED_OFF
from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Document,
    Issue,
    Meeting,
    MinutesCorrection,
    Motion,
    RecordedVote,
    Resolution,
    ResolutionPart,
)
from scrutiny.publishing import rules

ISSUE_ITEMS_PER_PAGE = 20
# Matters arising: how many a meeting page lists, and how many of the committee's latest
# meetings count as fresh business whatever their actions' due dates.
MATTERS_ARISING_SHOWN = 20
RECENT_MEETINGS = 3
# The home page's latest decisions come from this many of the newest minuted meetings.
DECISION_MEETINGS = 20
# An item's content, left unread where a record is listed only by its item's number.
ITEM_CONTENT = ("item__text", "item__minutes", "item__public_interest_reason")
# What a list of actions (matters arising, the action log) shows of each: the item by its
# number, the meeting by its date, the owner by name; nothing else is read.
ACTION_LISTED = (
    *("text", "status", "due_on", "closed_on", "response"),
    *("item__number", "meeting__starts_at"),
    *("owner__name", "owner__kind", "owner__job_title"),
)


@dataclass
class ItemRecord:
    """One agenda item with only what the user may see of it."""

    item: AgendaItem
    title_visible: bool
    content_visible: bool
    minutes_visible: bool
    notice: str
    documents: list[Document] = field(default_factory=list)
    declarations: list = field(default_factory=list)
    motions: list = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list = field(default_factory=list)

    @property
    def minutes(self) -> str:
        return self.item.minutes if self.minutes_visible else ""

    @property
    def left_room(self) -> list[str]:
        """Who declared an interest and left the room for the item, by name: shown beside
        its votes by name, from the declarations the user may see."""
        return [d.person.display_name for d in self.declarations if d.left_room]


@dataclass
class MattersArising:
    """The matters arising listed at a meeting, and how many there are in all."""

    actions: list[Action]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.actions)


@dataclass
class MeetingRecord:
    meeting: Meeting
    agenda_visible: bool
    minutes_visible: bool
    items: list[ItemRecord]
    # By status, with "_" for "-" so templates can read it: present, apologies, absent,
    # substitute, in_attendance.
    attendance: dict[str, list[Attendance]]
    corrections: list[MinutesCorrection] = field(default_factory=list)
    # Actions from the committee's earlier meetings due at this one, or closed since the
    # meeting before it (reported here as done); see `matters_arising`.
    matters_arising: MattersArising = field(
        default_factory=lambda: MattersArising(actions=[], total=0)
    )


def council_copy(document: Document) -> str:
    """The address of the council's own copy of a document we hold no file of (imported
    from its committee system), or "" when there is none. Only http(s) addresses: the
    page links to it as it is. The caller has already checked the user may see the
    document (``rules``); an exempt document is never listed to the public at all."""
    if document.file:
        return ""
    address = document.source_url.strip()
    scheme = address.split(":", 1)[0].lower()
    return address if scheme in ("http", "https") and "://" in address else ""


def _item_prefetches(user, *, minutes: bool = True) -> list[Prefetch]:
    """The item's records, each filtered by the rules; the records of items the user may
    not see are also dropped in `_item_record`, so both rule forms must agree to show.
    Without `minutes` (none of the items' minutes records can be shown: `_item_record`
    reads none of them), only their documents. Each is ordered within its item
    explicitly: the models' default orders would join the item and meeting again."""
    parts = Prefetch("parts", queryset=ResolutionPart.objects.order_by("number"))
    documents = [
        Prefetch(
            "documents",
            # A document's extracted text (a whole report's) is for search, never shown.
            queryset=rules.visible_documents(user).defer("extracted_text").order_by("kind", "id"),
            to_attr="visible_documents",
        )
    ]
    if not minutes:
        return documents
    return [
        *documents,
        Prefetch(
            "declarations",
            queryset=rules.visible_declarations(user).select_related("person").order_by("id"),
            to_attr="visible_declarations",
        ),
        Prefetch(
            "motions",
            queryset=rules.visible_motions(user)
            .select_related("mover", "seconder")
            .prefetch_related(
                Prefetch(
                    "recorded_votes",
                    queryset=RecordedVote.objects.select_related("person").order_by(
                        "person__name", "id"
                    ),
                )
            )
            .order_by("id"),
            to_attr="visible_motions",
        ),
        Prefetch(
            "resolutions",
            queryset=rules.visible_resolutions(user).prefetch_related(parts).order_by("id"),
            to_attr="visible_resolutions",
        ),
        Prefetch(
            "actions",
            queryset=rules.visible_actions(user).select_related("owner").order_by("id"),
            to_attr="visible_actions",
        ),
    ]


@dataclass
class NamedVotes:
    """How each member voted on a motion, where the minutes record it by name: the
    motion's own visibility (a minutes record) already let it be shown."""

    label: str
    names: list[str]


def named_votes(motion: Motion) -> list[NamedVotes]:
    """For, against, abstained, in that order, each by name; empty where the minutes
    record no votes by name. Reads the prefetched `recorded_votes`."""
    groups = {choice: [] for choice in RecordedVote.Vote.values}
    for vote in motion.recorded_votes.all():
        groups[vote.vote].append(vote.person.display_name)
    return [
        NamedVotes(label=RecordedVote.Vote(choice).label, names=names)
        for choice, names in groups.items()
        if names
    ]


def _item_record(user, item: AgendaItem) -> ItemRecord:
    content = rules.item_is_visible(user, item)
    minutes = content and rules.minutes_record_is_visible(user, item.meeting)
    record = ItemRecord(
        item=item,
        title_visible=rules.item_title_is_visible(user, item),
        content_visible=content,
        minutes_visible=minutes,
        notice="" if content else rules.exempt_notice(item),
    )
    if content:
        record.documents = [d for d in item.visible_documents if rules.document_is_visible(user, d)]
    if minutes:
        record.declarations = item.visible_declarations
        record.motions = item.visible_motions
        for motion in record.motions:
            motion.named_votes = named_votes(motion)
        record.resolutions = item.visible_resolutions
        record.actions = item.visible_actions
    return record


def _with_items_records(
    user, items: QuerySet[AgendaItem], *, minutes: bool = True
) -> QuerySet[AgendaItem]:
    return rules.listed_items(user, items).prefetch_related(
        *_item_prefetches(user, minutes=minutes)
    )


def meeting_record(*, user, meeting: Meeting) -> MeetingRecord:
    """The meeting page: its agenda once published, its minutes record once approved."""
    agenda = rules.agenda_is_visible(user, meeting)
    minutes = rules.minutes_record_is_visible(user, meeting)
    items: list[ItemRecord] = []
    if agenda:
        queryset = _with_items_records(user, meeting.items.select_related("issue"), minutes=minutes)
        items = [_item_record(user, item) for item in queryset.order_by("position", "id")]
    attendance: dict[str, list[Attendance]] = {}
    if minutes:
        for entry in rules.visible_attendance(user, meeting.attendance.select_related("person")):
            attendance.setdefault(entry.status.replace("-", "_"), []).append(entry)
    corrections: list[MinutesCorrection] = []
    if minutes:
        corrections = list(
            rules.visible_corrections(
                user, meeting.corrections.select_related("agreed_at", "item")
            ).order_by("agreed_at__starts_at", "id")
        )
    return MeetingRecord(
        meeting=meeting,
        agenda_visible=agenda,
        minutes_visible=minutes,
        items=items,
        attendance=attendance,
        corrections=corrections,
        matters_arising=matters_arising(user=user, meeting=meeting)
        if agenda
        else MattersArising(actions=[], total=0),
    )


def matters_arising(*, user, meeting: Meeting) -> MattersArising:
    """What the committee goes through at this meeting from its earlier ones.

    An action taken at an earlier meeting of the committee is a matter arising here when
    it was open at this meeting and is due by it (its due date is on or before this
    meeting's day) or is fresh business (taken at one of the committee's last
    `RECENT_MEETINGS` meetings before this one, whatever its due date); and when it was
    closed since the meeting before this one, to be reported done. Each is shown as it
    was at this meeting: one closed after it was still open then. Historic actions (state
    not recorded) are never listed; the committee's action log has the rest.

    At most `MATTERS_ARISING_SHOWN`, newest meeting first, with the count of them all."""
    earlier = list(
        Meeting.objects.filter(committee_id=meeting.committee_id, starts_at__lt=meeting.starts_at)
        .exclude(status__in=CALLED_OFF)
        .order_by("-starts_at")
        .values_list("pk", "starts_at")[:RECENT_MEETINGS]
    )
    if not earlier:
        return MattersArising(actions=[], total=0)
    day, since = meeting.date, timezone.localdate(earlier[0][1])
    due_here = Q(due_on__lte=day) | Q(meeting_id__in=[pk for pk, _ in earlier])
    # Closed since the previous meeting: reported done if by this one, else open then.
    # Written as "open, or closed since" first so the plan starts from the actions'
    # indexes (open ones, closing dates) and not from the committee's whole history.
    closed_since = Q(status__in=Action.CLOSED, closed_on__gte=since)
    condition = (Q(status=Action.Status.OPEN) & due_here) | (
        closed_since & (Q(closed_on__lte=day) | due_here)
    )
    actions = list(
        rules.visible_actions(user)
        .filter(
            committee_id=meeting.committee_id,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(condition)
        .annotate(total=Window(Count("id")))
        .select_related("item", "meeting", "owner")
        .only(*ACTION_LISTED)
        .order_by("-meeting__starts_at", "item__position", "id")[:MATTERS_ARISING_SHOWN]
    )
    return MattersArising(actions=actions, total=actions[0].total if actions else 0)


def get_issue_or_404(slug: str) -> Issue:
    return get_object_or_404(Issue, slug=slug)


def issue_history(*, user, issue: Issue, page_number=1) -> tuple[Page, list[ItemRecord]]:
    """Every meeting at which the issue was considered, newest first (the "Issue -
    meetings" page), a page at a time; confidential items only for those who may read
    their titles."""
    # Only items whose title the user may see: a confidential item listed under the
    # issue's title would give away its subject.
    titled = rules.titled_items(user, issue.items.select_related("meeting__committee", "issue"))
    items = _with_items_records(user, titled).order_by("-meeting__starts_at", "-position", "-id")
    page = Paginator(items, ISSUE_ITEMS_PER_PAGE).get_page(page_number)
    return page, [_item_record(user, item) for item in page.object_list]


def upcoming_meetings(*, user, after, limit: int = 5) -> list[Meeting]:
    return list(
        rules.visible_meetings(user)
        .filter(starts_at__gte=after)
        .exclude(status__in=CALLED_OFF)
        .select_related("committee")
        .order_by("starts_at")[:limit]
    )


def recent_meetings(*, user, before, limit: int = 5) -> list[Meeting]:
    return list(
        rules.visible_meetings(user)
        .filter(starts_at__lt=before)
        .select_related("committee")
        .order_by("-starts_at")[:limit]
    )


def latest_decisions(*, user, limit: int = 5) -> list[Resolution]:
    """The newest resolutions the user may see, with their parts: those of the items of
    the newest `DECISION_MEETINGS` meetings with published minutes, found through the
    meetings' date index and then the resolutions' item index, so the archive's
    resolutions are never read or sorted as a whole. (A decision older than those
    meetings is on its meeting's page, not here.)"""
    newest = (
        Meeting.objects.filter(
            minutes_status__in=rules.PUBLISHED_MINUTES, starts_at__lte=timezone.now()
        )
        .order_by("-starts_at")
        .values("pk")[:DECISION_MEETINGS]
    )
    items = AgendaItem.objects.filter(meeting__in=newest).values_list("pk", flat=True)
    return list(
        rules.visible_resolutions(user)
        .filter(item_id__in=list(items))
        .select_related("item__meeting__committee")
        .defer(*ITEM_CONTENT)
        .prefetch_related(Prefetch("parts", queryset=ResolutionPart.objects.order_by("number")))
        .order_by("-item__meeting__starts_at", "-id")[:limit]
    )
