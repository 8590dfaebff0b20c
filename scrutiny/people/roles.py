"""The roles a sign-in can hold. Each is a Django group, so an administrator can grant
them in the admin without code."""

from django.db import models


class Role(models.TextChoices):
    SCRUTINY_OFFICER = "scrutiny-officer", "Scrutiny officer"
    RECOMMENDATION_OWNER = "recommendation-owner", "Recommendation owner"
    CLERK = "clerk", "Clerk"
    COUNCILLOR = "councillor", "Councillor"


# The user's group names, read once and kept on the user object: a page asks about roles
# many times, and the object lives for one request.
_LABELS_ATTRIBUTE = "_scrutiny_role_labels"


def role_labels(user) -> frozenset[str]:
    labels = getattr(user, _LABELS_ATTRIBUTE, None)
    if labels is None:
        labels = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _LABELS_ATTRIBUTE, labels)
    return labels


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role.label in role_labels(user)
