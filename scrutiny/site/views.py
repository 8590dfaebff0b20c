import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateformat import format as format_date

from scrutiny.core.page_cache import public_page

COMPLIANCE_STATUSES = {"full", "partial", "not"}


def _statement_date(value: object) -> str:
    """A settings date ("2025-03-27" or a date) as "27 March 2025"; other text as given."""
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    text = str(value or "").strip()
    try:
        return format_date(datetime.date.fromisoformat(text), "j F Y")
    except ValueError:
        return text


@public_page(scopes=(), params=())
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the model wording for UK public sector websites."""
    compliance = str(getattr(settings, "ACCESSIBILITY_COMPLIANCE", "partial")).strip().lower()
    if compliance not in COMPLIANCE_STATUSES:
        compliance = "partial"
    context = {
        "accessibility_email": getattr(settings, "COUNCIL_ACCESSIBILITY_EMAIL", ""),
        "accessibility_phone": getattr(settings, "COUNCIL_ACCESSIBILITY_PHONE", ""),
        "statement_prepared": _statement_date(
            getattr(settings, "ACCESSIBILITY_STATEMENT_PREPARED", "")
        ),
        "last_tested": _statement_date(getattr(settings, "ACCESSIBILITY_LAST_TESTED", "")),
        "tested_by": getattr(settings, "ACCESSIBILITY_TESTED_BY", ""),
        "compliance": compliance,
        "breadcrumbs": [("Home", reverse("site:home")), ("Accessibility statement", None)],
    }
    return render(request, "site/accessibility.html", context)


@public_page(scopes=(), params=())
def open_data(request: HttpRequest) -> HttpResponse:
    """What the JSON API offers, for a person: its addresses, formats, licence and an
    example. The API itself stays at /api/v1/."""
    context = {
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "api_root": request.build_absolute_uri(reverse("api:index")),
        "calendar_url": request.build_absolute_uri(reverse("site:calendar")),
        "breadcrumbs": [("Home", reverse("site:home")), ("Open data", None)],
    }
    return render(request, "site/open_data.html", context)
