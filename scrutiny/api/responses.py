"""How every API response is shaped: JSON with ISO 8601 dates, one 404 for anything
missing or not the caller's to see, and `next`/`previous` links on lists that grow."""

from __future__ import annotations

import datetime
import functools

from django.core.paginator import Page
from django.http import Http404, HttpRequest, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

NOT_FOUND = "Not found"
PAGE_DIGITS = 9  # no list runs to a billion pages
MODIFIED_SINCE = "modified_since"
MOMENT_CHARACTERS = 40  # "2024-09-16T18:00:00.123456+01:00" and some room


class BadParameter(Exception):
    """A query parameter the API cannot read: a 400 naming it, not a guess."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def api_response(request: HttpRequest, data: dict, status: int = 200) -> JsonResponse:
    """A signed-in user may be shown what the public may not, so their answers are
    private to them; everyone's answer depends on who they are (the session cookie)."""
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


def api_view(view):
    """GET and HEAD only, and any Http404 — a missing record, a restricted one, a page
    past the end — as the same JSON answer, so a 404 says nothing about what exists."""

    @require_safe
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        except BadParameter as error:
            return api_response(
                request, {"error": error.message, "parameter": error.parameter}, status=400
            )

    return wrapped


def link(request: HttpRequest, name: str, *args, query: str = "") -> str:
    """An absolute URL, so a client can follow it as given."""
    url = reverse(name, args=args)
    return request.build_absolute_uri(f"{url}?{query}" if query else url)


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def moment(value: datetime.datetime | None) -> str | None:
    """In the council's time zone, with its offset: "2024-09-16T18:00:00+01:00"."""
    return timezone.localtime(value).isoformat() if value else None


def page_number(request: HttpRequest) -> int:
    """`?page=N`, a whole number from 1 in the digits 0-9; anything else (digits of
    another script, more of them than any page there could be) is not a page there is."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > PAGE_DIGITS or int(raw) < 1:
        raise Http404(NOT_FOUND)
    return int(raw)


def modified_since(request: HttpRequest) -> datetime.datetime | None:
    """`?modified_since=`: an ISO 8601 date and time ("2024-09-16T18:00:00+01:00", "...Z",
    or without an offset in the council's time zone) or a date (its first moment there).
    A "+" left unencoded arrives as a space, and is read as the "+" it was meant to be."""
    raw = request.GET.get(MODIFIED_SINCE)
    if raw is None:
        return None
    text = raw.strip()
    if len(text) > 10 and text[-6] == " " and text[-5:-3].isdigit():
        text = f"{text[:-6]}+{text[-5:]}"
    try:
        if len(text) > MOMENT_CHARACTERS or not text.isascii():
            raise ValueError
        if len(text) == 10:
            value = datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time())
        elif "T" in text.upper():
            value = datetime.datetime.fromisoformat(text)
        else:
            raise ValueError
    except ValueError:
        raise BadParameter(
            MODIFIED_SINCE,
            "modified_since must be an ISO 8601 date and time, such as "
            "2024-09-16T18:00:00+01:00, or a date, such as 2024-09-16.",
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def kept_filters(request: HttpRequest, *names: str) -> str:
    """The filters of `names` the request gave, for a list's `next` and `previous` links:
    "modified_since=...&" or ""."""
    kept = QueryDict(mutable=True)
    for name in names:
        if name in request.GET:
            kept[name] = request.GET[name]
    return f"{kept.urlencode()}&" if kept else ""


def filter_choice(request: HttpRequest, name: str, choices, default: str) -> str:
    """`?<name>=` one of `choices`; a browser's page reads anything else as the default,
    but an API client is told there is no such filter rather than served another."""
    value = request.GET.get(name, default)
    if value not in choices:
        raise Http404(NOT_FOUND)
    return value


def not_found(request: HttpRequest) -> JsonResponse:
    """The API's 404, for an address under it that names nothing at all."""
    return api_response(request, {"error": NOT_FOUND}, status=404)


def checked_page(page: Page, requested: int) -> Page:
    """The selectors fall back to the last page, as a browser wants; an API client asking
    past the end is told there is no such page instead."""
    if page.number != requested:
        raise Http404(NOT_FOUND)
    return page


def pagination(request: HttpRequest, page: Page, name: str, *args, keep: str = "") -> dict:
    """`keep` is a filter the links carry before the page, e.g. "status=open&"."""

    def page_link(number: int) -> str:
        return link(request, name, *args, query=f"{keep}page={number}")

    return {
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "next": page_link(page.next_page_number()) if page.has_next() else None,
        "previous": page_link(page.previous_page_number()) if page.has_previous() else None,
    }
