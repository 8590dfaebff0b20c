"""Who may clerk the committee record, and the permission-checked fetches of its records
(404 when missing or not the user's to touch). The role questions themselves are
`scrutiny.people.permissions`; `can_clerk` is asked through this module too, so a
clerking page asks one module."""

from scrutiny.committees.models import Action, AgendaItem, Committee, Document, Meeting
from scrutiny.people.permissions import WORKSPACE_ROLES, can_clerk, fetch_or_404
from scrutiny.people.roles import has_role

__all__ = [
    "can_clerk",
    "can_clerk_item",
    "can_clerk_meeting",
    "can_publish_document",
    "can_use_workspace",
    "get_action_for_clerking_or_404",
    "get_document_for_publishing_or_404",
    "get_item_for_clerking_or_404",
    "get_meeting_for_clerking_or_404",
    "supports_a_committee",
]


def supports_a_committee(user) -> bool:
    """Named as some committee's scrutiny officer (`Committee.scrutiny_officer`)."""
    if not user.is_authenticated:
        return False
    return Committee.objects.filter(scrutiny_officer__user=user).exists()


def can_use_workspace(user) -> bool:
    return any(has_role(user, role) for role in WORKSPACE_ROLES) or supports_a_committee(user)


def can_clerk_meeting(user, meeting) -> bool:
    return can_clerk(user)


def can_clerk_item(user, item) -> bool:
    return can_clerk_meeting(user, item.meeting)


def can_publish_document(user, document) -> bool:
    return can_clerk_item(user, document.item)


def get_meeting_for_clerking_or_404(user, **lookup):
    queryset = Meeting.objects.select_related("committee")
    return fetch_or_404(queryset, can_clerk_meeting, user, **lookup)


def get_item_for_clerking_or_404(user, **lookup):
    queryset = AgendaItem.objects.select_related("meeting__committee")
    return fetch_or_404(queryset, can_clerk_item, user, **lookup)


def get_document_for_publishing_or_404(user, **lookup):
    queryset = Document.objects.select_related("item__meeting__committee")
    return fetch_or_404(queryset, can_publish_document, user, **lookup)


def get_action_for_clerking_or_404(user, **lookup):
    queryset = Action.objects.select_related("item__meeting__committee")
    return fetch_or_404(queryset, lambda u, a: can_clerk_item(u, a.item), user, **lookup)
