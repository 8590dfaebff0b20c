"""The background worker's tasks: the one that runs an import job (``scrutiny.imports.jobs``),
and the ModernGov sync's (a run staff queued, and the daily run, which queues its next).

Whatever happens, the job ends done or failed with a message for the person importing: a
refusal says where and why (the record is unchanged), an upload no longer kept says so,
and an unexpected error says nothing was imported and is raised again, so the task's own
record and the log keep its traceback."""

from collections.abc import Callable
from dataclasses import dataclass

from django_tasks import task

from scrutiny.core.schedule import schedule_daily
from scrutiny.imports import pending
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.jobs import JobProgress, job_begin, job_fail, job_finish
from scrutiny.imports.minutes_job import minutes_check, minutes_import
from scrutiny.imports.models import ImportJob, SyncRun
from scrutiny.imports.moderngov_job import moderngov_check, moderngov_import, moderngov_refusal
from scrutiny.imports.sync import sync_claim, sync_run, sync_settings


@dataclass(frozen=True)
class Importer:
    """One kind's steps, and how its refusals read to the person importing."""

    check: Callable[[ImportJob, JobProgress], dict]
    run: Callable[[ImportJob, JobProgress], dict]
    refusal: Callable[[ImportRefused], str] = str


IMPORTERS = {
    ImportJob.Kind.MINUTES: Importer(check=minutes_check, run=minutes_import),
    ImportJob.Kind.MODERNGOV: Importer(
        check=moderngov_check, run=moderngov_import, refusal=moderngov_refusal
    ),
}
GONE = (
    "The upload is no longer kept on the server (uploads are kept for a day, and until "
    "they are imported or replaced). Nothing was imported: give it again."
)
UNEXPECTED = (
    "The import stopped on an unexpected error, which has been logged for the "
    "administrators. Nothing was imported."
)


@task()
def run_import_job(job_id: str) -> str:
    """Run one queued job; returns the state it ended in ("" when it was not queued)."""
    job = job_begin(job_id)
    if job is None:
        return ""
    importer = IMPORTERS[job.kind]
    step = importer.check if job.step == ImportJob.Step.CHECK else importer.run
    try:
        result = step(job, JobProgress(job))
    except ImportRefused as error:
        job_fail(job, importer.refusal(error))
    except pending.PendingGone:
        job_fail(job, GONE)
    except Exception:
        job_fail(job, UNEXPECTED)
        raise
    else:
        job_finish(job, result)
    return job.state


@task()
def run_sync(run_id: int) -> str:
    """Run one queued ModernGov sync (``imports.sync``); returns the state it ended in."""
    return sync_run(run_id)


@task()
def sync_daily() -> str:
    """The daily ModernGov sync: queue tomorrow's first, then run today's here, unless one
    is already queued or under way (staff ran it a moment ago). Switched off (no
    SCRUTINY_MODERNGOV_SYNC_URL), it does nothing and queues nothing."""
    config = sync_settings()
    if not config.enabled:
        return ""
    schedule_daily(sync_daily, config.run_at)
    run, new = sync_claim(trigger=SyncRun.Trigger.SCHEDULE)
    return sync_run(run.pk) if new else ""


def schedule_sync(**kwargs) -> None:
    """Make sure the daily sync is queued when it is switched on: when the worker starts
    (``core.worker.worker_starting``), as the reminders do."""
    config = sync_settings()
    if config.enabled:
        schedule_daily(sync_daily, config.run_at)
