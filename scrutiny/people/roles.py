"""The roles a sign-in can hold. Each is a Django group, so an administrator can grant
them in the admin without code."""

from django.db import models


class Role(models.TextChoices):
    SCRUTINY_OFFICER = "scrutiny-officer", "Scrutiny officer"
    RECOMMENDATION_OWNER = "recommendation-owner", "Recommendation owner"
    CLERK = "clerk", "Clerk"
    COUNCILLOR = "councillor", "Councillor"


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.label).exists()
