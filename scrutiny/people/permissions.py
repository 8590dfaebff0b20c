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
workspace never confirms that a record they may not touch exists).

This module answers from the user and their roles alone. Questions about a committee's
records live in `scrutiny.committees.permissions`, about reviews and recommendations in
`scrutiny.reviews.permissions`: `people` is below both and reads neither's models."""

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


# What a role alone decides --------------------------------------------------------------


def can_clerk(user) -> bool:
    return has_role(user, Role.CLERK)


def can_import_records(user) -> bool:
    """Minutes pages and ModernGov archives are the committee record: its clerks bring them
    in, and so do scrutiny officers, who compare their stated figures with the tracker."""
    return has_role(user, Role.SCRUTINY_OFFICER) or has_role(user, Role.CLERK)


def can_import_trackers(user) -> bool:
    """Spreadsheet trackers are recommendations: the scrutiny officers' business."""
    return has_role(user, Role.SCRUTINY_OFFICER)


# Permission-checked fetches: 404 when the record is missing or not the user's to touch ---


def fetch_or_404(queryset, allowed, user, **lookup):
    """The record, when it exists and ``allowed(user, record)``; else 404. The packages
    that own the records build their fetches on it (``committees.permissions``,
    ``reviews.permissions``)."""
    obj = get_object_or_404(queryset, **lookup)
    if not allowed(user, obj):
        raise Http404("No such record in your workspace.")
    return obj


def can_manage_accounts(user) -> bool:
    """Accounts (sign-ins, their roles, people and committee seats) are the
    administrators' (superusers') business."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)
