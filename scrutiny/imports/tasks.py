"""The background worker's task that runs an import job (``scrutiny.imports.jobs``).

Whatever happens, the job ends done or failed with a message for the person importing: a
refusal says where and why (the record is unchanged), an upload no longer kept says so,
and an unexpected error says nothing was imported and is raised again, so the task's own
record and the log keep its traceback."""

from django_tasks import task

from scrutiny.imports import pending
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.jobs import JobProgress, job_begin, job_fail, job_finish
from scrutiny.imports.minutes_job import minutes_check, minutes_import
from scrutiny.imports.models import ImportJob

RUNNERS = {
    (ImportJob.Kind.MINUTES, ImportJob.Step.CHECK): minutes_check,
    (ImportJob.Kind.MINUTES, ImportJob.Step.IMPORT): minutes_import,
}
GONE = (
    "The upload is no longer kept on the server (uploads are kept for a day, and until "
    "they are imported or replaced). Nothing was imported: give the page again."
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
    try:
        result = RUNNERS[(job.kind, job.step)](job, JobProgress(job))
    except ImportRefused as error:
        job_fail(job, f"{error.place}: {error.reason}")
    except pending.PendingGone:
        job_fail(job, GONE)
    except Exception:
        job_fail(job, UNEXPECTED)
        raise
    else:
        job_finish(job, result)
    return job.state
