"""Ending a sign-in wait early (see `scrutiny.people.lockout`): by a link emailed to the
account's own address, or by an administrator. Both clear the account's failures through
`sign_in_failures_clear`, which audits it.

The link is asked for by username, from the page that says sign-in is locked. Whatever
is typed, the page answers the same, and the email (if there is an account with an
address) is sent by the background worker (`scrutiny.people.tasks`), so neither the answer
nor how long it takes says whether the account exists. An account gets at most one such
email every `SCRUTINY_SIGN_IN_UNLOCK_EMAIL_EVERY_SECONDS`, so the page cannot be used to
flood an inbox. The link carries a signed token naming an `UnlockLink`: it works once,
within `SCRUTINY_SIGN_IN_UNLOCK_LINK_SECONDS` of being sent. Following it clears the
account's failures and gives that browser the device cookie. The email is about signing in
only: the username, the council and the link, nothing of the record."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from scrutiny.core.audit import audit_record
from scrutiny.people.emails import account_email, account_message, delivered
from scrutiny.people.lockout import username_counted
from scrutiny.people.models import DeviceCookieFailures, UnlockLink

SALT = "scrutiny.people.unlock"


def link_seconds() -> int:
    return int(settings.SCRUTINY_SIGN_IN_UNLOCK_LINK_SECONDS)


@transaction.atomic
def sign_in_failures_clear(*, actor, user, how: str) -> int:
    """Forget every failed sign-in counted against the account's username (from every
    address, in every browser), so no wait holds it back; audited. Returns how many there
    were. Failures from the same addresses for other usernames stay."""
    username = username_counted(user.get_username())
    attempts = AccessAttempt.objects.filter(username=username)
    in_browsers = DeviceCookieFailures.objects.filter(username=username)
    failures = (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0) + (
        in_browsers.aggregate(n=Sum("failures"))["n"] or 0
    )
    attempts.delete()
    in_browsers.delete()
    audit_record(
        actor=actor,
        action="user.sign_in_unlock",
        instance=user,
        before={"sign_in_failures": failures},
        after={"sign_in_failures": 0, "unlocked_by": how},
    )
    return failures


def unlock_url(link: UnlockLink) -> str:
    token = signing.dumps(link.pk, salt=SALT)
    return settings.SCRUTINY_SITE_URL.rstrip("/") + reverse("sign-in-unlock", args=[token])


def unlock_email(link: UnlockLink):
    """The email with the link (`scrutiny.people.emails`)."""
    context = {
        "username": link.user.get_username(),
        "url": unlock_url(link),
        "minutes": max(1, link_seconds() // 60),
    }
    return account_message(
        subject=f"Unlock your sign-in to {settings.COUNCIL_NAME}'s scrutiny tracker",
        template="unlock",
        context=context,
        to=link.sent_to,
    )


def unlock_email_send(*, username: str) -> int:
    """Email an unlock link to each active account with this username (as counted) and an
    address, unless it had one in the last `SCRUTINY_SIGN_IN_UNLOCK_EMAIL_EVERY_SECONDS`.
    Returns how many were sent. Call it outside any transaction: a link is recorded before
    its email goes, and forgotten again if the mail server refuses it, so another can be
    asked for at once."""
    every = datetime.timedelta(seconds=int(settings.SCRUTINY_SIGN_IN_UNLOCK_EMAIL_EVERY_SECONDS))
    accounts = get_user_model().objects.filter(
        username__iexact=username_counted(username), is_active=True
    )
    sent = 0
    for user in accounts.select_related("person"):
        address = account_email(user)
        recently = user.unlock_links.filter(created_at__gt=timezone.now() - every).exists()
        if not address or recently:
            continue
        link = UnlockLink.objects.create(user=user, sent_to=address)
        if not delivered(unlock_email(link), what=f"Unlock email for {user}"):
            link.delete()
            continue
        sent += 1
    return sent


def unlock_link_find(token: str) -> UnlockLink | None:
    """The link a token names, if it is genuine, in time, unused and its account active."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=link_seconds())
    except signing.BadSignature:
        return None
    return (
        UnlockLink.objects.select_related("user")
        .filter(pk=pk, used_at__isnull=True, user__is_active=True)
        .first()
    )


@transaction.atomic
def unlock_link_use(*, token: str):
    """Spend the link and clear its account's failures; returns the account, or None when
    the link does not work (not genuine, too old, used, or its account switched off)."""
    link = unlock_link_find(token)
    if link is None:
        return None
    # A conditional update: of two requests with the same link, only one gets it.
    now = timezone.now()
    if not UnlockLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=now, updated_at=now
    ):
        return None
    sign_in_failures_clear(actor=None, user=link.user, how="the link emailed to the account")
    return link.user
