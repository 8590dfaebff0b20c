"""The ModernGov companion sync, as the background worker runs it: read the council's
ModernGov site for the meetings of the committees it follows, and import the new and
changed ones, keeping a log of each run (``imports.SyncRun``).

ModernGov's web service says nothing of what changed when, so each run reads every
meeting from a window's first day onwards (``sync_from_date``: ``SCRUTINY_MODERNGOV_SYNC_DAYS``
before the day the last completed run started, or before today for the first, so a run
missed while the worker was down is caught up) and the importer, which is idempotent,
writes only what differs from the record: a meeting read again unchanged is counted
unchanged and nothing of it is written. Everything is read before anything is written; an
answer that cannot be read fails the run and imports nothing. Signed minutes are never
changed: the importer refuses a signed meeting the source has changed, alone, and the run
logs the refusal and imports the rest.

The reading and writing are the ModernGov import's own (``moderngov_client.HttpSource``
through the one outbound fetcher, ``moderngov_walk.read_moderngov`` and
``writers.RecordImporter``); the run's state and progress are an import job's
(``imports.jobs``), so its page follows it the same way. Queuing a run is
``imports.sync_queue``'s."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from scrutiny.core import outbound
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.jobs import JobProgress, job_begin, job_status
from scrutiny.imports.models import SyncRun
from scrutiny.imports.moderngov_client import HttpSource, ModernGovSource
from scrutiny.imports.moderngov_job import moderngov_refusal
from scrutiny.imports.moderngov_walk import read_moderngov
from scrutiny.imports.records import ImportedMeeting
from scrutiny.imports.report import ImportReport
from scrutiny.imports.writers import RecordImporter

State = SyncRun.State
Outcome = SyncRun.Outcome
SOURCE = "ModernGov sync"
UNEXPECTED = (
    "The sync stopped on an unexpected error, which has been logged for the administrators. "
    "Nothing was imported."
)
STOPPED = (
    "The background worker stopped while this run was under way (it said nothing for too "
    "long). What it was importing was undone with its transaction."
)
NOT_SET_UP = (
    "The sync is not set up: an administrator sets SCRUTINY_MODERNGOV_SYNC_URL to the "
    "council's ModernGov site."
)


@dataclass(frozen=True)
class SyncSettings:
    """The sync's settings, read when each run starts."""

    site: str
    committees: tuple[str, ...]
    days: int
    run_at: str

    @property
    def enabled(self) -> bool:
        return bool(self.site)


def sync_settings() -> SyncSettings:
    committees = dict.fromkeys(settings.SCRUTINY_MODERNGOV_SYNC_COMMITTEES)  # in order, once
    return SyncSettings(
        site=settings.SCRUTINY_MODERNGOV_SYNC_URL,
        committees=tuple(committees),
        days=max(0, int(settings.SCRUTINY_MODERNGOV_SYNC_DAYS)),
        run_at=settings.SCRUTINY_MODERNGOV_SYNC_RUN_AT,
    )


def sync_problem(config: SyncSettings) -> str:
    """Why the sync cannot run with these settings, for the staff page and the run's log;
    "" when it can."""
    if not config.enabled:
        return NOT_SET_UP
    if not outbound.is_allowed_site(config.site, outbound.configured_sites()):
        return (
            "The sync's site (SCRUTINY_MODERNGOV_SYNC_URL) is not one of the ModernGov sites "
            "the server may read (SCRUTINY_MODERNGOV_SITES): an administrator adds it there."
        )
    return ""


def sync_from_date(*, today: datetime.date | None = None, days: int | None = None):
    """The first day a run reads meetings from: ``days`` before the day the last completed
    run started (before ``today`` when none has, or when that day is later)."""
    today = today or timezone.localdate()
    days = sync_settings().days if days is None else days
    last = (
        SyncRun.objects.filter(state=State.DONE, started_at__isnull=False)
        .order_by("-started_at")
        .first()
    )
    since = min(timezone.localdate(last.started_at), today) if last else today
    return since - datetime.timedelta(days=days)


def sync_in_flight() -> SyncRun | None:
    """The run queued or under way, if any (a run whose worker stopped is first ended)."""
    for run in SyncRun.objects.filter(in_flight=True):
        if job_status(run).stopped:
            _fail(run, STOPPED)
    return SyncRun.objects.filter(in_flight=True).first()


