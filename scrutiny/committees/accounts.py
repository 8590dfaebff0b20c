"""Accounts, written whole: the sign-in, its roles, the person it belongs to and the
committees that person sits on, and the invitation to choose a password. Every door that
creates or changes an account goes through `account_save`: the accounts pages of the
staff workspace and the `create_account` command (the Django admin shows accounts
read-only). It lives here, not in `people`, because committee seats are the committees'
records (`scrutiny.committees.memberships`) and `people` is below them; the rules about
the account itself are `scrutiny.people.accounts`'."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from scrutiny.committees.memberships import memberships_set
from scrutiny.committees.models import Committee
from scrutiny.core.errors import Refused
from scrutiny.people.accounts import KEEP, account_write
from scrutiny.people.invitations import invitation_send


@transaction.atomic
def account_save(
    *,
    actor,
    user=None,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    roles=(),
    administrator: bool = False,
    person=KEEP,
    seats: Mapping[Committee, str] | None = None,
    invite: bool = False,
):
    """Create (`user=None`) or update an account; returns it. `person` is `KEEP`, None
    (no person), a `Person` to link or a `people.accounts.NewPerson` to create. `seats`
    (committee: role) are the committees the person sits on from today (None leaves them
    as they are; a seat needs a person). `invite` asks the worker to email the invitation.
    Everything is audited; a refusal writes nothing."""
    user, person = account_write(
        actor=actor,
        user=user,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        roles=roles,
        administrator=administrator,
        person=person,
    )
    if seats is not None:
        if person is None and seats:
            raise Refused(
                "committees",
                "A committee seat needs a person: link the account to a person or create one.",
            )
        if person is not None:
            memberships_set(actor=actor, person=person, seats=seats, on=timezone.localdate())
    if invite:
        invitation_send(actor=actor, user=user)
    return user
