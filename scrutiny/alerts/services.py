"""Following by email: asking (double opt-in), confirming, unsubscribing, and sending the
daily digests at most once.

- Asking stores nothing. The confirmation email carries the request (address and what is
  followed) signed with `django.core.signing`, valid for `SCRUTINY_ALERTS_CONFIRM_DAYS`;
  nothing is followed, and no address kept, until the link is opened and its button
  pressed. An address is sent one confirmation about one thing at most every
  `SCRUTINY_ALERTS_CONFIRM_EMAIL_EVERY_SECONDS`, so the form cannot be used to flood an
  inbox.
- Unsubscribing deletes the subscriber, what it follows and the record of its digests.
- Each subscriber gets at most one digest a day, claimed before it is sent exactly as the
  reminders are (`reminders.services`, `reminders.delivery`): a claim committed before
  the mail server is spoken to, marked handed over (committed) just before the email is
  given to it. A run the same day, or after the worker restarts, finds the claim and sends
  nothing; a claim whose sender stopped before handing it over is failed and sent by the
  next run; one handed over is unconfirmed and never sent again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from scrutiny.alerts.messages import confirmation_email, digest_email
from scrutiny.alerts.models import DigestSent, Follow, Subscriber
from scrutiny.alerts.selectors import (
    digest_sections,
    follow_target,
    subscriber_for,
    subscribers_with_follows,
    target_kind,
)
from scrutiny.core.errors import Refused
from scrutiny.core.processes import HOST, still_in_hand, under_way
from scrutiny.people.emails import delivered
from scrutiny.reminders.delivery import Delivery, Outcome, deliver

logger = logging.getLogger(__name__)

SALT = "scrutiny.alerts.follow"
EMAIL_MAX = 254


def address_cleaned(email: str) -> str:
    """The address as kept: trimmed, in lower case; Refused unless it is one."""
    email = (email or "").strip().lower()
    if not email:
        raise Refused("email", "Enter your email address")
    if len(email) > EMAIL_MAX:
        raise Refused("email", "Email address must be 254 characters or fewer")
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(
            "email", "Enter an email address in the correct format, like name@example.com"
        ) from None
    return email


def follow_request_token(*, email: str, target) -> str:
    return signing.dumps({"e": email, "k": target_kind(target), "p": target.pk}, salt=SALT)


def follow_request_read(token: str):
    """(email, target) from a confirmation link that is genuine and in time, else None."""
    max_age = settings.SCRUTINY_ALERTS_CONFIRM_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
        email, kind, pk = data["e"], data["k"], data["p"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    target = follow_target(kind, pk)
    if target is None or not isinstance(email, str):
        return None
    return email, target


@dataclass(frozen=True)
class FollowRequested:
    target: object
    sent: bool  # False: one was sent a moment ago (or the mail server refused it)


def follow_request(*, email: str, kind: str, pk) -> FollowRequested:
    """Email a confirmation link to `email` for following the thing named. Stores
    nothing. Call it outside any transaction."""
    target = follow_target(kind, pk)
    if target is None:
        raise Refused("target", "There is nothing here to follow")
    email = address_cleaned(email)
    what = f"{target_kind(target)}:{target.pk}:{email}"
    key = "alerts-confirm:" + hashlib.sha256(what.encode()).hexdigest()
    if not cache.add(key, 1, timeout=settings.SCRUTINY_ALERTS_CONFIRM_EMAIL_EVERY_SECONDS):
        return FollowRequested(target, sent=False)
    message = confirmation_email(
        email=email, target=target, token=follow_request_token(email=email, target=target)
    )
    if not delivered(message, what="Follow confirmation"):
        cache.delete(key)
        return FollowRequested(target, sent=False)
    return FollowRequested(target, sent=True)


@transaction.atomic
def follow_confirm(*, token: str) -> Follow:
    """Start following what the confirmation link names (once: confirming again keeps
    the first confirmation)."""
    found = follow_request_read(token)
    if found is None:
        raise Refused("token", "This link has expired or is not complete")
    email, target = found
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, token=secrets.token_urlsafe(32))
    follow, _ = Follow.objects.get_or_create(
        subscriber=subscriber,
        **{target_kind(target): target},
        defaults={"confirmed_at": timezone.now()},
    )
    return follow


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    """Delete the subscriber the link names, with what it follows and its digests.
    False when there is none (already unsubscribed, or no such link)."""
    subscriber = subscriber_for(token)
    if subscriber is None:
        return False
    subscriber.delete()
    return True


# --- The daily digest ----------------------------------------------------------------


@dataclass
class DigestReport:
    sent: int = 0
    nothing_new: int = 0
    already_done: int = 0
    failed: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)


def digest_claim(*, subscriber: Subscriber, day, until, token: str) -> DigestSent | None:
    """Claim the day's digest for this sender, or None when another run has it (sent,
    being sent or unconfirmed). A failed claim is taken back, its attempt counted."""
    now = timezone.now()
    process = {"host": HOST, "pid": os.getpid(), "token": token}
    try:
        with transaction.atomic():
            return DigestSent.objects.create(
                subscriber=subscriber, day=day, covers_until=until, claimed_at=now, **process
            )
    except IntegrityError:
        pass
    retaken = DigestSent.objects.filter(
        subscriber=subscriber, day=day, state=DigestSent.State.FAILED
    ).update(
        state=DigestSent.State.SENDING,
        attempts=F("attempts") + 1,
        covers_until=until,
        claimed_at=now,
        handed_over_at=None,
        error="",
        **process,
    )
    if not retaken:
        return None
    return DigestSent.objects.get(subscriber=subscriber, day=day)


def _held(claim: DigestSent):
    return DigestSent.objects.filter(pk=claim.pk, attempts=claim.attempts, token=claim.token)


def _hand_over(claim: DigestSent) -> bool:
    return bool(
        _held(claim)
        .filter(state=DigestSent.State.SENDING, handed_over_at=None)
        .update(handed_over_at=timezone.now())
    )


SETTLED = {
    Outcome.SENT: DigestSent.State.SENT,
    Outcome.REFUSED: DigestSent.State.FAILED,
    Outcome.UNREACHABLE: DigestSent.State.FAILED,
    Outcome.UNKNOWN: DigestSent.State.UNCONFIRMED,
}


def _settle(claim: DigestSent, delivery: Delivery) -> None:
    state = SETTLED.get(delivery.outcome)
    if state is None:
        return
    sent_at = timezone.now() if state == DigestSent.State.SENT else None
    _held(claim).update(state=state, error=delivery.error, sent_at=sent_at)


def digests_resolve_interrupted(now=None) -> int:
    """Claims left "sending" by a sender that stopped: "failed" (sent by the next run)
    if never handed over to the mail server, else "unconfirmed" (never sent again).
    Returns how many were resolved."""
    now = now or timezone.now()
    resolved = 0
    for claim in DigestSent.objects.filter(state=DigestSent.State.SENDING):
        if still_in_hand(
            host=claim.host, pid=claim.pid, token=claim.token, last_seen=claim.claimed_at, now=now
        ):
            continue
        if claim.handed_over_at is None:
            state, error = DigestSent.State.FAILED, "Its sender stopped before handing it over."
        else:
            state, error = DigestSent.State.UNCONFIRMED, "Its sender stopped while handing it over."
        resolved += (
            _held(claim).filter(state=DigestSent.State.SENDING).update(state=state, error=error)
        )
    return resolved


def digests_send(*, day=None) -> DigestReport:
    """Send each subscriber the day's digest, unless it has had it, with what was
    published about what it follows since its last digest; nothing when nothing was.
    Call it outside any transaction: each claim is committed before its email goes."""
    day = day or timezone.localdate()
    report = DigestReport()
    digests_resolve_interrupted()
    token = secrets.token_hex(16)
    with under_way(token):
        for subscriber in subscribers_with_follows():
            done = subscriber.digests.filter(day=day).exclude(state=DigestSent.State.FAILED)
            if done.exists():
                report.already_done += 1
                continue
            until = timezone.now()
            sections = digest_sections(subscriber, until=until)
            if not sections:
                report.nothing_new += 1
                continue
            # Built before claiming: a fault in the wording must not leave a claim behind.
            message = digest_email(subscriber=subscriber, sections=sections, day=day)
            claim = digest_claim(subscriber=subscriber, day=day, until=until, token=token)
            if claim is None:
                report.already_done += 1
                continue
            delivery = deliver(message, hand_over=lambda claim=claim: _hand_over(claim))
            _settle(claim, delivery)
            if delivery.outcome == Outcome.SENT:
                report.sent += 1
            elif delivery.outcome == Outcome.WITHDRAWN:
                report.already_done += 1
            elif delivery.outcome == Outcome.UNKNOWN:
                logger.error("A digest may or may not have been sent: %s", delivery.error)
                report.unconfirmed.append(delivery.error)
            else:
                logger.warning("A digest could not be sent: %s", delivery.error)
                report.failed.append(delivery.error)
    return report
