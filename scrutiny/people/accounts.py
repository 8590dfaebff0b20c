"""Accounts: a sign-in, its roles and the person it belongs to. The doors write them
through `scrutiny.committees.accounts.account_save`, which adds the person's committee
seats (the committees' records, above this package); switching an account off or on is
`account_set_active`. Both are for administrators (superusers), or for whoever runs a
command on the server (no actor), and both are audited, never with a password.

The rules: a username and an email address each belong to one account (compared without
regard to case, as sign-in failures are counted and resets are asked for); roles are the
groups of `scrutiny.people.roles`; a person has at most one account; there is always an
active administrator, and an administrator cannot switch off, or take the administrator's
rights from, their own account."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from scrutiny.core.audit import audit_record
from scrutiny.core.errors import Refused
from scrutiny.people.models import Directorate, Person
from scrutiny.people.permissions import can_manage_accounts
from scrutiny.people.roles import Role

User = get_user_model()
KEEP = "keep"  # leave the account's person as it is


@dataclass(frozen=True)
class NewPerson:
    """A person made for the account, named as the account is unless `name` says."""

    kind: str
    job_title: str = ""
    directorate: Directorate | None = None
    name: str = ""


def account_values(user) -> dict:
    """What the audit log keeps of an account: never its password."""
    person = getattr(user, "person", None) if user.pk else None
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "roles": sorted(role.value for role in Role if role.label in _group_names(user)),
        "person_id": person.pk if person is not None else None,
    }


def _group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True)) if user.pk else set()


def refuse_unless_administrator(actor) -> None:
    if actor is not None and not can_manage_accounts(actor):
        raise Refused("account", "Only an administrator may create or change accounts.")


def _clean_username(username: str, user) -> str:
    username = (username or "").strip()
    if not username:
        raise Refused("username", "Enter a username.")
    if len(username) > 150:
        raise Refused("username", "A username has at most 150 characters.")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise Refused(
            "username", "A username has only letters, digits and the characters @ . + - _"
        ) from None
    taken = User.objects.filter(username__iexact=username).exclude(pk=user.pk).first()
    if taken is not None:
        raise Refused(
            "username",
            f'There is already an account called "{taken.username}". Choose another username.',
        )
    return username


def _clean_email(email: str, user) -> str:
    email = (email or "").strip()
    if not email:
        raise Refused(
            "email", "Enter the account's email address: invitations and resets go to it."
        )
    try:
        validate_email(email)
    except ValidationError:
        raise Refused("email", "Enter an email address like name@council.gov.uk") from None
    taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
    if taken is not None:
        raise Refused(
            "email",
            f"{email} is already the address of the account {taken.username}: each account "
            "needs its own, because password resets are sent to it.",
        )
    return email


def _clean_roles(roles) -> set[str]:
    known = {role.value for role in Role}
    for role in roles:
        if role not in known:
            raise Refused(
                "roles", f'"{role}" is not a role: choose from {", ".join(sorted(known))}.'
            )
    return set(roles)


def _refuse_losing_the_administrator(actor, user, *, administrator: bool, active: bool) -> None:
    """Keep an active administrator, and keep administrators from locking themselves out."""
    if not (user.pk and user.is_superuser and user.is_active) or (administrator and active):
        return
    if actor is not None and actor.pk == user.pk:
        raise Refused(
            "administrator" if active else "account",
            "You cannot switch off your own account or take the administrator's rights from "
            "it: ask another administrator.",
        )
    others = User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
    if not others.exists():
        raise Refused(
            "administrator" if active else "account",
            f"{user.username} is the only active administrator: make another first.",
        )


def _person_for(actor, user, person, *, name: str, email: str):
    """The person the account should belong to: `KEEP`, None, a `Person` or a
    `NewPerson` (created here)."""
    current = getattr(user, "person", None) if user.pk else None
    if person == KEEP:
        return current
    if isinstance(person, NewPerson):
        if person.kind not in Person.Kind.values:
            raise Refused("person_kind", "Choose whether the person is a councillor or an officer.")
        made = Person.objects.create(
            kind=person.kind,
            name=(person.name or name).strip() or email,
            job_title=person.job_title,
            directorate=person.directorate,
            email=email,
        )
        audit_record(actor=actor, action="person.create", instance=made)
        return made
    if person is not None and person.user_id not in (None, user.pk):
        raise Refused("person", f"{person} already has the account {person.user.username}.")
    return person


@transaction.atomic
def account_write(
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
):
    """Create (`user=None`) or update an account and link its person; audited. Returns
    the account and its person (or None). A new account has an unusable password."""
    refuse_unless_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk) if user is not None else User()
    before = account_values(user) if user.pk else None
    username = _clean_username(username, user)
    email = _clean_email(email, user)
    roles = _clean_roles(roles)
    _refuse_losing_the_administrator(actor, user, administrator=administrator, active=True)
    user.username, user.email = username, email
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.is_superuser = user.is_staff = administrator
    if user.pk is None:
        user.set_unusable_password()
    user.save()
    wanted = {role.label for role in Role if role.value in roles}
    role_labels = {role.label for role in Role}
    for label in role_labels - wanted:
        user.groups.remove(*Group.objects.filter(name=label))
    for label in wanted:
        user.groups.add(Group.objects.get_or_create(name=label)[0])
    linked = _person_for(actor, user, person, name=user.get_full_name(), email=email)
    current = Person.objects.filter(user=user).first()
    if current is not None and current != linked:
        current.user = None
        current.save(update_fields=["user", "updated_at"])
    if linked is not None and linked.user_id != user.pk:
        linked.user = user
        linked.save(update_fields=["user", "updated_at"])
    user = User.objects.get(pk=user.pk)  # the person link and groups as stored
    audit_record(
        actor=actor,
        action="user.update" if before else "user.create",
        instance=user,
        before=before,
        after=account_values(user),
    )
    return user, linked


@transaction.atomic
def account_set_active(*, actor, user, active: bool):
    """Switch an account off (it can no longer sign in, and its sessions end) or on again;
    audited. An account is never deleted: the audit log names it."""
    refuse_unless_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    _refuse_losing_the_administrator(actor, user, administrator=user.is_superuser, active=active)
    before = account_values(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.switch_on" if active else "user.switch_off",
        instance=user,
        before=before,
        after=account_values(user),
    )
    return user
