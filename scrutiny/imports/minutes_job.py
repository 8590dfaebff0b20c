"""A minutes page's import, as the background worker runs it: check (the preview) or
import, each from the page kept in the pending store.

Both read the page (``saved_pages.parse_saved_page``: a ModernGov or a CMIS page), plan
or write it through ``RecordImporter`` and compare the figures the minutes state with the
tracker's; the result is plain JSON, kept on the job for its page to show (the same summary
and counts the preview and the confirmation showed when they ran in the request)."""

import datetime

from scrutiny.imports import pending
from scrutiny.imports.jobs import JobProgress
from scrutiny.imports.minutes_page import NamedMeeting
from scrutiny.imports.models import ImportJob
from scrutiny.imports.records import ImportedIssue, item_json_dict
from scrutiny.imports.report import ImportReport
from scrutiny.imports.saved_pages import parse_saved_page
from scrutiny.imports.tracker_figures import compare_stated_figures
from scrutiny.imports.writers import RecordImporter

SOURCE = "the published page"


def minutes_check(job: ImportJob, progress: JobProgress) -> dict:
    """What importing the page would do; writes nothing."""
    issue = _read(job, progress)
    progress.stage("Checking each meeting against the record", total=len(issue.meetings))
    report = RecordImporter(actor=job.owner, source=SOURCE).import_issue(
        issue, dry_run=True, progress=progress.count
    )
    return _result(issue, report, progress)


def minutes_import(job: ImportJob, progress: JobProgress) -> dict:
    """Import the page that was checked, then let the kept upload go."""
    issue = _read(job, progress)
    progress.stage("Importing each meeting", total=len(issue.meetings))
    report = RecordImporter(actor=job.owner, source=SOURCE).import_issue(
        issue, progress=progress.count
    )
    result = _result(issue, report, progress)
    pending.pending_delete(pending.MINUTES, job.token)
    return result


def _read(job: ImportJob, progress: JobProgress) -> ImportedIssue:
    progress.stage("Reading the page")
    return parse_saved_page(
        content=pending.pending_read_bytes(pending.MINUTES, job.token), named=named_meeting(job)
    )


def named_meeting(job: ImportJob) -> NamedMeeting:
    """The meeting the officer named on the upload page, for a page that does not say."""
    options = job.options or {}
    date = options.get("meeting_date") or ""
    return NamedMeeting(
        date=datetime.date.fromisoformat(date) if date else None,
        committee=options.get("committee") or "",
        item=options.get("item") or "",
    )


def _result(issue: ImportedIssue, report: ImportReport, progress: JobProgress) -> dict:
    progress.stage("Comparing the stated figures with the tracker")
    comparison = compare_stated_figures(issue)
    return {
        "issue": {
            "title": issue.title,
            "kind": issue.kind,
            "warnings": list(issue.warnings),
            "committee": issue.committee,
            "states_figures": issue.stated_figures is not None,
            "items": [
                item_json_dict(meeting=meeting, item=item)
                for meeting in issue.meetings
                for item in meeting.items
            ],
        },
        "report": report.as_dict() | {"rows": report.rows()},
        "comparison": None
        if comparison is None
        else comparison.as_dict() | {"rows": [list(row) for row in comparison.rows()]},
    }
