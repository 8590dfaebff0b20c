"""How the record's parts lead to each other, as a given user may follow them: the review
an agenda item concerns, the meetings and items where a review was considered, and the
committee an issue belongs under. Pages link through these so meeting, item, issue,
review and recommendation each lead to the others.

An item leads to a review in two ways: its issue is the review's subject (shown when the
user may read the item's title, `rules.item_title_is_visible`, as the issue link itself
is), or a monitoring report of the review was filed with it (shown when the user may read
the report, `rules.report_is_visible`). Reviews are public business, so the review itself
needs no check. Each function costs a fixed number of queries however many items."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from scrutiny.committees.models import AgendaItem, Committee, Issue, Meeting
from scrutiny.publishing import rules
from scrutiny.reviews.models import MonitoringReport, Review

# A review page lists the newest of the meetings that considered it; the issue's page has
# them all.
CONSIDERED_SHOWN = 10


def reviews_of_items(user, items: Iterable[AgendaItem]) -> dict[int, list[Review]]:
    """The reviews each item concerns, by the item's id (items with none are left out).
    Each item's meeting must be loaded (it is, for a meeting's or an issue's items)."""
    items = list(items)
    issue_ids = {
        item.issue_id for item in items if item.issue_id and rules.item_title_is_visible(user, item)
    }
    by_issue: dict[int, list[Review]] = defaultdict(list)
    if issue_ids:
        for review in Review.objects.filter(issue_id__in=issue_ids).order_by("title"):
            by_issue[review.issue_id].append(review)
    by_id = {item.pk: item for item in items}
    found: dict[int, list[Review]] = defaultdict(list)
    for item in items:
        if item.issue_id and rules.item_title_is_visible(user, item):
            found[item.pk] += by_issue.get(item.issue_id, [])
    if by_id:
        reports = MonitoringReport.objects.filter(item_id__in=by_id).select_related("review")
        for report in reports.order_by("review__title", "sequence", "version"):
            report.item = by_id[report.item_id]
            if rules.report_is_visible(user, report) and report.review not in found[report.item_id]:
                found[report.item_id].append(report.review)
    return {pk: reviews for pk, reviews in found.items() if reviews}


def reviews_of_issue(issue: Issue) -> list[Review]:
    """The reviews whose subject is the issue."""
    return list(Review.objects.filter(issue=issue).select_related("committee").order_by("title"))


@dataclass(frozen=True)
class Consideration:
    """An item where a review was considered: one on its issue, or one a monitoring report
    of the review was filed with (``report``, its number, when the user may read it)."""

    meeting: Meeting
    item: AgendaItem
    report: int | None = None


@dataclass(frozen=True)
class Considerations:
    shown: list[Consideration]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def review_considered_at(user, review: Review, *, limit: int = CONSIDERED_SHOWN) -> Considerations:
    """The items where the review was considered, newest first, in one query: items on its
    issue whose titles the user may read, and items its monitoring reports were filed with
    whose content the user may read (`rules.report_is_visible`: the report goes with its
    item). A report issued to a meeting with no item is on the review's own page."""
    filed = MonitoringReport.objects.filter(review=review, item__isnull=False)
    # One list of ids from two indexed look-ups: "id in (reports' items) or on the issue"
    # written as one condition makes PostgreSQL read every item.
    ids = filed.order_by().values("item_id")
    if review.issue_id:
        on_issue = AgendaItem.objects.filter(issue_id=review.issue_id).order_by().values("pk")
        ids = ids.union(on_issue)
    condition = Q(pk__in=ids)
    first_report = filed.filter(item_id=OuterRef("pk")).order_by("sequence").values("sequence")
    candidates = (
        rules.listed_items(user, AgendaItem.objects.filter(condition))
        .select_related("meeting__committee")
        .defer("text", "minutes", "public_interest_reason")
        .annotate(report_number=Subquery(first_report[:1]))
        .order_by("-meeting__starts_at", "-position", "-id")
    )
    found = []
    for item in candidates:
        on_issue = bool(review.issue_id) and item.issue_id == review.issue_id
        report = item.report_number if rules.item_is_visible(user, item) else None
        if report is not None or (on_issue and rules.item_title_is_visible(user, item)):
            found.append(Consideration(meeting=item.meeting, item=item, report=report))
    return Considerations(shown=found[:limit], total=len(found))


def issue_committee(
    user, issue: Issue, reviews: list[Review] | None = None, *, newest: AgendaItem | None = None
) -> Committee | None:
    """The committee an issue's page sits under: that of the review whose subject it is,
    else of the newest meeting that considered it (of the items the user may see listed
    under it; ``newest`` when the caller has it in hand, the first of the issue's
    history), else none."""
    reviews = reviews_of_issue(issue) if reviews is None else reviews
    if reviews:
        return reviews[0].committee
    if newest is not None:
        return newest.meeting.committee
    newest = (
        rules.titled_items(user, issue.items.all())
        .select_related("meeting__committee")
        .order_by("-meeting__starts_at", "-position", "-id")
        .first()
    )
    return newest.meeting.committee if newest is not None else None
