"""Staff pages: bring in a published minutes page (upload or paste), check it, import it.

A scrutiny officer or clerk gives us an "Issue - meetings" page. The request only keeps it
in the imports' pending-upload store (``scrutiny.imports.pending``) and queues its check
in the background worker (``scrutiny.imports.job_queue``); the person is sent to the
job's page, which refreshes itself while the worker reads and plans the page and then
shows the preview: what the import would create and change (the same plan as the real
import, written nowhere), the figures the minutes state and whether the tracker agrees,
and any meeting that would be refused because its minutes are signed. Confirming queues
the import of exactly the page that was checked, once, and its page shows what was done.
Only a job's owner (and administrators) may open it; the session holds only the id of the
session's latest job, so a new upload can let the previous one go.
"""

import datetime
import uuid
from collections.abc import Callable

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scrutiny.core.errors import Refused
from scrutiny.core.uploads import oversize_reason
from scrutiny.imports import pending
from scrutiny.imports.job_queue import job_check_upload, job_confirm, job_retry
from scrutiny.imports.jobs import job_status, stale_after
from scrutiny.imports.models import ImportJob
from scrutiny.imports.permissions import can_see_job, get_job_or_404
from scrutiny.people.permissions import can_import_records
from scrutiny.site.staff.access import staff_page

SESSION_KEY = "record_imports_minutes"
REFRESH_SECONDS = 5


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
        elif page is None and (reason := oversize_reason(len(text.encode()))):
            self.add_error("text", reason)
        return cleaned

    def content(self) -> tuple[str, bytes]:
        """(field, bytes) of whichever was given; pasted text is kept as UTF-8, which the
        parser reads exactly as it read the text."""
        page = self.cleaned_data.get("page")
        if page is not None:
            return "page", page.read()
        return "text", self.cleaned_data["text"].encode("utf-8")


def _breadcrumbs(current: str = "") -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [("Home", reverse("site:home"))]
    if not current:
        return [*crumbs, ("Import a minutes page", None)]
    return [*crumbs, ("Import a minutes page", reverse("record_imports:upload")), (current, None)]


@staff_page(can_import_records)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """The form; on POST the page is kept and its check queued, and the person is sent to
    the job's page. ``?again=<job>`` gives back the text of a job that failed."""
    bound = request.method == "POST"
    initial = {} if bound else _given_again(request)
    form = MinutesPageForm(
        request.POST if bound else None, request.FILES if bound else None, initial=initial
    )
    if bound and form.is_valid():
        given_as, data = form.content()
        job = job_check_upload(
            owner=request.user,
            kind=ImportJob.Kind.MINUTES,
            data=data,
            options={"given_as": given_as},
            replaces=_previous(request),
        )
        request.session[SESSION_KEY] = {"job": str(job.pk)}
        return redirect("record_imports:job", job=job.pk)
    context = {
        "form": form,
        "expired": request.method == "GET" and "expired" in request.GET,
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, "site/record_imports/upload.html", context)


@staff_page(can_import_records)
@require_GET
def job(request: HttpRequest, job: str) -> HttpResponse:
    """A job's page: its progress while it runs (refreshing itself, unless ``?updates=off``),
    then the preview, the import's result, or why it failed."""
    found = get_job_or_404(request.user, job)
    status = job_status(found)
    context = {
        "job": found,
        "status": status,
        "checking": found.step == ImportJob.Step.CHECK,
        "stale_minutes": int(stale_after().total_seconds() // 60),
    }
    if not status.finished:
        title = "Checking the page" if context["checking"] else "Importing the page"
        # Refreshing itself unless asked not to: a page that changes under a screen
        # reader must be stoppable (WCAG 2.2.1).
        updating = request.GET.get("updates") != "off"
        context |= {
            "refresh": REFRESH_SECONDS if updating else 0,
            "breadcrumbs": _breadcrumbs(title),
        }
        return render(request, "site/record_imports/running.html", context)
    if status.state == ImportJob.State.FAILED:
        context |= {
            "kept": _still_kept(found),
            "breadcrumbs": _breadcrumbs("Nothing was imported"),
        }
        return render(request, "site/record_imports/failed.html", context)
    context |= _shown(found.result)
    if context["checking"]:
        context |= {
            "confirmed_by": ImportJob.objects.filter(checked=found).first(),
            "breadcrumbs": _breadcrumbs("Check the import"),
        }
        return render(request, "site/record_imports/preview.html", context)
    context["breadcrumbs"] = _breadcrumbs("Import complete")
    return render(request, "site/record_imports/done.html", context)


@staff_page(can_import_records)
@require_POST
def confirm(request: HttpRequest, job: str) -> HttpResponse:
    """Queue the import of what the job checked, and follow it."""
    found, started = _act_on(request, job, field="confirm", service=job_confirm)
    return redirect("record_imports:job", job=(started or found).pk)


@staff_page(can_import_records)
@require_POST
def retry(request: HttpRequest, job: str) -> HttpResponse:
    """Check a failed job's upload again, without giving it again."""
    found, started = _act_on(request, job, field="retry", service=job_retry)
    if started is not None:
        request.session[SESSION_KEY] = {"job": str(started.pk)}
    return redirect("record_imports:job", job=(started or found).pk)


def _act_on(
    request: HttpRequest, job: str, *, field: str, service: Callable[..., ImportJob]
) -> tuple[ImportJob, ImportJob | None]:
    """The job, and the job ``service`` queued for it: none when the form does not name
    the job (an empty or stray POST) or the job is not in a state to be acted on (its
    page then says what it is)."""
    found = get_job_or_404(request.user, job)
    if request.POST.get(field) != str(found.pk):
        return found, None
    try:
        return found, service(job=found, actor=request.user)
    except Refused:
        return found, None


def _shown(result: dict) -> dict:
    """The job's JSON result as the templates read it (dates as dates)."""
    items = [
        item | {"date": datetime.date.fromisoformat(item["date"])}
        for item in result["issue"]["items"]
    ]
    return {
        "issue": result["issue"],
        "items": items,
        "report": result["report"],
        "comparison": result["comparison"],
    }


def _still_kept(job: ImportJob) -> bool:
    try:
        pending.pending_open(job.kind, job.token)
    except pending.PendingGone:
        return False
    return True


def _given_again(request: HttpRequest) -> dict:
    """The pasted text of the job named by ``?again=``, for the form to give back after a
    refusal; nothing when there is none, or it was a file (a browser cannot be given a
    file back: it is chosen again)."""
    try:
        found = get_job_or_404(request.user, uuid.UUID(request.GET.get("again", "")))
    except (ValueError, Http404):
        return {}
    if found.options.get("given_as") != "text":
        return {}
    try:
        data = pending.pending_read_bytes(found.kind, found.token)
    except pending.PendingGone:
        return {}
    return {"text": data.decode("utf-8", errors="replace")}


def _previous(request: HttpRequest) -> ImportJob | None:
    """The session's latest job, which a new upload replaces."""
    previous = (request.session.pop(SESSION_KEY, None) or {}).get("job", "")
    found = ImportJob.objects.filter(pk=previous).first() if previous else None
    return found if found is not None and can_see_job(request.user, found) else None
