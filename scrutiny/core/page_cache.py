"""The public page cache: anonymous pages and API answers kept in Django's cache, keyed on
the versions of the record they show, with `ETag`/`Last-Modified` and conditional GET.

How a request goes (docs/architecture.md, "Caching", says why):

1. Only an anonymous GET or HEAD without a session or messages cookie, whose query has
   only the page's own parameters, is served from or stored in the cache; anything else
   is built as usual.
2. The versions of the page's scopes are read (one query) before anything else, so a
   write committing while the page is built can only leave newer content under an older
   key, never older content under a newer one.
3. The key is the view, scheme, host, path and query, the versions, today's date and the
   next scheduled change (an agenda or document published in the future, a meeting
   starting): a page whose content changes with the clock gets a new key when it does.
4. A matching `If-None-Match` (or `If-Modified-Since`) is answered 304 from that alone;
   otherwise the stored page, or the page built and stored for at most
   `SCRUTINY_PAGE_CACHE_SECONDS` and never past the next scheduled change.

A signed-in user's responses are never stored and carry `Cache-Control: private,
no-store`, as does any response that read a session holding something
(`PrivateWhenSignedInMiddleware`, for every response, not only these pages).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from scrutiny.core import record_versions
from scrutiny.core.record_versions import PEOPLE, RECORD, VOCABULARY

# What a page of the public record shows, unless it says otherwise.
PUBLIC_RECORD = (RECORD, PEOPLE, VOCABULARY)
PAGE_PARAMETERS = ("page",)
KEY_FORMAT = "v1"
# The cache alias of each process's near copy, configured only in front of a shared cache.
NEAR = "near"
# Headers the cache sets itself, or that belong to one response only.
NOT_STORED = {"set-cookie", "date", "vary", "cache-control", "etag", "last-modified", "expires"}
# A Last-Modified is only given once the newest change is this old: HTTP dates count whole
# seconds, and a change in the same second as the copy would look unchanged.
LAST_MODIFIED_MARGIN = datetime.timedelta(seconds=2)

ScheduledChange = Callable[[datetime.datetime], datetime.datetime | None]
_scheduled: list[ScheduledChange] = []
_window_memo: tuple[tuple, _Window] | None = None


def scheduled_change(provider: ScheduledChange) -> None:
    """Register a function giving the next moment after `now` when the public record
    changes without a write (an agenda published for a future time). A domain app
    registers it in `AppConfig.ready`; it may query, and is asked rarely (see below)."""
    if provider not in _scheduled:
        _scheduled.append(provider)


def public_page(
    view=None,
    *,
    scopes: Iterable[str] = PUBLIC_RECORD,
    params: Iterable[str] = PAGE_PARAMETERS,
):
    """Cache a public view's anonymous answers; `scopes` are what it shows, `params` the
    query parameters it reads. Usable bare (`@public_page`) or with arguments."""
    page_scopes = tuple(sorted(set(scopes)))
    allowed = frozenset(params)

    def decorate(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.SCRUTINY_PAGE_CACHE_SECONDS
            if seconds <= 0 or not is_anonymous_read(request, allowed):
                return view(request, *args, **kwargs)
            page = _Page.for_request(request, name, page_scopes, seconds)
            not_modified = get_conditional_response(
                request, etag=page.etag, last_modified=page.last_modified_timestamp
            )
            if not_modified is not None:
                return page.mark(not_modified)
            stored = _get(page)
            if stored is not None:
                return page.mark(_from_stored(stored))
            response = view(request, *args, **kwargs)
            if not is_storable(request, response):
                return response
            _set(page, _to_stored(response))
            return page.mark(response)

        wrapped.public_page_scopes = page_scopes  # lets a test find views left uncached
        return wrapped

    return decorate(view) if view is not None else decorate


def is_anonymous_read(request: HttpRequest, allowed: frozenset[str]) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # may be signed in, or have something in the session to show
    if CookieStorage.cookie_name in request.COOKIES:
        return False  # messages waiting to be shown on this page
    if any(name not in allowed for name in request.GET):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 that is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token; the middleware will set the cookie
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


@dataclass(frozen=True)
class _Page:
    key: str
    etag: str
    last_modified: datetime.datetime | None
    ttl: int

    @classmethod
    def for_request(cls, request, name: str, scopes: tuple[str, ...], seconds: int) -> _Page:
        now = timezone.now()
        versions = record_versions.read({*scopes, RECORD})  # before anything is built
        window = _schedule_window(versions.state(RECORD), now, seconds)
        today = timezone.localdate(now)
        material = "\n".join(
            [
                KEY_FORMAT,
                name,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                # When each was bumped, too: a database restored or reloaded under a
                # cache that was kept counts from old numbers again, never the same times.
                *(f"{scope}={versions.state(scope)}" for scope in scopes),
                f"day={today.isoformat()}",
                f"next={window.next_change.isoformat() if window.next_change else '-'}",
            ]
        )
        digest = hashlib.sha256(material.encode()).hexdigest()
        changes = [window.since, _start_of(today)]
        changes += [versions.changed[scope] for scope in scopes if versions.changed.get(scope)]
        newest = max(changes)
        ttl = seconds
        if window.next_change is not None:
            ttl = min(ttl, max(1, math.ceil((window.next_change - now).total_seconds())))
        return cls(
            key=f"scrutiny:page:{digest}",
            etag=f'"{digest[:40]}"',
            last_modified=newest if now - newest >= LAST_MODIFIED_MARGIN else None,
            ttl=ttl,
        )

    @property
    def last_modified_timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None

    def mark(self, response: HttpResponse) -> HttpResponse:
        """Anyone may keep it, but must ask again before each use (a 304 is cheap)."""
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified_timestamp)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Cookie"])
        return response


@dataclass(frozen=True)
class _Window:
    """Until `next_change` the record shows what it has shown since `since` (at the
    latest), short of a write; a write bumps `record` and starts a new window."""

    since: datetime.datetime
    next_change: datetime.datetime | None


def _schedule_window(record: tuple, now: datetime.datetime, seconds: int) -> _Window:
    """The next scheduled change, asked of the providers once per state of the record
    (its version and when that was bumped) and again once that moment has passed or the
    page cache's time is up, so a cache hit runs no query for it. Each process keeps its
    own: it is a function of the record and the clock, and keeping it here spares a hit a
    round trip to a shared cache."""
    global _window_memo
    memo = _window_memo
    if memo is not None and memo[0] == record:
        window = memo[1]
        fresh = (now - window.since).total_seconds() < seconds
        if fresh and (window.next_change is None or window.next_change > now):
            return window
    moments = [moment for provider in _scheduled if (moment := provider(now)) is not None]
    # `since` is when we looked, not when the last moment passed: never earlier than the
    # change, so a Last-Modified built from it is never too old.
    window = _Window(since=now, next_change=min((m for m in moments if m > now), default=None))
    _window_memo = (record, window)
    return window


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _near_cache():
    """Each process's own copy of the pages it serves most, in front of a shared cache
    (Redis). Safe because a key names the versions its page was built from: a copy kept
    here is the same as the shared one for as long as either lives."""
    return caches[NEAR] if NEAR in settings.CACHES else None


def _get(page: _Page) -> dict | None:
    near = _near_cache()
    stored = near.get(page.key) if near is not None else None
    if stored is None:
        stored = cache.get(page.key)
        if stored is not None and near is not None:
            near.set(page.key, stored, timeout=page.ttl)
    return stored


def _set(page: _Page, stored: dict) -> None:
    cache.set(page.key, stored, timeout=page.ttl)
    near = _near_cache()
    if near is not None:
        near.set(page.key, stored, timeout=page.ttl)


def _to_stored(response: HttpResponse) -> dict:
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
    return {"content": response.content, "headers": headers}


def _from_stored(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for header, value in stored["headers"]:
        response[header] = value
    return response


class PrivateWhenSignedInMiddleware:
    """Whatever a signed-in user is shown depends on who they are, and so does whatever a
    page read from a visitor's session or messages cookie: no cache between them and us
    may keep it, and their browser should not keep it on disk. Every such response is
    `private, no-store`, whether or not the view looked at who is signed in (a 404 page, the API
    index): the page around it may."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _kept_by_no_one(response) or not _depends_on_who_asks(request):
            return response
        if "public" in response.get("Cache-Control", ""):
            del response["Cache-Control"]
        patch_cache_control(response, private=True, no_store=True)
        return response


def _kept_by_no_one(response: HttpResponse) -> bool:
    """Already `no-store` (/healthz): nothing to add, and no reason to load the session."""
    cache_control = response.get("Cache-Control", "")
    return "no-store" in cache_control and "public" not in cache_control


def _depends_on_who_asks(request: HttpRequest) -> bool:
    if CookieStorage.cookie_name in request.COOKIES:
        return True  # messages waiting for this visitor, kept in a cookie of their own
    session = getattr(request, "session", None)
    if session is None:
        return False
    if session.accessed and not session.is_empty():
        return True  # it read a session that holds something: a sign-in, a message
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, so nobody signed in: the public's page, no query
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
