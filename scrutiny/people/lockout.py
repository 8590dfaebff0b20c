"""Slowing down password guessing at sign-in, in a way nobody can use to lock a real user out.

django-axes records every failed sign-in on every path (the site's form and /admin/login/,
through Django's own `authenticate`) and refuses to try a password while a wait is in
force; this module holds the council's policy it follows:

- A browser holding the device cookie for the username it signs in as (see
  `scrutiny.people.device_cookies`: it has signed in as that username before, or followed
  an unlock link) is judged by its own wrong passwords for that username only. Guesses
  made anywhere else never slow it down.
- Any other browser is judged by three counts, and waits when any of them says so: the
  username from this address (five failures); the username from every address (ten:
  guessing spread over many addresses); this address for every username (twenty: guessing
  across many names; higher, because a council's offices often reach the internet through
  one address, and colleagues' mistakes must not hold everybody up).
- Reaching a limit means a wait, measured from the last failure: a minute at first, then
  twice as long for each further failure, up to an hour. Trying while waiting is refused
  without trying the password, and is neither counted nor extends the wait. Failures are
  forgotten a day after the last of them.
- A success clears its username's failures from its address, and its browser's own.
- Someone kept waiting can end it at once with a link emailed to the account's address, or
  ask an administrator (`scrutiny.people.unlock`).
- The address is REMOTE_ADDR, never a header a client can write: the connection's own,
  or behind nginx the address nginx vouches for (`scrutiny.core.proxy`, believed only
  from a trusted proxy), so nobody dodges the address limit by inventing addresses.

Every figure comes from settings (`SCRUTINY_SIGN_IN_*`), read when used."""

import datetime
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_credentials
from django.conf import settings
from django.db.models import F, Max, Sum
from django.utils import timezone

from scrutiny.people.device_cookies import device_for, remember_browser
from scrutiny.people.models import DeviceCookieFailures


def max_failures() -> int:
    """For one username from one address, or in one known browser."""
    return int(settings.SCRUTINY_SIGN_IN_MAX_FAILURES)


def max_failures_per_username() -> int:
    return int(settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_USERNAME)


def max_failures_per_address() -> int:
    return int(settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS)


def failures_remembered(request=None) -> datetime.timedelta:
    """How long after the last failure failures are still counted (AXES_COOLOFF_TIME: axes
    reads only the failures this recent, and deletes older ones)."""
    return datetime.timedelta(seconds=int(settings.SCRUTINY_SIGN_IN_FORGET_FAILURES_SECONDS))


def wait_after(failures: int, limit: int) -> datetime.timedelta | None:
    """How long to wait after the last of `failures` counted against `limit`: nothing below
    the limit; at it the first wait, doubled for each failure beyond it, up to the longest."""
    if failures < limit:
        return None
    first = int(settings.SCRUTINY_SIGN_IN_FIRST_WAIT_SECONDS)
    longest = int(settings.SCRUTINY_SIGN_IN_LONGEST_WAIT_SECONDS)
    # Capped before raising 2 to it: a count in the thousands must not make a huge number.
    doublings = min(failures - limit, 32)
    return datetime.timedelta(seconds=min(first * 2**doublings, longest))


def client_address(request) -> str | None:
    """The address the request came from (see the module's note on proxies)."""
    return request.META.get("REMOTE_ADDR") or None


def username_counted(username) -> str:
    """The username as counted: "Jo.Bennett" and "jo.bennett " are one name to guess."""
    return str(username).strip().lower()[:150]


def normalised_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the username typed, as counted."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "POST", {}).get(field)
    return username_counted(username) if username else None


@dataclass(frozen=True)
class Count:
    """Failures counted against one limit, and when the last of them was."""

    failures: int
    last_failure_at: datetime.datetime | None
    limit: int

    def wait_ends(self) -> datetime.datetime | None:
        wait = wait_after(self.failures, self.limit)
        if wait is None or self.last_failure_at is None:
            return None
        return self.last_failure_at + wait


def _attempts_count(attempts, limit: int) -> Count:
    totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return Count(totals["failures"] or 0, totals["last"], limit)


