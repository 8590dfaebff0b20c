"""Putting import jobs in the background worker's queue: a new upload to check, a check
confirmed, a failed job tried again. The web request does only this: the upload waits in
the pending store (``scrutiny.imports.pending``) and the worker does the reading, planning
and writing (``scrutiny.imports.tasks``). Finished jobs are kept for ``KEEP_DAYS``."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from scrutiny.core.errors import Refused
from scrutiny.imports import pending
from scrutiny.imports.jobs import job_status
from scrutiny.imports.models import ImportJob
from scrutiny.imports.tasks import run_import_job

State = ImportJob.State
Step = ImportJob.Step
KEEP_DAYS = 30


def job_submitted(*, owner, kind: str, submission: str) -> ImportJob | None:
    """The job already queued from this sending of the upload form (its one-time key),
    if any: a form sent twice (a double click, the browser sending it again) queues one
    job, and the second sending is given the first's."""
    if not submission:
        return None
    return ImportJob.objects.filter(owner=owner, kind=kind, submission=submission).first()


def job_check_upload(
    *,
    owner,
    kind: str,
    data: bytes,
    options: dict | None = None,
    replaces: ImportJob | None = None,
    submission: str = "",
) -> ImportJob:
    """Keep the uploaded bytes and queue the check of them (the preview); the upload of
    the job it ``replaces`` (the same session's previous one) is let go. The same
    ``submission`` sent again gives the job it queued, and keeps nothing."""
    if (already := job_submitted(owner=owner, kind=kind, submission=submission)) is not None:
        return already
    token = pending.pending_keep_bytes(kind, data)
    return job_check_kept(
        owner=owner,
        kind=kind,
        token=token,
        options=options,
        replaces=replaces,
        submission=submission,
    )


def job_check_kept(
    *,
    owner,
    kind: str,
    token: str,
    options: dict | None = None,
    replaces: ImportJob | None = None,
    submission: str = "",
) -> ImportJob:
    """Queue the check of an upload already kept under ``token`` (or, with no token, of
    what the job itself reads, such as a council's site named in ``options``). The same
    ``submission`` sent again gives the job it queued: the upload kept for the second
    sending is let go, and so is nothing else."""
    if (already := job_submitted(owner=owner, kind=kind, submission=submission)) is not None:
        if token and token != already.token:
            pending.pending_delete(kind, token)
        return already
    if replaces is not None:
        job_discard(replaces)
    try:
        return _enqueue(
            owner=owner,
            kind=kind,
            step=Step.CHECK,
            token=token,
            options=options or {},
            submission=submission,
        )
    except IntegrityError:  # the same sending, queued by a request running beside this one
        if token:
            pending.pending_delete(kind, token)
        return ImportJob.objects.get(owner=owner, kind=kind, submission=submission)


def job_confirm(*, job: ImportJob, actor) -> ImportJob:
    """Queue the import of what ``job`` checked, once: confirming again (a second click, a
    second tab) gives the import already queued."""
    with transaction.atomic():
        check = ImportJob.objects.select_for_update().get(pk=job.pk)
        already = ImportJob.objects.filter(checked=check).first()
        if already is not None:
            return already
        if check.step != Step.CHECK or check.state != State.DONE:
            raise Refused("job", "Only a finished check can be imported.")
        return _enqueue(
            owner=actor,
            kind=check.kind,
            step=Step.IMPORT,
            token=check.token,
            options=check.options,
            checked=check,
        )


def job_retry(*, job: ImportJob, actor) -> ImportJob:
    """Check the same upload again after a job failed (its worker stopped, or the page was
    refused and the record has changed since): nothing has to be uploaded again."""
    if job_status(job).state != State.FAILED:
        raise Refused("job", "Only a failed import can be tried again.")
    return _enqueue(
        owner=actor, kind=job.kind, step=Step.CHECK, token=job.token, options=job.options
    )


def job_discard(job: ImportJob) -> None:
    """A new upload replaces this one: let its kept upload go, unless an import of it is
    queued or running."""
    importing = ImportJob.objects.filter(
        token=job.token, step=Step.IMPORT, state__in=(State.QUEUED, State.RUNNING)
    )
    if job.token and not importing.exists():
        pending.pending_delete(job.kind, job.token)


def job_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete finished jobs older than ``KEEP_DAYS`` (their results name what was
    uploaded; the record keeps its own audit of what an import wrote). Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    finished = ImportJob.objects.filter(created_at__lt=cutoff, state__in=(State.DONE, State.FAILED))
    deleted, _ = finished.delete()
    return deleted


def _enqueue(**fields) -> ImportJob:
    """The job and its task are written together, so neither is queued without the other;
    every new job first sweeps the old finished ones."""
    job_sweep()
    with transaction.atomic():
        job = ImportJob.objects.create(**fields)
        run_import_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job
