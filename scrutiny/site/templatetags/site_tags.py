"""Tags for the site's page furniture: navigation, sign in and out, bar charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from scrutiny.committees.permissions import can_use_workspace
from scrutiny.reviews.selectors import rag_key as _rag_key

register = template.Library()

# Used until the accounts app names its views "login" and "logout" (as
# django.contrib.auth.urls does), after which those names win.
FALLBACK_SIGN_OUT_URL = "/accounts/logout/"


def _reverse_or(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag(takes_context=True)
def sign_in_url(context: template.Context) -> str:
    """The sign-in page, returning the user to the page they were on."""
    url = _reverse_or("login", resolve_url(settings.LOGIN_URL))
    request = context.get("request")
    if request is not None and request.path != url:
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


@register.filter
def uses_workspace(user) -> bool:
    """Whether the service navigation offers this user the workspace: on every page they
    see (public pages, imports, sign-in pages), not only the workspace's own."""
    return bool(user is not None and user.is_authenticated and can_use_workspace(user))


@register.simple_tag
def sign_out_url() -> str:
    """Where the "Sign out" form POSTs to."""
    return _reverse_or("logout", FALLBACK_SIGN_OUT_URL)


@register.simple_tag(takes_context=True)
def service_nav_item(context: template.Context, label: str, href: str) -> str:
    """One link in the Service navigation, marked as current where it applies.

    The link is the current page (`aria-current="page"`) when the path matches
    exactly, and the current section (`aria-current="true"`) for pages below it.
    """
    request = context.get("request")
    path = request.path if request is not None else ""
    if path == href:
        current = "page"
    elif href != "/" and path.startswith(href):
        current = "true"
    else:
        current = ""
    if current:
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="{}">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>',
            href,
            current,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item">'
        '<a class="govuk-service-navigation__link" href="{}">{}</a></li>',
        href,
        label,
    )


CHART_COLOURS = {"red", "amber", "green", "blue", "grey"}


@register.inclusion_tag("site/includes/bar_chart.html")
def bar_chart(
    rows: Iterable[Sequence[Any]],
    caption: str = "",
    unit: str = "",
    show_percent: bool = True,
) -> dict[str, Any]:
    """A horizontal bar chart whose every value is also written out as text.

    `rows` holds (label, value) or (label, value, colour) items, where colour is
    "red", "amber", "green", "blue" or "grey". Each bar is its value's share of the
    total (all the bars together fill 100%), as is the percentage shown.

        {% bar_chart status_counts caption="Recommendations by status" %}
    """
    items = [tuple(row) for row in rows]
    values = [Decimal(str(row[1] or 0)) for row in items]
    total = sum(values, Decimal(0))
    out = []
    for row, value in zip(items, values, strict=True):
        colour = row[2] if len(row) > 2 and row[2] in CHART_COLOURS else ""
        width = int((value * 100 / total).to_integral_value()) if total > 0 else 0
        if value > 0:
            width = max(width, 1)  # a small value still shows a sliver of bar
        percent = int((value * 100 / total).to_integral_value()) if total > 0 else 0
        out.append(
            {
                "label": row[0],
                "value": row[1] or 0,
                "width": max(0, min(100, width)),
                "percent": percent,
                "colour": colour,
            }
        )
    return {"caption": caption, "rows": out, "unit": unit, "show_percent": show_percent}


@register.inclusion_tag("site/includes/rag_key.html")
def rag_key() -> dict[str, Any]:
    """The key to the RAG colours, from the status vocabulary (`reviews.selectors.rag_key`):
    each colour as its tag, what it means and the statuses that carry it.

        {% rag_key %}
    """
    return {"rows": _rag_key()}
