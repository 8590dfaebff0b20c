"""What the staff import pages share about the jobs they queue (``scrutiny.imports.jobs``):
the job's page while it waits or runs (refreshing itself) and when it failed, acting on a
job from a form (confirm, retry), and the session's latest job of a kind.

Each importer's pages live under their own URLs (``<namespace>:job``, ``:confirm`` and
``:retry`` from ``JobPages.urls``; its own ``:upload``) and show a finished job's result
in their own templates."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from scrutiny.core.errors import Refused
from scrutiny.imports import pending
from scrutiny.imports.job_queue import job_confirm, job_retry
from scrutiny.imports.jobs import JobStatus, job_percent, job_status, stale_after
from scrutiny.imports.models import ImportJob
from scrutiny.imports.permissions import can_see_job, get_job_or_404
from scrutiny.site.staff.access import staff_page

REFRESH_SECONDS = 5


@dataclass(frozen=True)
class JobPages:
    """One importer's job pages: the kind of job they show, their URL namespace, their
    name in breadcrumbs ("Import a minutes page"), what the upload is called ("the page",
    "the answers") and the session key holding the latest job's id."""

    kind: str
    namespace: str
    title: str
    upload_noun: str
    session_key: str
    shown: Callable[[dict], dict]  # a finished job's JSON result as its templates read it

    def urls(self, allowed: Callable) -> list[URLPattern]:
        """The job's page and the forms acting on it, for the importer's URL list; only
        those ``allowed`` to import reach them (``staff_page``)."""
        guarded = staff_page(allowed)
        return [
            path("jobs/<uuid:job>/", guarded(require_GET(self.page)), name="job"),
            path("jobs/<uuid:job>/confirm/", guarded(require_POST(self.confirm)), name="confirm"),
            path("jobs/<uuid:job>/retry/", guarded(require_POST(self.retry)), name="retry"),
        ]

    def url(self, name: str, job: ImportJob | None = None) -> str:
        return reverse(f"{self.namespace}:{name}", kwargs={"job": job.pk} if job else None)

    def breadcrumbs(self, current: str = "") -> list[tuple[str, str | None]]:
        crumbs: list[tuple[str, str | None]] = [("Home", reverse("site:home"))]
        if not current:
            return [*crumbs, (self.title, None)]
        return [*crumbs, (self.title, self.url("upload")), (current, None)]

    def page(self, request: HttpRequest, job) -> HttpResponse:
        """A job's page: its progress while it waits or runs (refreshing itself unless
        ``?updates=off``: a page that changes under a screen reader must be stoppable,
        WCAG 2.2.1), why it failed, or its result: a check's preview, with its Import
        button until it is confirmed, or the import's counts, in the importer's own
        ``preview.html`` and ``done.html``."""
        job = get_job_or_404(request.user, job, kind=self.kind)
        status = job_status(job)
        context = self._context(job, status)
        if not status.finished:
            updating = request.GET.get("updates") != "off"
            context |= {
                "refresh": REFRESH_SECONDS if updating else 0,
                "percent": job_percent(job),
                "breadcrumbs": self.breadcrumbs(context["doing"].capitalize()),
            }
            return render(request, "site/import_jobs/running.html", context)
        if status.state == ImportJob.State.FAILED:
            context |= {
                "kept": _can_check_again(job),
                "breadcrumbs": self.breadcrumbs(_NOTHING),
            }
            return render(request, "site/import_jobs/failed.html", context)
        context |= self.shown(job.result)
        if context["checking"]:
            context |= {
                "confirmed_by": ImportJob.objects.filter(checked=job).first(),
                "breadcrumbs": self.breadcrumbs("Check the import"),
            }
            return render(request, f"site/{self.namespace}/preview.html", context)
        context["breadcrumbs"] = self.breadcrumbs("Import complete")
        return render(request, f"site/{self.namespace}/done.html", context)

    def confirm(self, request: HttpRequest, job) -> HttpResponse:
        """Queue the import of what the job checked, once, and follow it."""
        job, started = self._act_on(request, job, field="confirm", service=job_confirm)
        return redirect(self.url("job", started or job))

    def retry(self, request: HttpRequest, job) -> HttpResponse:
        """Check a failed job's upload again (or read its site again), without giving it
        again, and follow the new check."""
        job, started = self._act_on(request, job, field="retry", service=job_retry)
        if started is not None:
            self.remember(request, started)
        return redirect(self.url("job", started or job))

    def _act_on(
        self, request: HttpRequest, job_id, *, field: str, service: Callable[..., ImportJob]
    ) -> tuple[ImportJob, ImportJob | None]:
        """The job, and the job ``service`` queued for it: none when the form does not name
        the job (an empty or stray POST) or the job is not in a state to be acted on (its
        page then says what it is)."""
        job = get_job_or_404(request.user, job_id, kind=self.kind)
        if request.POST.get(field) != str(job.pk):
            return job, None
        try:
            return job, service(job=job, actor=request.user)
        except Refused:
            return job, None

    def job_named(self, request: HttpRequest, value: str) -> ImportJob | None:
        """The job a query parameter names (``?again=``), if it is one the user may see."""
        try:
            return get_job_or_404(request.user, uuid.UUID(value), kind=self.kind)
        except (ValueError, Http404):
            return None

    def remember(self, request: HttpRequest, job: ImportJob) -> None:
        """The session holds the id of its latest job of this kind, and nothing else."""
        request.session[self.session_key] = {"job": str(job.pk)}

    def forget_previous(self, request: HttpRequest) -> ImportJob | None:
        """The session's latest job of this kind, which a new upload replaces."""
        previous = (request.session.pop(self.session_key, None) or {}).get("job", "")
        job = ImportJob.objects.filter(pk=previous, kind=self.kind).first() if previous else None
        return job if job is not None and can_see_job(request.user, job) else None

    def _context(self, job: ImportJob, status: JobStatus) -> dict:
        checking = job.step == ImportJob.Step.CHECK
        return {
            "job": job,
            "status": status,
            "checking": checking,
            "doing": f"{'checking' if checking else 'importing'} {self.upload_noun}",
            "upload_noun": self.upload_noun,
            "stale_minutes": int(stale_after().total_seconds() // 60),
            "job_url": self.url("job", job),
            "retry_url": self.url("retry", job),
            "upload_url": self.url("upload"),
        }


_NOTHING = "Nothing was imported"


def meeting_outcomes(report: dict) -> dict:
    """What became of each meeting a job's import read (``ImportReport.meetings``), as the
    done pages list them: imported (linked) and refused (with the reason), apart."""
    meetings = [
        entry | {"date": datetime.date.fromisoformat(entry["date"])}
        for entry in report.get("meetings", [])
    ]
    return {
        "imported_meetings": [m for m in meetings if m["outcome"] == "imported"],
        "refused_meetings": [m for m in meetings if m["outcome"] == "refused"],
    }


def _can_check_again(job: ImportJob) -> bool:
    """Whether what the job read is still there to read again: its upload, or, for a job
    that reads a council's site, the address (read again from the start)."""
    if not job.token:
        return bool(job.options.get("base_url"))
    try:
        pending.pending_open(job.kind, job.token)
    except pending.PendingGone:
        return False
    return True
