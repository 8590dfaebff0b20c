"""Staff pages: bring in a published minutes page (upload or paste), preview, confirm.

A scrutiny officer or clerk gives us an "Issue - meetings" page; the preview shows what
the import would create and change (the same plan as the real import, written
nowhere), the figures the minutes state and whether the tracker agrees, and any meeting
that would be refused because its minutes are signed. Confirming imports exactly the
page that was previewed: it waits in the imports' one pending-upload store
(``scrutiny.imports.pending``) under a random token that the session and the confirm form
both carry, so nothing is re-uploaded and nothing else can be swapped in.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from scrutiny.core.uploads import oversize_reason
from scrutiny.imports import pending
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.tracker_figures import compare_stated_figures
from scrutiny.imports.writers import RecordImporter
from scrutiny.people.permissions import can_import_records
from scrutiny.site.staff.access import staff_page

SESSION_KEY = "record_imports_minutes"
SOURCE = "the published issue page"


class MinutesPageForm(forms.Form):
    page = forms.FileField(
        label="Upload the saved page",
        required=False,
        help_text="The page saved from the council's website as text or HTML (UTF-8).",
    )
    text = forms.CharField(
        label="Or paste the page's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Copy everything from the issue title to the last resolution.",
    )

    def clean(self):
        cleaned = super().clean()
        page, text = cleaned.get("page"), (cleaned.get("text") or "").strip()
        if page is None and not text:
            self.add_error("page", "Upload the saved page or paste its text")
        elif page is not None and text:
            self.add_error("page", "Upload the saved page or paste its text, not both")
        elif page is not None and (reason := oversize_reason(page.size)):
            self.add_error("page", reason)
        return cleaned

    def content(self) -> tuple[str, bytes | str]:
        """(field, content) of whichever was given."""
        page = self.cleaned_data.get("page")
        if page is not None:
            return "page", page.read()
        return "text", self.cleaned_data["text"]


def _breadcrumbs(current: str = "") -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [("Home", reverse("site:home"))]
    if not current:
        return [*crumbs, ("Import a minutes page", None)]
    return [*crumbs, ("Import a minutes page", reverse("record_imports:upload")), (current, None)]


@staff_page(can_import_records)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """The form, and on POST the preview of what importing the page would do."""
    bound = request.method == "POST"
    form = MinutesPageForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        field, content = form.content()
        try:
            issue = parse_minutes_page(content=content)
            report = RecordImporter(actor=request.user, source=SOURCE).import_issue(
                issue, dry_run=True
            )
        except ImportRefused as error:
            form.add_error(field, f"{error.place}: {error.reason}")
        else:
            _forget(request)
            token = pending.pending_keep_bytes(pending.MINUTES, _as_bytes(content))
            request.session[SESSION_KEY] = {"token": token}
            context = {
                "issue": issue,
                "entries": [
                    {"meeting": meeting, "item": item}
                    for meeting in issue.meetings
                    for item in meeting.items
                ],
                "report": report,
                "comparison": compare_stated_figures(issue),
                "token": token,
                "breadcrumbs": _breadcrumbs("Check the import"),
            }
            return render(request, "site/record_imports/preview.html", context)
    context = {
        "form": form,
        "expired": request.method == "GET" and "expired" in request.GET,
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, "site/record_imports/upload.html", context)


@staff_page(can_import_records)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import the page that was previewed, and show what was done."""
    kept = request.session.get(SESSION_KEY) or {}
    if not pending.pending_token_matches(kept.get("token", ""), request.POST.get("token", "")):
        return redirect(f"{reverse('record_imports:upload')}?expired=1")
    try:
        content = pending.pending_read_bytes(pending.MINUTES, kept["token"])
    except pending.PendingGone:
        del request.session[SESSION_KEY]
        return redirect(f"{reverse('record_imports:upload')}?expired=1")
    try:
        issue = parse_minutes_page(content=content)
        report = RecordImporter(actor=request.user, source=SOURCE).import_issue(issue)
    except ImportRefused as error:
        context = {"error": error, "breadcrumbs": _breadcrumbs("Import refused")}
        return render(request, "site/record_imports/refused.html", context, status=422)
    _forget(request)
    context = {
        "issue": issue,
        "report": report,
        "comparison": compare_stated_figures(issue),
        "breadcrumbs": _breadcrumbs("Import complete"),
    }
    return render(request, "site/record_imports/done.html", context)


def _as_bytes(content: bytes | str) -> bytes:
    """Pasted text is kept as UTF-8, which the parser reads exactly as it read the text."""
    return content.encode("utf-8") if isinstance(content, str) else content


def _forget(request: HttpRequest) -> None:
    """The import is done, or a new preview replaces an unconfirmed one."""
    previous = request.session.pop(SESSION_KEY, None)
    if previous:
        pending.pending_delete(pending.MINUTES, previous.get("token", ""))
