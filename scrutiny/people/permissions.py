"""Who may do what in the staff workspace. Plain functions, so views, the API and tests
ask the same questions and get the same answers.

Roles (each a Django group, see `roles.py`):

- Scrutiny officer: manages every review and its recommendations (responses, extensions,
  sign-off). Councils have one or two scrutiny officers covering all their committees,
  so membership of the group is not restricted by committee. An officer named as a
  committee's scrutiny officer (`Committee.scrutiny_officer`) also manages that
  committee's reviews without being in the group.
- Recommendation owner: posts progress updates on the recommendations they own
  (`Recommendation.owner.user`), and on no others.
- Clerk: the committee record: meetings, agenda items, minutes, motions, resolutions,
  actions, visibility and publication.
- Councillor: reads the workspace; writes nothing.

Two kinds of answer: "may this user use this kind of page at all?" (no means 403, the
page is not theirs) and "may this user act on this record?" (no means 404, so the
workspace never confirms that a record they may not touch exists)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from scrutiny.people.roles import Role, has_role

WORKSPACE_ROLES = (
    Role.SCRUTINY_OFFICER,
    Role.RECOMMENDATION_OWNER,
    Role.CLERK,
    Role.COUNCILLOR,
)


def person_of(user):
    """The Person a sign-in belongs to, or None."""
    if not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def can_use_workspace(user) -> bool:
    return any(has_role(user, role) for role in WORKSPACE_ROLES) or supports_a_committee(user)


def supports_a_committee(user) -> bool:
    person = person_of(user)
    return person is not None and person.committees_supported.exists()


# Reviews and recommendations -------------------------------------------------------------


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
    return person is not None and person.recommendations.exists()


def can_update_recommendation(user, recommendation) -> bool:
    """Only the recommendation's own owner reports its progress."""
    if not user.is_authenticated or recommendation.owner_id is None:
        return False
    person = person_of(user)
    return person is not None and recommendation.owner_id == person.pk


# The committee record --------------------------------------------------------------------


def can_clerk(user) -> bool:
    return has_role(user, Role.CLERK)


def can_import_records(user) -> bool:
    """Minutes pages and ModernGov archives are the committee record: its clerks bring them
    in, and so do scrutiny officers, who compare their stated figures with the tracker."""
    return has_role(user, Role.SCRUTINY_OFFICER) or has_role(user, Role.CLERK)


def can_import_trackers(user) -> bool:
    """Spreadsheet trackers are recommendations: the scrutiny officers' business."""
    return has_role(user, Role.SCRUTINY_OFFICER)


def can_clerk_meeting(user, meeting) -> bool:
    return can_clerk(user)


def can_clerk_item(user, item) -> bool:
    return can_clerk_meeting(user, item.meeting)


def can_publish_document(user, document) -> bool:
    return can_clerk_item(user, document.item)


# Permission-checked fetches: 404 when the record is missing or not the user's to touch ---


def _fetch_or_404(queryset, allowed, user, **lookup):
    obj = get_object_or_404(queryset, **lookup)
    if not allowed(user, obj):
        raise Http404("No such record in your workspace.")
    return obj


def get_review_for_management_or_404(user, **lookup):
    from scrutiny.reviews.models import Review

    queryset = Review.objects.select_related("committee")
    return _fetch_or_404(queryset, can_manage_review, user, **lookup)


def get_recommendation_for_management_or_404(user, **lookup):
    from scrutiny.reviews.models import Recommendation

    queryset = Recommendation.objects.select_related("review__committee", "status", "owner")
    return _fetch_or_404(queryset, can_manage_recommendation, user, **lookup)


def get_recommendation_for_update_or_404(user, **lookup):
    from scrutiny.reviews.models import Recommendation

    queryset = Recommendation.objects.select_related("review__committee", "status", "owner")
    return _fetch_or_404(queryset, can_update_recommendation, user, **lookup)


def get_meeting_for_clerking_or_404(user, **lookup):
    from scrutiny.committees.models import Meeting

    queryset = Meeting.objects.select_related("committee")
    return _fetch_or_404(queryset, can_clerk_meeting, user, **lookup)


def get_item_for_clerking_or_404(user, **lookup):
    from scrutiny.committees.models import AgendaItem

    queryset = AgendaItem.objects.select_related("meeting__committee")
    return _fetch_or_404(queryset, can_clerk_item, user, **lookup)


def get_document_for_publishing_or_404(user, **lookup):
    from scrutiny.committees.models import Document

    queryset = Document.objects.select_related("item__meeting__committee")
    return _fetch_or_404(queryset, can_publish_document, user, **lookup)


def get_action_for_clerking_or_404(user, **lookup):
    from scrutiny.committees.models import Action

    queryset = Action.objects.select_related("item__meeting__committee")
    return _fetch_or_404(queryset, lambda u, a: can_clerk_item(u, a.item), user, **lookup)
