"""Setting a password by a link emailed to the account: the invitation a new account gets
(its password is unusable until then) and the reset asked for from the sign-in page.

A link carries Django's password-reset token: the account and the moment it was made,
signed with the site's key over the account's password hash, last sign-in and email
address, so it stops working once a password is set with it (it works once) and when its
lifetime is over: `SCRUTINY_INVITATION_DAYS` for an invitation, `PASSWORD_RESET_TIMEOUT`
for a reset. The two are signed with different salts, so neither works as the other.

A reset is asked for by email address. The page answers the same whether or not an
account has that address, and the worker sends the email (`scrutiny.people.tasks`), so
neither the answer nor how long it takes says whether there is one. An account gets at
most one reset email every `SCRUTINY_PASSWORD_RESET_EMAIL_EVERY_SECONDS`. The emails are
about signing in only (`scrutiny.people.emails`)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from scrutiny.core.audit import audit_record
from scrutiny.people.emails import account_email, account_message, delivered
from scrutiny.people.models import PasswordEmail


def invitation_seconds() -> int:
    return int(settings.SCRUTINY_INVITATION_DAYS) * 24 * 60 * 60


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's token, with its own salt and its own lifetime (Django's check reads the
    reset's lifetime for every token, so the age is checked here)."""

    key_salt = "scrutiny.people.passwords.invitation"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            made = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - made > invitation_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, made, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()
reset_tokens = default_token_generator

KINDS = {
    PasswordEmail.Kind.INVITATION: (invitation_tokens, "password-invitation"),
    PasswordEmail.Kind.PASSWORD_RESET: (reset_tokens, "password-reset-confirm"),
}


def password_link(user, kind: str) -> str:
    """The absolute address that sets the account's password, for an email."""
    tokens, url_name = KINDS[kind]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(url_name, args=[uid, tokens.make_token(user)])
    return settings.SCRUTINY_SITE_URL.rstrip("/") + path


def _email(user, kind: str, address: str):
    username = user.get_username()
    if kind == PasswordEmail.Kind.INVITATION:
        days = int(settings.SCRUTINY_INVITATION_DAYS)
        subject = f"Your account on {settings.COUNCIL_NAME}'s scrutiny tracker"
        lifetime = f"{days} day{'s' if days != 1 else ''}"
    else:
        minutes = max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 60)
        subject = f"Reset your password for {settings.COUNCIL_NAME}'s scrutiny tracker"
        lifetime = f"{minutes} minute{'s' if minutes != 1 else ''}"
    context = {"username": username, "url": password_link(user, kind), "lifetime": lifetime}
    return account_message(subject=subject, template=kind, context=context, to=address)


def _send(user, kind: str) -> bool:
    address = account_email(user)
    if not address or not delivered(_email(user, kind, address), what=f"{kind} for {user}"):
        return False
    PasswordEmail.objects.create(user=user, kind=kind, sent_to=address)
    return True


def invitation_email_send(*, user_id: int) -> int:
    """Email the invitation to the account, if it is still waiting for one: active, with
    an address and no password yet. Returns how many were sent (0 or 1)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return 0
    return int(_send(user, PasswordEmail.Kind.INVITATION))


def password_reset_email_send(*, email: str) -> int:
    """Email a reset link to each active account with this address (the sign-in's, else
    its person's), unless it had one in the last
    `SCRUTINY_PASSWORD_RESET_EMAIL_EVERY_SECONDS`. Returns how many were sent."""
    every = datetime.timedelta(seconds=int(settings.SCRUTINY_PASSWORD_RESET_EMAIL_EVERY_SECONDS))
    since = timezone.now() - every
    email = email.strip()
    accounts = get_user_model().objects.filter(is_active=True).select_related("person")
    matching = accounts.filter(email__iexact=email) | accounts.filter(
        email="", person__email__iexact=email
    )
    sent = 0
    for user in matching.distinct():
        recently = user.password_emails.filter(
            kind=PasswordEmail.Kind.PASSWORD_RESET, created_at__gt=since
        ).exists()
        if not recently:
            sent += _send(user, PasswordEmail.Kind.PASSWORD_RESET)
    return sent


@transaction.atomic
def password_set(*, user, password: str, kind: str):
    """Set the account's password from a link (the caller has checked the link and run
    the password validators); audited, never with the password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=None,
        action="user.password_set",
        instance=user,
        after={"password": "(set)", "by": PasswordEmail.Kind(kind).label.lower()},
    )
    return user
