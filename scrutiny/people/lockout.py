"""Locking sign-in after repeated failures, so passwords cannot be guessed at speed.

django-axes does the locking for every sign-in path (the site's form and /admin/login/),
through Django's own `authenticate`; this module holds the council's policy it follows:

- five failures for one username (as typed, in any case, from any address) lock that
  username until fifteen minutes after the last of them; trying again while locked does
  not extend the lock;
- failures from one address are counted too, with a higher limit: a council's offices
  often reach the internet through a single address, and one mistyping colleague must not
  lock everybody out;
- a successful sign-in clears the count for its username;
- the address is the one the connection came from (REMOTE_ADDR), never a header a client
  can write. Behind a proxy, the proxy must set REMOTE_ADDR (e.g. the web server's
  real-IP module), or anyone could dodge the address limit by inventing addresses.

Every figure comes from settings (`SCRUTINY_SIGN_IN_*`), read when used."""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def max_failures_per_username(request=None, credentials=None) -> int:
    return int(settings.SCRUTINY_SIGN_IN_MAX_FAILURES)


def max_failures_per_address() -> int:
    return int(settings.SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS)


def lockout_period(request=None) -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.SCRUTINY_SIGN_IN_LOCKOUT_SECONDS))


def client_address(request) -> str | None:
    """The address the request came from (see the module's note on proxies)."""
    return request.META.get("REMOTE_ADDR") or None


def normalised_username(request, credentials) -> str | None:
    """The username as counted: "Jo.Bennett" and "jo.bennett " are one name to guess."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "POST", {}).get(field)
    if not username:
        return None
    return str(username).strip().lower()[:150]


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each lockout parameter
    (AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"], in that order). Axes compares
    one count with one limit, so an address at its own limit counts as the username's."""

    def _by_username_and_address(self, request, credentials):
        return self.get_user_attempts(request, credentials)

    def get_failures(self, request, credentials=None) -> int:
        by_username, by_address = self._by_username_and_address(request, credentials)
        failures = _failures(by_username)
        if _failures(by_address) >= max_failures_per_address():
            return max(failures, max_failures_per_username())
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A success clears its username's failures, not its address's: signing in to one
        account must not wipe the count of guesses at others from the same place."""
        by_username = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_username.delete()
        return count

    def locked_until(self, request, credentials=None) -> datetime.datetime | None:
        """When the lock in force ends: the lockout period after the last failure that
        counted towards a limit now reached."""
        by_username, by_address = self._by_username_and_address(request, credentials)
        reached = []
        if _failures(by_username) >= max_failures_per_username():
            reached.append(by_username)
        if _failures(by_address) >= max_failures_per_address():
            reached.append(by_address)
        latest = [attempts.aggregate(at=Max("attempt_time"))["at"] for attempts in reached]
        latest = [at for at in latest if at is not None]
        return max(latest) + lockout_period() if latest else None


def lockout_message(request, username: str | None) -> str:
    """What a locked-out person reads: for how long, until when, and what to do."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.update_request(request)
    until = SignInLockoutHandler().locked_until(request, get_credentials(username))
    minutes = max(1, round(lockout_period().total_seconds() / 60))
    message = (
        f"Sign in is locked for {minutes} minutes after too many attempts with the wrong password."
    )
    if until is not None and until > timezone.now():
        message += f" Try again after {timezone.localtime(until):%H:%M}."
    return (
        f"{message} If you have forgotten your password, ask your system administrator to reset it."
    )
