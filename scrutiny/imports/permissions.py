"""Who may follow an import job. Whether someone may import at all is their role's
question (``people.permissions.can_import_records``); a job shows what its owner uploaded,
so only they see it, and administrators."""

from scrutiny.imports.models import ImportJob
from scrutiny.people.permissions import fetch_or_404


def can_see_job(user, job: ImportJob) -> bool:
    return user.is_authenticated and (job.owner_id == user.pk or user.is_superuser)


def get_job_or_404(user, job_id, *, kind: str) -> ImportJob:
    """The job of that kind, if ``user`` may see it; else the same 404 as for no job."""
    return fetch_or_404(ImportJob.objects.filter(kind=kind), can_see_job, user, pk=job_id)
