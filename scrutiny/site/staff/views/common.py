"""The one shape every staff write takes: a form, one service call, a redirect with a
success banner; a refusal goes back onto the form where the user can see it."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.core.errors import Refused, StaleEdit

FORM_TEMPLATE = "site/staff/form.html"


def refusal_on_form(form: forms.Form, refused: Refused) -> None:
    """Put the service's reason on the field it names, or on the whole form."""
    form.add_error(refused.field if refused.field in form.fields else None, refused.reason)


def _moved_on(form: forms.Form, stale: StaleEdit) -> None:
    """Carry the current version, so saving again is a deliberate choice made after
    seeing what changed."""
    if "version" in form.fields:
        data = form.data.copy()
        data["version"] = str(stale.current)
        form.data = data


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict], Any],
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    heading: str,
    caption: str = "",
    button: str = "Save",
    breadcrumbs: list | None = None,
    current: Callable[[], list[tuple[str, Any]]] | None = None,
    template: str = FORM_TEMPLATE,
    extra: dict | None = None,
) -> HttpResponse:
    """`save` gets the cleaned data and calls one service. `current` reads the record's
    present values, shown beside the message when someone else changed it meanwhile."""
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except StaleEdit as refused:
            refusal_on_form(form, refused)
            _moved_on(form, refused)
            stale = True
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    context = {
        "form": form,
        "heading": heading,
        "caption": caption,
        "button": button,
        "breadcrumbs": breadcrumbs or [],
        "stale": stale,
        "current": current() if stale and current else None,
        **(extra or {}),
    }
    return render(request, template, context, status=200)


def posted(request: HttpRequest):
    """The submitted data, or None for a first visit. Not `posted(request)`: a form
    with nothing to fill in (publish this document?) is submitted empty."""
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest):
    return request.FILES if request.method == "POST" else None
