"""Staff pages of the ModernGov companion sync (``scrutiny.imports.sync``), for those who
may import records: how it is set up, its runs (the log: when each ran, what became of
the meetings it read), "Run it now", and one run's page, which follows a run under way
(refreshing itself, as an import job's page does) and then shows its log."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from scrutiny.core.errors import Refused
from scrutiny.core.forms import GovukForm
from scrutiny.core.schedule import queued
from scrutiny.imports.jobs import job_percent, job_status, stale_after
from scrutiny.imports.models import SyncRun
from scrutiny.imports.permissions import get_sync_run_or_404
from scrutiny.imports.sync import sync_in_flight, sync_problem, sync_settings
from scrutiny.imports.sync_queue import sync_request
from scrutiny.imports.tasks import sync_daily
from scrutiny.people.permissions import can_import_records
from scrutiny.site.import_jobs import REFRESH_SECONDS
from scrutiny.site.staff.access import staff_page
from scrutiny.site.submission import SubmissionKeyField, new_key

TITLE = "ModernGov sync"
RUNS_SHOWN = 50


class RunNowForm(GovukForm):
    """ "Run it now": a button, its one-time key, and what it asks for."""

    run = forms.ChoiceField(
        label="Run it now",
        choices=[("now", "now")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Press Run it now to run the sync",
            "invalid_choice": "Press Run it now to run the sync",
        },
    )
    submission = SubmissionKeyField()


def _breadcrumbs(current: str = "") -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [("Home", reverse("site:home"))]
    if not current:
        return [*crumbs, (TITLE, None)]
    return [*crumbs, (TITLE, reverse("moderngov_sync:runs")), (current, None)]


@staff_page(can_import_records)
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest) -> HttpResponse:
    """The sync's settings, the run under way, the latest runs and "Run it now". A POST
    queues a run (one at a time: while one is queued or running, that one is followed) and
    goes to its page; a POST that does not ask for a run changes nothing."""
    if request.method == "POST":
        form = RunNowForm(request.POST)
        if not form.is_valid():
            return redirect("moderngov_sync:runs")
        try:
            run, queued_now = sync_request(
                actor=request.user, submission=form.cleaned_data["submission"]
            )
        except Refused as error:
            messages.info(request, error.reason)
            return redirect("moderngov_sync:runs")
        if not queued_now:
            messages.info(request, "A run was already under way: this is it. No other was queued.")
        return redirect("moderngov_sync:run", run=run.pk)
    config = sync_settings()
    waiting = queued(sync_daily)
    context = {
        "config": config,
        "problem": sync_problem(config),
        "next_run": waiting.run_after if waiting is not None else None,
        "in_flight": sync_in_flight(),
        "runs": list(SyncRun.objects.select_related("requested_by")[:RUNS_SHOWN]),
        "form": RunNowForm(initial={"run": "now", "submission": new_key()}),
        "time_zone": settings.TIME_ZONE,
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, "site/moderngov_sync/runs.html", context)


@staff_page(can_import_records)
@require_GET
def run(request: HttpRequest, run: int) -> HttpResponse:
    """One run: its progress while it waits or runs (refreshing itself unless
    ``?updates=off``, WCAG 2.2.1), then its log."""
    found = get_sync_run_or_404(request.user, run)
    status = job_status(found)
    updating = not status.finished and request.GET.get("updates") != "off"
    context = {
        "run": found,
        "status": status,
        "refresh": REFRESH_SECONDS if updating else 0,
        "percent": job_percent(found),
        "stale_minutes": int(stale_after().total_seconds() // 60),
        "run_url": reverse("moderngov_sync:run", kwargs={"run": found.pk}),
        "meetings": _meetings(found),
        "breadcrumbs": _breadcrumbs(
            f"Run of {timezone.localtime(found.created_at):%-d %B %Y, %H:%M}"
        ),
    }
    return render(request, "site/moderngov_sync/run.html", context)


CHANGES = {"created": "New", "updated": "Updated", "unchanged": "Unchanged"}


def _meetings(run: SyncRun) -> list[dict]:
    """Each meeting the run read, as its page lists it: the date as a date, and what
    became of it in words."""
    return [
        entry
        | {
            "date": datetime.date.fromisoformat(entry["date"]),
            "what": "Refused" if entry["outcome"] == "refused" else CHANGES[entry["change"]],
        }
        for entry in run.meetings
    ]