def _known_browser_count(username: str, device: str) -> Count:
    remembered_since = timezone.now() - failures_remembered()
    row = DeviceCookieFailures.objects.filter(
        username=username, device=device, last_failure_at__gt=remembered_since
    ).first()
    if row is None:
        return Count(0, None, max_failures())
    return Count(row.failures, row.last_failure_at, max_failures())


def _known_browser_failed(username: str, device: str) -> None:
    now = timezone.now()
    row, created = DeviceCookieFailures.objects.get_or_create(
        username=username, device=device, defaults={"failures": 1, "last_failure_at": now}
    )
    if not created:
        DeviceCookieFailures.objects.filter(pk=row.pk).update(
            failures=F("failures") + 1, last_failure_at=now
        )


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, following the policy above.

    AXES_LOCKOUT_PARAMETERS gives axes' attempts in three sets, in this order: the username
    from this address, the username from every address, this address for every username.
    Axes compares a number of failures with a limit, but whether to wait here depends on
    the time as well as the counts; so the number it is given (`get_failures`) is 1 while a
    wait is in force and 0 otherwise, and its limit (AXES_FAILURE_LIMIT) is 1."""

    def counts(self, request, credentials=None) -> list[Count]:
        """The counts this attempt is judged by: a known browser's own, or the three."""
        username = get_client_username(request, credentials)
        device = device_for(request, username)
        if device is not None:
            return [_known_browser_count(username, device)]
        from_here, everywhere, every_name = self.get_user_attempts(request, credentials)
        return [
            _attempts_count(from_here, max_failures()),
            _attempts_count(everywhere, max_failures_per_username()),
            _attempts_count(every_name, max_failures_per_address()),
        ]

    def wait_ends(self, request, credentials=None) -> datetime.datetime | None:
        """When the longest wait in force for this attempt ends; None when there is none."""
        now = timezone.now()
        ends = [c.wait_ends() for c in self.counts(request, credentials)]
        return max((end for end in ends if end is not None and end > now), default=None)

    def get_failures(self, request, credentials=None) -> int:
        return int(self.wait_ends(request, credentials) is not None)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Axes records every failure (its counts by address and name); a known browser's
        is counted against it as well, first, so that axes' question whether this failure
        starts a wait sees it. A refused attempt (during a wait) is not counted."""
        if request is not None and not request.axes_locked_out:
            username = get_client_username(request, credentials)
            device = device_for(request, username)
            if device is not None:
                self.clean_expired_user_attempts(request, credentials)
                _known_browser_failed(username, device)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        """A success clears (`reset_user_attempts`) and gives the browser a device cookie."""
        super().user_logged_in(sender, request, user, **kwargs)
        remember_browser(request, username_counted(user.get_username()))

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A success clears its username's failures from its address and its browser's own
        count; not the username's failures from elsewhere (someone else may be guessing
        there), nor other names' failures from the address."""
        username = get_client_username(request, credentials)
        device = device_for(request, username)
        if device is not None:
            DeviceCookieFailures.objects.filter(username=username, device=device).delete()
        from_here = self.filter_user_attempts(request, credentials)[0]
        count, _ = from_here.delete()
        return count

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        forgotten = timezone.now() - failures_remembered()
        DeviceCookieFailures.objects.filter(last_failure_at__lte=forgotten).delete()
        return super().clean_expired_user_attempts(request, credentials)


def _clock(moment: datetime.datetime) -> str:
    """The local time of day a wait ends, rounded up to the minute: "after 09:02" must not
    be a moment when it is still in force."""
    moment = timezone.localtime(moment)
    if moment.second or moment.microsecond:
        moment = moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return f"{moment:%H:%M}"


def lockout_message(request, username: str | None) -> str:
    """What someone kept waiting reads: until when, that more guesses make it longer, and
    what to do."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.update_request(request)
    until = SignInThrottleHandler().wait_ends(request, get_credentials(username))
    message = "Sign in is locked after too many attempts with the wrong password."
    if until is not None:
        message = (
            f"Sign in is locked until {_clock(until)} after too many attempts with the wrong "
            "password. Each further wrong password makes the wait longer."
        )
    return (
        f"{message} To sign in sooner, ask for a link by email to unlock it. If you have "
        "forgotten your password, ask your system administrator to reset it."
    )
