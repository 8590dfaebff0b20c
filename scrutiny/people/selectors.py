"""Reads about accounts, for the administrators' accounts pages."""

from django.contrib.auth import get_user_model
from django.db.models import Max, Q, QuerySet

from scrutiny.people.models import PasswordEmail


def accounts() -> QuerySet:
    """Every account by username, with its roles, its person and when it was last sent an
    invitation (`last_invited_at`)."""
    invited = Q(password_emails__kind=PasswordEmail.Kind.INVITATION)
    return (
        get_user_model()
        .objects.order_by("username")
        .select_related("person")
        .prefetch_related("groups")
        .annotate(last_invited_at=Max("password_emails__created_at", filter=invited))
    )
