"""Who may follow an import job, and the ModernGov sync's runs. Whether someone may import
at all is their role's question (``people.permissions.can_import_records``); a job shows
what its owner uploaded, so only they see it, and administrators. The sync's runs read the
council's own site for the whole record, so everyone who may import sees them all."""

from scrutiny.imports.models import ImportJob, SyncRun
from scrutiny.people.permissions import can_import_records, fetch_or_404


def can_see_job(user, job: ImportJob) -> bool:
    return user.is_authenticated and (job.owner_id == user.pk or user.is_superuser)


def get_job_or_404(user, job_id, *, kind: str) -> ImportJob:
    """The job of that kind, if ``user`` may see it; else the same 404 as for no job."""
    return fetch_or_404(ImportJob.objects.filter(kind=kind), can_see_job, user, pk=job_id)


def can_see_sync_run(user, run: SyncRun) -> bool:
    return can_import_records(user)


def get_sync_run_or_404(user, run_id) -> SyncRun:
    """The run, if ``user`` may see the sync's runs; else the same 404 as for no run."""
    return fetch_or_404(SyncRun.objects.all(), can_see_sync_run, user, pk=run_id)
