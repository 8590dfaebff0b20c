"""Who may manage reviews and their recommendations, and who may report a
recommendation's progress; with the permission-checked fetches of those records (404
when missing or not the user's to touch).

A scrutiny officer (the group) manages every review; an officer named as a committee's
scrutiny officer manages that committee's reviews; a recommendation's owner alone posts
its progress updates. Evidence files are read by those the recommendation concerns
(`can_read_evidence`)."""

from django.utils import timezone

from scrutiny.committees.permissions import supports_a_committee
from scrutiny.committees.selectors import committees_sat_on
from scrutiny.people.permissions import can_clerk, fetch_or_404, person_of
from scrutiny.people.roles import Role, has_role
from scrutiny.reviews.models import Evidence, Recommendation, Review


def can_manage_reviews(user) -> bool:
    """May use the review pages at all (create a review, respond, extend, sign off)."""
    return has_role(user, Role.SCRUTINY_OFFICER) or supports_a_committee(user)


def can_manage_committee_reviews(user, committee) -> bool:
    if has_role(user, Role.SCRUTINY_OFFICER):
        return True
    person = person_of(user)
    return person is not None and committee.scrutiny_officer_id == person.pk


def can_manage_review(user, review) -> bool:
    return can_manage_committee_reviews(user, review.committee)


def can_manage_recommendation(user, recommendation) -> bool:
    return can_manage_review(user, recommendation.review)


def can_post_updates(user) -> bool:
    """May use the progress update pages at all."""
    if has_role(user, Role.RECOMMENDATION_OWNER):
        return True
    person = person_of(user)
    return person is not None and Recommendation.objects.filter(owner=person).exists()


def can_update_recommendation(user, recommendation) -> bool:
    """Only the recommendation's own owner reports its progress."""
    if not user.is_authenticated or recommendation.owner_id is None:
        return False
    person = person_of(user)
    return person is not None and recommendation.owner_id == person.pk


def can_read_evidence(user, recommendation) -> bool:
    """Evidence files are never published (the public pages name them, never serve
    them), so a recommendation's are read only by those it concerns: its owner, the
    officers who manage its review, the review committee's members, and clerks and
    superusers. Other owners and other committees' councillors may not."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or can_clerk(user):
        return True
    if can_update_recommendation(user, recommendation):
        return True
    if can_manage_recommendation(user, recommendation):
        return True
    # A current member of the committee, as the publishing rules count members.
    return recommendation.review.committee_id in committees_sat_on(user, timezone.localdate())


def get_evidence_file_or_404(user, pk: int):
    """An evidence file the user may read; 404 alike when it is missing or not theirs."""
    queryset = Evidence.objects.exclude(file="").select_related(
        "update__recommendation__review__committee"
    )
    return fetch_or_404(
        queryset,
        lambda u, evidence: can_read_evidence(u, evidence.update.recommendation),
        user,
        pk=pk,
    )


def get_review_for_management_or_404(user, **lookup):
    queryset = Review.objects.select_related("committee")
    return fetch_or_404(queryset, can_manage_review, user, **lookup)


def get_recommendation_for_management_or_404(user, **lookup):
    queryset = Recommendation.objects.select_related("review__committee", "status", "owner")
    return fetch_or_404(queryset, can_manage_recommendation, user, **lookup)


def get_recommendation_for_update_or_404(user, **lookup):
    queryset = Recommendation.objects.select_related("review__committee", "status", "owner")
    return fetch_or_404(queryset, can_update_recommendation, user, **lookup)
