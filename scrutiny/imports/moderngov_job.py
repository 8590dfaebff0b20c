"""A ModernGov import as the background worker runs it: check (the preview) or import.

A check of a council's site first reads the site (through the one outbound fetcher, with
the page's deadline) into the pending store and records where on the job, so the import
confirmed later reads exactly what was checked, with nothing fetched again; a check of
uploaded answers reads what the request kept. Both read the answers as the command reads
``--files`` (``moderngov_saved.read_saved``), then plan or write them through
``RecordImporter``. The result is plain JSON, kept on the job for its page: the meetings
read, the notes on what was skipped, and the counts."""

import datetime

from django.conf import settings

from scrutiny.core import outbound
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.jobs import JobProgress, job_keep_token
from scrutiny.imports.models import ImportJob
from scrutiny.imports.moderngov_client import HttpSource
from scrutiny.imports.moderngov_documents import documents_to_fetch, fetch_documents
from scrutiny.imports.moderngov_saved import (
    RecordingSource,
    new_saved_answers,
    pending_delete,
    read_saved,
)
from scrutiny.imports.moderngov_walk import ModernGovRead, read_moderngov
from scrutiny.imports.report import ImportReport
from scrutiny.imports.writers import RecordImporter

SOURCE = "ModernGov"
# Places that name the whole input rather than a spot in it: the refusal reads as a
# sentence of its own.
WHOLE_INPUT = ("upload", "base URL", "--committee")
GONE = (
    "The answers are no longer kept on the server (they are kept for a day, and until they "
    "are imported or replaced). Nothing was imported: give them again."
)


def moderngov_check(job: ImportJob, progress: JobProgress) -> dict:
    """What importing the answers would do; writes nothing to the record."""
    if not job.token:
        _fetch(job, progress)
    read = _read(job, progress)
    progress.stage("Checking each meeting against the record", total=len(read.meetings))
    report = RecordImporter(actor=job.owner, source=SOURCE).import_meetings(
        read.meetings, dry_run=True, progress=progress.count
    )
    return _result(job, read, report)


def moderngov_import(job: ImportJob, progress: JobProgress) -> dict:
    """Import the answers that were checked, then let them go; then, when asked, fetch
    the imported documents' files (after the import has committed: a file the council's
    site fails to serve never undoes the import)."""
    read = _read(job, progress)
    progress.stage("Importing each meeting", total=len(read.meetings))
    report = RecordImporter(actor=job.owner, source=SOURCE).import_meetings(
        read.meetings, progress=progress.count
    )
    result = _result(job, read, report)
    pending_delete(job.token)
    if job.options.get("fetch_documents"):
        documents = documents_to_fetch(meeting_ids=[m.source_id for m in read.meetings])
        progress.stage("Fetching the documents from the council's site", total=len(documents))
        fetched = fetch_documents(
            documents=documents,
            sites=outbound.configured_sites(),
            actor=job.owner,
            progress=progress.count,
        )
        result["documents"] = fetched.as_dict()
    return result


def moderngov_refusal(error: ImportRefused) -> str:
    """The refusal as the person reads it: where, then why (where it is not obvious)."""
    if error.place == "token":
        return GONE
    if error.place in WHOLE_INPUT:
        return error.reason[:1].upper() + error.reason[1:]
    return f"{error.place}: {error.reason}"


def read_options(options: dict) -> dict:
    """The job's (or a form's) choices as ``read_moderngov`` takes them."""

    def day(value):
        if isinstance(value, str):
            return datetime.date.fromisoformat(value) if value else None
        return value

    return {
        "from_date": day(options.get("from_date")),
        "to_date": day(options.get("to_date")),
        "committee_id": options.get("committee") or "",
        "base_url": options.get("base_url") or "",
    }


def _fetch(job: ImportJob, progress: JobProgress) -> None:
    """Read the council's site into the pending store, and note where on the job."""
    progress.stage("Reading the council's ModernGov site")
    source = HttpSource(
        base_url=job.options["base_url"],
        timeout=getattr(settings, "SCRUTINY_MODERNGOV_FETCH_TIMEOUT", 15.0),
        retries=1,
        delay=getattr(settings, "SCRUTINY_MODERNGOV_FETCH_DELAY", 1.0),
    )
    saved = new_saved_answers()
    try:
        recording = RecordingSource(
            source=source,
            saved=saved,
            seconds=getattr(settings, "SCRUTINY_MODERNGOV_FETCH_SECONDS", 60.0),
        )
        read_moderngov(source=recording, **read_options(job.options))
    except BaseException:
        pending_delete(saved.token)
        raise
    job_keep_token(job, saved.token)


def _read(job: ImportJob, progress: JobProgress) -> ModernGovRead:
    progress.stage("Reading the answers")
    return read_saved(token=job.token, **read_options(job.options))


def _result(job: ImportJob, read: ModernGovRead, report: ImportReport) -> dict:
    skipped = job.options.get("skipped", [])
    return {
        "source": job.options.get("source", ""),
        "notes": read.notes + [f"{name} is not a ModernGov answer: skipped." for name in skipped],
        "meetings": [
            {
                "date": meeting.date.isoformat(),
                "committee": meeting.committee,
                "source_id": meeting.source_id,
                "items": len(meeting.items),
                "restricted": [
                    {"number": item.number, "title": item.title}
                    for item in meeting.items
                    if item.restricted
                ],
            }
            for meeting in read.meetings
        ],
        "report": report.as_dict() | {"rows": report.rows(), "changed": report.changed},
    }
