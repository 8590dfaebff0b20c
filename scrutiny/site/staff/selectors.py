"""What the dashboard shows each person: "what needs me". The reads themselves live with
the apps that own the records (`scrutiny.reviews.due`, `scrutiny.committees.selectors`);
this module only decides which of them apply to whom."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from scrutiny.committees.models import Committee, Document, Meeting, Resolution
from scrutiny.committees.selectors import LatePapers, meetings_with_late_papers
from scrutiny.people.permissions import can_clerk, person_of
from scrutiny.people.roles import Role, has_role
from scrutiny.publishing import rules
from scrutiny.reminders.status import RemindersStatus, reminders_status
from scrutiny.reports.services import filed_title
from scrutiny.reports.wording import report_kind
from scrutiny.reviews.cycle import next_reports
from scrutiny.reviews.due import (
    ACTIVE_STAGES,
    ReportDue,
    ResponseOverdue,
    Shown,
    UpdateDue,
    executive_responses_overdue,
    monitoring_reports_due,
    updates_due_from,
    updates_overdue,
)
from scrutiny.reviews.models import MonitoringReport, Review
from scrutiny.reviews.permissions import can_manage_reviews, can_post_updates
from scrutiny.reviews.selectors import issued_reports, progress_summaries


def reviews_managed_by(user) -> QuerySet[Review]:
    reviews = Review.objects.select_related("committee").order_by("title")
    if has_role(user, Role.SCRUTINY_OFFICER):
        return reviews
    person = person_of(user)
    if person is None:
        return reviews.none()
    return reviews.filter(committee__scrutiny_officer=person)


def committees_managed_by(user) -> QuerySet[Committee]:
    """The committees whose reviews this user manages."""
    if has_role(user, Role.SCRUTINY_OFFICER):
        return Committee.objects.all()
    person = person_of(user)
    if person is None:
        return Committee.objects.none()
    return Committee.objects.filter(scrutiny_officer=person)


def committees_followed_by(user) -> QuerySet[Committee]:
    """A councillor's committees: the ones they sit on."""
    person = person_of(user)
    if person is None:
        return Committee.objects.none()
    return Committee.objects.filter(memberships__person=person).distinct()


@dataclass
class Dashboard:
    # Each at most `due.LIMIT` long, the most pressing first; `.total` counts them all.
    updates_due: list[UpdateDue] = field(default_factory=Shown)
    updates_overdue: list[UpdateDue] = field(default_factory=Shown)
    responses_overdue: list[ResponseOverdue] = field(default_factory=Shown)
    reports_due: list[ReportDue] = field(default_factory=Shown)
    late_papers: list[LatePapers] = field(default_factory=list)
    followed_reviews: list[tuple] = field(default_factory=list)
    # Whether the reminders run on time, for those whose reviews they chase.
    reminders: RemindersStatus | None = None
    sections: set[str] = field(default_factory=set)


def dashboard_for(user, *, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    board = Dashboard()
    person = person_of(user)
    if person is not None and can_post_updates(user):
        board.sections.add("owner")
        board.updates_due = updates_due_from(person, today=today)
    if can_manage_reviews(user):
        board.sections.add("scrutiny")
        reviews = reviews_managed_by(user)
        active = list(reviews.filter(stage__in=ACTIVE_STAGES))
        upcoming = next_reports(active)  # read once for both lists
        board.updates_overdue = updates_overdue(reviews=reviews, today=today, next_reports=upcoming)
        board.responses_overdue = executive_responses_overdue(reviews=reviews, today=today)
        board.reports_due = monitoring_reports_due(
            reviews=active, today=today, next_reports=upcoming
        )
        board.reminders = reminders_status()
    if can_manage_reviews(user) or can_clerk(user):
        board.sections.add("papers")
        meetings = Meeting.objects.all()
        if not (has_role(user, Role.SCRUTINY_OFFICER) or can_clerk(user)):
            meetings = meetings.filter(committee__scrutiny_officer=person)
        board.late_papers = meetings_with_late_papers(meetings=meetings, today=today)
    if has_role(user, Role.COUNCILLOR) and not user.is_superuser:
        board.sections.add("councillor")
        committees = committees_followed_by(user)
        reviews = list(
            Review.objects.filter(Q(committee__in=committees), ~Q(stage=Review.Stage.CLOSED))
            .select_related("committee")
            .only("pk", "title", "slug", "committee__name")
        )
        summaries = progress_summaries([r.pk for r in reviews])
        board.followed_reviews = [(r, summaries[r.pk]) for r in reviews]
    return board


@dataclass(frozen=True)
class ReportRow:
    """One issued report version as the review page lists it."""

    report: MonitoringReport
    kind: str
    documents: list[Document]
    latest: bool  # the newest version of the newest report: the one that can change
    # Whether the user may read the report (`publishing.rules.report_is_visible`): if not,
    # the row says which meeting it went to, and nothing of its item.
    readable: bool = True


def report_rows(review: Review, user) -> list[ReportRow]:
    """The review's issued reports with the documents each version was filed as, of those
    the user may read (the publishing rules). A report filed by hand (not by issuing it
    here) has its item's other documents. Every report has a row, so the cycle reads the
    same to everyone; one filed with business the user may not read is not readable."""
    reports = issued_reports(review)
    titles = {r.pk: filed_title(r, review_title=r.snapshot_review_title) for r in reports}
    items = {r.item_id for r in reports if r.item_id}
    documents = list(
        rules.visible_documents(user, Document.objects.filter(item_id__in=items)).order_by(
            "kind", "id"
        )
    )
    every_title = set(titles.values())
    rows = []
    for report in reports:
        mine = [d for d in documents if d.item_id == report.item_id]
        filed = [d for d in mine if d.title == titles[report.pk]]
        if not filed and report.version == 1:
            filed = [d for d in mine if d.title not in every_title]
        rows.append(
            ReportRow(
                report=report,
                kind=report_kind(sequence=report.sequence, is_final=report.is_final),
                documents=filed,
                latest=report is reports[-1],
                readable=rules.report_is_visible(user, report),
            )
        )
    return rows


# What the staff forms offer. Each list reads through the publishing rules for the
# signed-in user, so a form never shows (nor accepts) a record its user may not read: a
# committee's named scrutiny officer with no role manages its reviews but is not entitled
# to its exempt or confidential business, an unpublished agenda or draft minutes.


def resolutions_offered(user, committee: Committee) -> QuerySet[Resolution]:
    """The committee's resolutions the user may read, newest meeting first: the ones an
    extension or a sign-off can cite."""
    found = Resolution.objects.filter(item__meeting__committee=committee)
    return (
        rules.visible_resolutions(user, found)
        .select_related("item__meeting__committee")
        .prefetch_related("parts")
        .order_by("-item__meeting__starts_at", "-id")
    )


def resolutions_on_report(report: MonitoringReport, user) -> QuerySet[Resolution]:
    """The resolutions the committee made on the report's item (on its meeting, for a
    report with no item) that the user may read: the ones its decisions can be recorded
    under."""
    found = Resolution.objects.filter(kind=Resolution.Kind.RESOLVED)
    if report.item_id:
        found = found.filter(item_id=report.item_id)
    else:
        found = found.filter(item__meeting_id=report.meeting_id)
    found = rules.visible_resolutions(user, found)
    return found.select_related("item__meeting__committee").prefetch_related("parts")
