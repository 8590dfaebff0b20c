"""Locking sign-in after repeated failures, so passwords cannot be guessed at speed.

Five failures for one username within fifteen minutes lock that username for fifteen
minutes from the last failure. Failures from one address are counted too, with a higher
limit: a council's offices often reach the internet through a single address, and one
mistyping colleague must not lock everybody out. A successful sign-in clears the count
for its username. Every figure can be changed in settings."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from scrutiny.people.models import SignInAttempt


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_failures_per_username() -> int:
    return _setting("SCRUTINY_SIGN_IN_MAX_FAILURES", 5)


def max_failures_per_address() -> int:
    return _setting("SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS", 20)


def lockout_period() -> datetime.timedelta:
    return datetime.timedelta(seconds=_setting("SCRUTINY_SIGN_IN_LOCKOUT_SECONDS", 15 * 60))


@dataclass(frozen=True)
class Lockout:
    until: datetime.datetime

    @property
    def message(self) -> str:
        minutes = max(1, round(lockout_period().total_seconds() / 60))
        until = timezone.localtime(self.until)
        return (
            f"Sign in is locked for {minutes} minutes after too many attempts with the wrong "
            f"password. Try again after {until:%H:%M}. If you have forgotten your password, "
            "ask your system administrator to reset it."
        )


def _normalise(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _lockout_from(failures, limit: int, now: datetime.datetime) -> Lockout | None:
    recent = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    if len(recent) < limit:
        return None
    until = recent[0] + lockout_period()
    return Lockout(until=until) if until > now else None


def sign_in_lockout(*, username: str, ip_address: str | None) -> Lockout | None:
    """The lockout in force for this username or address, if any."""
    now = timezone.now()
    since = now - lockout_period()
    username = _normalise(username)
    last_success = (
        SignInAttempt.objects.filter(username=username, succeeded=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    by_name = SignInAttempt.objects.filter(username=username, succeeded=False, at__gte=since)
    if last_success is not None:
        by_name = by_name.filter(at__gt=last_success)
    lockout = _lockout_from(by_name, max_failures_per_username(), now)
    if lockout is None and ip_address:
        by_address = SignInAttempt.objects.filter(
            ip_address=ip_address, succeeded=False, at__gte=since
        )
        lockout = _lockout_from(by_address, max_failures_per_address(), now)
    return lockout


def sign_in_attempt_record(*, username: str, ip_address: str | None, succeeded: bool) -> None:
    SignInAttempt.objects.create(
        at=timezone.now(),
        username=_normalise(username),
        ip_address=ip_address or None,
        succeeded=succeeded,
    )
