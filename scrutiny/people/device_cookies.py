"""Device cookies: a browser's proof that someone has signed in to an account there before.

Each successful sign-in (and each unlock link followed) gives the browser a signed,
HTTP-only cookie for that username, holding the username and a random id of the browser.
A browser presenting it when signing in as that username is judged by its own wrong
passwords only (`scrutiny.people.lockout`), so guesses made at the account from anywhere
else (other addresses, or other browsers at the same address) never slow down the person
on their usual browser. The signature is what makes it proof: nobody can write one without
the site's secret key. There is one cookie a username, so a shared browser keeps each
colleague's."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing

COOKIE_PREFIX = "sign_in_device_"
SALT = "scrutiny.people.device_cookies"


def lifetime_seconds() -> int:
    return int(settings.SCRUTINY_SIGN_IN_DEVICE_COOKIE_DAYS) * 24 * 60 * 60


def cookie_name(username: str) -> str:
    """The cookie's name for a username (as counted): a digest, so a name with characters
    a cookie's name cannot hold still has one."""
    return COOKIE_PREFIX + hashlib.sha256(username.encode()).hexdigest()[:16]


def device_for(request, username: str | None) -> str | None:
    """The id of this browser if it holds a valid device cookie for `username`, else None."""
    cookies = getattr(request, "COOKIES", None)
    if not username or not cookies:
        return None
    value = cookies.get(cookie_name(username))
    if not value:
        return None
    try:
        held = signing.loads(value, salt=SALT, max_age=lifetime_seconds())
    except signing.BadSignature:
        return None
    if not isinstance(held, dict) or held.get("username") != username:
        return None
    return held.get("device") or None


def remember_browser(request, username: str) -> None:
    """Ask for this response to give the browser a device cookie for `username` (set by
    `DeviceCookieMiddleware`, so that every sign-in path, the admin's included, gives one)."""
    request.sign_in_device_for = username


def set_device_cookie(response, username: str) -> None:
    """A new device cookie: a fresh id, and a fresh lifetime from today."""
    value = signing.dumps({"username": username, "device": secrets.token_urlsafe(18)}, salt=SALT)
    response.set_cookie(
        cookie_name(username),
        value,
        max_age=lifetime_seconds(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class DeviceCookieMiddleware:
    """Gives the browser the device cookie a sign-in asked for (`remember_browser`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "sign_in_device_for", None)
        if username:
            set_device_cookie(response, username)
        return response
