"""The record of an import running in the background worker: its states, its progress,
and how it reads to the person following it.

A job is queued (``scrutiny.imports.job_queue``), started by the worker (``job_begin``:
queued to running, once), tells its page how far it has got (``JobProgress``), and ends
done with its result (``job_finish``) or failed with a message written for the person
importing (``job_fail``). ``job_status`` is what the page shows: a running job whose
worker has said nothing for ``SCRUTINY_IMPORT_JOB_STALE_SECONDS`` has stopped (the worker
died or was restarted), and reads as failed rather than running for ever.

Progress is written as the worker goes, on a connection of its own when the importer's
transaction is open (PostgreSQL), so the page sees it before the import commits; SQLite
allows one writer at a time, so there the count inside an import waits for its end.
"""

import datetime
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from scrutiny.imports.models import ImportJob, SyncRun

State = ImportJob.State


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.SCRUTINY_IMPORT_JOB_STALE_SECONDS))


# How a job reads ------------------------------------------------------------------------


@dataclass(frozen=True)
class JobStatus:
    """The job as its page shows it: ``state`` is the stored one unless the worker has
    stopped (then failed, with ``stopped`` set); ``waiting_long`` when no worker has taken
    a queued job for as long as a running one may stay silent."""

    state: str
    stopped: bool = False
    waiting_long: bool = False
    silent_since: datetime.datetime | None = None

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.FAILED)


def job_status(job: ImportJob | SyncRun, *, now: datetime.datetime | None = None) -> JobStatus:
    now = now or timezone.now()
    limit = stale_after()
    if job.state == State.RUNNING:
        last_word = job.heartbeat_at or job.started_at or job.created_at
        if now - last_word > limit:
            return JobStatus(state=State.FAILED, stopped=True, silent_since=last_word)
    if job.state == State.QUEUED and now - job.created_at > limit:
        return JobStatus(state=State.QUEUED, waiting_long=True, silent_since=job.created_at)
    return JobStatus(state=job.state)


def job_percent(job: ImportJob | SyncRun) -> int:
    """How far the current stage has got, in whole percent (0 with no count yet); never
    100 until every step is done."""
    if not job.steps_total:
        return 0
    done = min(job.steps_done, job.steps_total)
    return 100 if done == job.steps_total else done * 100 // job.steps_total


# The worker's side ----------------------------------------------------------------------


def job_begin(job_id, *, model: type[ImportJob | SyncRun] = ImportJob):
    """Mark a queued job (or sync run) running and return it; None when it is not queued
    (already taken, finished, or gone), so a job runs once however often its task is
    delivered."""
    now = timezone.now()
    taken = model.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now, stage="Starting"
    )
    return model.objects.get(pk=job_id) if taken else None


def job_keep_token(job: ImportJob, token: str) -> None:
    """What the job read from a council's site now waits in the pending store under
    ``token``: an import confirmed from this check reads it, and nothing is fetched again."""
    _write(job, token=token, heartbeat_at=timezone.now())


def job_finish(job: ImportJob, result: dict) -> None:
    _write(job, state=State.DONE, result=result, stage="", finished_at=timezone.now())


def job_fail(job: ImportJob, message: str) -> None:
    """``message`` is shown to the person importing, as it is."""
    _write(job, state=State.FAILED, error=message, stage="", finished_at=timezone.now())


class JobProgress:
    """What the worker tells the job's page as it goes: a stage ("Reading the page"), and
    how many of how many steps are done; each report is also a heartbeat. Anything with a
    job's progress fields can be followed this way (an ``ImportJob``, a ``SyncRun``)."""

    def __init__(self, job: ImportJob | SyncRun) -> None:
        self.job = job

    def stage(self, text: str, *, total: int = 0) -> None:
        """A new stage, between the importer's steps (no transaction of its own open)."""
        _write(self.job, stage=text, steps_done=0, steps_total=total, heartbeat_at=timezone.now())

    def count(self, done: int, total: int) -> None:
        """Steps done, reported from inside the importer (and its transaction)."""
        fields = {"steps_done": done, "steps_total": total, "heartbeat_at": timezone.now()}
        for name, value in fields.items():
            setattr(self.job, name, value)
        if not connection.in_atomic_block:
            _write(self.job, **fields)
        elif connection.vendor == "postgresql":
            _write_beside_transaction(self.job, fields)


def _write(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    type(job)._default_manager.filter(pk=job.pk).update(**fields)


def _write_beside_transaction(job, fields: dict) -> None:
    """Write on a connection of its own (Django gives each thread one), committed at
    once, so the page reads it while the importer's transaction is still open."""

    model, pk = type(job), job.pk

    def write() -> None:
        try:
            model._default_manager.filter(pk=pk).update(**fields)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write, name="import-job-progress")
    writer.start()
    writer.join()
