"""Inviting an account to choose its password: the email goes from the worker
(`scrutiny.people.tasks`), with a link that works once (`scrutiny.people.passwords`)."""

from scrutiny.core.audit import audit_record
from scrutiny.core.errors import Refused
from scrutiny.people.emails import account_email
from scrutiny.people.tasks import send_invitation_email


def invitation_send(*, actor, user) -> None:
    """Ask the worker to email the account its invitation; audited. Refused for an
    account that is switched off, has no email address, or has chosen its password
    already (its owner can reset it from the sign-in page)."""
    if not user.is_active:
        raise Refused("account", f"{user.get_username()} is switched off: switch it on first.")
    address = account_email(user)
    if not address:
        raise Refused("email", f"{user.get_username()} has no email address to invite.")
    if user.has_usable_password():
        raise Refused(
            "account",
            f"{user.get_username()} has chosen a password already. If it is forgotten, "
            'they can reset it with "Forgotten your password?" on the sign-in page.',
        )
    audit_record(actor=actor, action="user.invite", instance=user, after={"invitation_to": address})
    send_invitation_email.enqueue(user.pk)
