"""The committee record as a given user may see it: a meeting's agenda and minutes, and an
issue's history across meetings. Everything here reads through `publishing.rules`, and in
a fixed number of queries however long the agenda or the history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Document,
    Issue,
    Meeting,
    MinutesCorrection,
    Resolution,
    ResolutionPart,
)
from scrutiny.publishing import rules

ISSUE_ITEMS_PER_PAGE = 20


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
    # Actions from the committee's earlier meetings still open at this one, or closed
    # since the meeting before it (reported here as done).
    matters_arising: list[Action] = field(default_factory=list)


def _item_prefetches(user) -> list[Prefetch]:
    """The item's records, each filtered by the rules; the records of items the user may
    not see are also dropped in `_item_record`, so both rule forms must agree to show."""
    parts = Prefetch("parts", queryset=ResolutionPart.objects.order_by("number"))
    return [
        Prefetch(
            "documents",
            queryset=rules.visible_documents(user).order_by("kind", "id"),
            to_attr="visible_documents",
        ),
        Prefetch(
            "declarations",
            queryset=rules.visible_declarations(user).select_related("person").order_by("id"),
            to_attr="visible_declarations",
        ),
        Prefetch(
            "motions",
            queryset=rules.visible_motions(user).select_related("mover", "seconder"),
            to_attr="visible_motions",
        ),
        Prefetch(
            "resolutions",
            queryset=rules.visible_resolutions(user).prefetch_related(parts),
            to_attr="visible_resolutions",
        ),
        Prefetch(
            "actions",
            queryset=rules.visible_actions(user).select_related("owner"),
            to_attr="visible_actions",
        ),
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
        record.resolutions = item.visible_resolutions
        record.actions = item.visible_actions
    return record


def _with_items_records(user, items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    return rules.listed_items(user, items).prefetch_related(*_item_prefetches(user))


def meeting_record(*, user, meeting: Meeting) -> MeetingRecord:
    """The meeting page: its agenda once published, its minutes record once approved."""
    agenda = rules.agenda_is_visible(user, meeting)
    minutes = rules.minutes_record_is_visible(user, meeting)
    items: list[ItemRecord] = []
    if agenda:
        queryset = _with_items_records(user, meeting.items.select_related("issue"))
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
        matters_arising=matters_arising(user=user, meeting=meeting) if agenda else [],
    )


def matters_arising(*, user, meeting: Meeting) -> list[Action]:
    """The action log the committee goes through at this meeting: every action taken at
    its earlier meetings that was open when this one met, or was closed since the meeting
    before it. Actions closed earlier were reported at an earlier meeting. Each is shown
    as it was at this meeting: one closed after it was still open then."""
    previous = (
        Meeting.objects.filter(committee=meeting.committee, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if previous is None:
        return []
    since = timezone.localdate(previous)
    return list(
        rules.visible_actions(user)
        .filter(
            item__meeting__committee=meeting.committee,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
        .select_related("item__meeting", "owner")
        .order_by("item__meeting__starts_at", "item__position", "id")
    )


def get_issue_or_404(slug: str) -> Issue:
    return get_object_or_404(Issue, slug=slug)


def issue_history(*, user, issue: Issue, page_number=1) -> tuple[Page, list[ItemRecord]]:
    """Every meeting at which the issue was considered, newest first (the "Issue -
    meetings" page), a page at a time."""
    items = _with_items_records(
        user, issue.items.select_related("meeting__committee", "issue")
    ).order_by("-meeting__starts_at", "-position", "-id")
    page = Paginator(items, ISSUE_ITEMS_PER_PAGE).get_page(page_number)
    return page, [_item_record(user, item) for item in page.object_list]


def upcoming_meetings(*, user, after, limit: int = 5) -> list[Meeting]:
    return list(
        rules.visible_meetings(user)
        .filter(starts_at__gte=after)
        .exclude(status=Meeting.Status.CANCELLED)
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
    """The newest resolutions the user may see, with their parts."""
    return list(
        rules.visible_resolutions(user)
        .select_related("item__meeting__committee")
        .prefetch_related(Prefetch("parts", queryset=ResolutionPart.objects.order_by("number")))
        .order_by("-item__meeting__starts_at", "-id")[:limit]
    )
