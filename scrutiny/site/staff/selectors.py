"""What the dashboard shows each person: "what needs me". The reads themselves live with
the apps that own the records (`scrutiny.reviews.due`, `scrutiny.committees.selectors`);
this module only decides which of them apply to whom."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from scrutiny.committees.models import Committee, Meeting
from scrutiny.committees.selectors import LatePapers, meetings_with_late_papers
from scrutiny.people import permissions
from scrutiny.people.roles import Role, has_role
from scrutiny.reviews.due import (
    ReportDue,
    ResponseOverdue,
    UpdateDue,
    executive_responses_overdue,
    monitoring_reports_due,
    updates_due_from,
    updates_overdue,
)
from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import review_progress_summary


def reviews_managed_by(user) -> QuerySet[Review]:
    reviews = Review.objects.select_related("committee").order_by("title")
    if has_role(user, Role.SCRUTINY_OFFICER):
        return reviews
    person = permissions.person_of(user)
    if person is None:
        return reviews.none()
    return reviews.filter(committee__scrutiny_officer=person)


def committees_managed_by(user) -> QuerySet[Committee]:
    """The committees whose reviews this user manages."""
    if has_role(user, Role.SCRUTINY_OFFICER):
        return Committee.objects.all()
    person = permissions.person_of(user)
    if person is None:
        return Committee.objects.none()
    return Committee.objects.filter(scrutiny_officer=person)


def committees_followed_by(user) -> QuerySet[Committee]:
    """A councillor's committees: the ones they sit on."""
    person = permissions.person_of(user)
    if person is None:
        return Committee.objects.none()
    return Committee.objects.filter(memberships__person=person).distinct()


@dataclass
class Dashboard:
    updates_due: list[UpdateDue] = field(default_factory=list)
    updates_overdue: list[UpdateDue] = field(default_factory=list)
    responses_overdue: list[ResponseOverdue] = field(default_factory=list)
    reports_due: list[ReportDue] = field(default_factory=list)
    late_papers: list[LatePapers] = field(default_factory=list)
    followed_reviews: list[tuple] = field(default_factory=list)
    sections: set[str] = field(default_factory=set)


def dashboard_for(user, *, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    board = Dashboard()
    person = permissions.person_of(user)
    if person is not None and permissions.can_post_updates(user):
        board.sections.add("owner")
        board.updates_due = updates_due_from(person, today=today)
    if permissions.can_manage_reviews(user):
        board.sections.add("scrutiny")
        reviews = reviews_managed_by(user)
        board.updates_overdue = updates_overdue(reviews=reviews, today=today)
        board.responses_overdue = executive_responses_overdue(reviews=reviews, today=today)
        board.reports_due = monitoring_reports_due(reviews=reviews)
    if permissions.can_manage_reviews(user) or permissions.can_clerk(user):
        board.sections.add("papers")
        meetings = Meeting.objects.all()
        if not (has_role(user, Role.SCRUTINY_OFFICER) or permissions.can_clerk(user)):
            meetings = meetings.filter(committee__scrutiny_officer=person)
        board.late_papers = meetings_with_late_papers(meetings=meetings, today=today)
    if has_role(user, Role.COUNCILLOR) and not user.is_superuser:
        board.sections.add("councillor")
        committees = committees_followed_by(user)
        reviews = Review.objects.filter(
            Q(committee__in=committees), ~Q(stage=Review.Stage.CLOSED)
        ).select_related("committee")
        board.followed_reviews = [(r, review_progress_summary(review=r)) for r in reviews]
    return board