def sync_claim(
    *, trigger: str, actor=None, submission: str = "", queue=None
) -> tuple[SyncRun, bool]:
    """A new run to be done, and True; or, while one is queued or under way, that one and
    False: one run at a time, however many ask at once (the database holds at most one
    run in flight). ``queue`` is called with the new run inside the transaction that
    records it, so a run and its task are written together or not at all."""
    if (already := sync_in_flight()) is not None:
        return already, False
    config = sync_settings()
    try:
        with transaction.atomic():
            run = SyncRun.objects.create(
                trigger=trigger,
                submission=submission,
                requested_by=actor if actor is not None and actor.is_authenticated else None,
                site=config.site,
                committees=list(config.committees),
                from_date=sync_from_date(days=config.days),
            )
            if queue is not None:
                queue(run)
    except IntegrityError:  # another request recorded a run in flight meanwhile
        return SyncRun.objects.get(in_flight=True), False
    return run, True


class _CommitteesOnce:
    """The site's answers, with its committee list asked for once a run however many
    committees the sync follows."""

    def __init__(self, source: ModernGovSource) -> None:
        self.source = source
        self._committees: bytes | None = None

    def get_committees(self) -> bytes:
        if self._committees is None:
            self._committees = self.source.get_committees()
        return self._committees

    def get_meetings(self, **kwargs) -> bytes:
        return self.source.get_meetings(**kwargs)

    def get_meeting(self, **kwargs) -> bytes:
        return self.source.get_meeting(**kwargs)


def sync_run(run_id) -> str:
    """Run one queued sync (the worker's task); returns the state it ended in ("" when it
    was not queued: a run is taken once however often its task is delivered)."""
    run = job_begin(run_id, model=SyncRun)
    if run is None:
        return ""
    try:
        _sync(run, JobProgress(run))
    except ImportRefused as error:
        _fail(run, moderngov_refusal(error))
    except Exception:
        _fail(run, UNEXPECTED)
        raise
    return run.state


def _sync(run: SyncRun, progress: JobProgress) -> None:
    config = sync_settings()
    if problem := sync_problem(config):
        _fail(run, problem)
        return
    progress.stage("Reading the council's ModernGov site")
    meetings, warnings = _read(run, config, progress)
    progress.stage("Importing new and changed meetings", total=len(meetings))
    report = RecordImporter(source=SOURCE).import_meetings(meetings, progress=progress.count)
    _finish(run, report, warnings)


def _read(
    run: SyncRun, config: SyncSettings, progress: JobProgress
) -> tuple[list[ImportedMeeting], list[str]]:
    """Every meeting of the followed committees from the run's first day on, read before
    anything is written. A committee id the site does not list is a warning, not a
    failure: the other committees are still synced."""
    source = _CommitteesOnce(
        HttpSource(
            base_url=config.site,
            timeout=getattr(settings, "SCRUTINY_MODERNGOV_FETCH_TIMEOUT", 15.0),
            retries=2,
            delay=getattr(settings, "SCRUTINY_MODERNGOV_FETCH_DELAY", 1.0),
        )
    )
    meetings: list[ImportedMeeting] = []
    warnings: list[str] = []
    for committee in config.committees or ("",):
        try:
            read = read_moderngov(
                source=source,
                from_date=run.from_date,
                to_date=None,
                committee_id=committee,
                base_url=config.site,
                progress=progress.count,
            )
        except ImportRefused as error:
            if error.place != "--committee":
                raise
            warnings.append(f"The site lists no committee with id {committee}: it was skipped.")
            continue
        meetings += read.meetings
        warnings += read.notes
    return meetings, warnings


def _finish(run: SyncRun, report: ImportReport, warnings: list[str]) -> None:
    changes = [entry["change"] for entry in report.imported_meetings]
    counts = {
        "created": changes.count("created"),
        "updated": changes.count("updated"),
        "unchanged": changes.count("unchanged"),
        "refused": len(report.refused_meetings),
    }
    if counts["refused"]:
        outcome = Outcome.REFUSALS
    elif counts["created"] or counts["updated"]:
        outcome = Outcome.CHANGED
    else:
        outcome = Outcome.NOTHING_CHANGED
    left_out = [
        line
        for (word, status), line in zip(
            sorted(report.attendance_states, key=lambda pair: (pair[0], pair[1] or "")),
            report.attendance_lines(),
            strict=True,
        )
        if status is None
    ]
    _write(
        run,
        state=State.DONE,
        outcome=outcome,
        **counts,
        warnings=warnings + left_out,
        refusals=list(report.refusals),
        meetings=[dict(entry) for entry in report.meetings],
        report={"rows": report.rows(), "changed": report.changed},
        stage="",
        in_flight=None,
        finished_at=timezone.now(),
    )


def _fail(run: SyncRun, message: str) -> None:
    _write(
        run,
        state=State.FAILED,
        outcome=Outcome.FAILED,
        error=message,
        stage="",
        in_flight=None,
        finished_at=timezone.now(),
    )


def _write(run: SyncRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    SyncRun.objects.filter(pk=run.pk).update(**fields)
