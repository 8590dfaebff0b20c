"""Staff pages: bring in meetings from a council's ModernGov web service, check, import.

A scrutiny officer or clerk uploads the web service's saved answers (a ZIP of
GetCommittees.xml, GetMeetings_<id>.xml and GetMeeting_<id>.xml, or the files
themselves), or gives the address of the council's ModernGov site and a date range. The
request checks the form and the upload (its size, a ZIP's safety, the answers' names) and
keeps the answers in the imports' pending-upload store; everything else is done in the
background worker (``scrutiny.imports.moderngov_job``): reading the site, reading the
answers, and the check that shows what the import would create and change (the same plan
as the real import, written nowhere), each meeting it read, and any meeting it would
refuse. The person follows the job on its page. Confirming queues the import of exactly
what was checked, once; only a job's owner (and administrators) may open it, and the
session holds only the id of its latest job.
"""

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scrutiny.core import outbound
from scrutiny.core.forms import GovukForm, unmarked
from scrutiny.core.uploads import oversize_reason
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.job_queue import job_check_kept, job_submitted
from scrutiny.imports.models import ImportJob
from scrutiny.imports.moderngov_job import moderngov_refusal, read_options
from scrutiny.imports.moderngov_saved import save_upload
from scrutiny.people.permissions import can_import_records
from scrutiny.site.forms import GovukDateField
from scrutiny.site.import_jobs import JobPages, meeting_outcomes
from scrutiny.site.staff.access import staff_page
from scrutiny.site.submission import SubmissionKeyField, new_key

SESSION_KEY = "record_imports_moderngov"
COMMITTEE_ID = r"^[A-Za-z0-9_-]{1,40}$"


class SavedAnswersInput(forms.FileInput):
    allow_multiple_selected = True


class SavedAnswersField(forms.FileField):
    """One ZIP file or several XML files; cleans to a list of uploaded files."""

    widget = SavedAnswersInput(attrs={"multiple": True, "accept": ".zip,.xml"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(SavedAnswersField, self).clean(file, initial) for file in files]


class ModernGovForm(GovukForm):
    saved = unmarked(
        SavedAnswersField(
            label="Upload the saved answers",
            required=False,
            error_messages={
                "file_again": "Select the saved answers again: chosen files are not kept when "
                "the form has a problem",
            },
            help_text=(
                "A ZIP file of the XML files saved from the council's ModernGov web service, or "
                "the XML files themselves: GetCommittees.xml, GetMeetings_123.xml for committee "
                "123 and GetMeeting_4567.xml for meeting 4567."
            ),
        )
    )
    base_url = unmarked(
        forms.CharField(
            label="Or the address of the council's ModernGov site",
            required=False,
            help_text="For example, https://democracy.example.gov.uk. Give the dates below.",
        )
    )
    from_date = unmarked(
        GovukDateField(label="Meetings from", required=False, help_text="For example, 1 4 2024")
    )
    to_date = unmarked(
        GovukDateField(label="Meetings up to", required=False, help_text="For example, 31 3 2025")
    )
    committee = forms.RegexField(
        COMMITTEE_ID,
        label="ModernGov committee id",
        required=False,
        help_text="Only this committee's meetings, for example 123.",
        error_messages={"invalid": "Enter the committee id as ModernGov gives it, like 123"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    submission = SubmissionKeyField()

    fetch_documents = forms.BooleanField(
        label="Also fetch each document's file into the tracker",
        required=False,
        help_text=(
            "After the import, the worker fetches every paper from the council's site (only "
            "from the allowed ModernGov sites) and keeps a copy with its size and checksum. "
            "Without it, the public pages link to the council's copy."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        files, base_url = cleaned.get("saved") or [], (cleaned.get("base_url") or "").strip()
        first, last = cleaned.get("from_date"), cleaned.get("to_date")
        if not files and not base_url and "saved" not in self.errors:
            self.add_error("saved", "Upload the saved answers or give the site's address")
        elif files and base_url:
            self.add_error("saved", "Upload the saved answers or give the site's address, not both")
        elif reason := oversize_reason(sum(file.size for file in files), several=len(files) > 1):
            self.add_error("saved", reason)
        if base_url and not files:
            self._check_site_allowed(base_url)
        if base_url and not files and not (first and last) and not self.has_error("from_date"):
            self.add_error("from_date", "Enter both dates to read meetings from the site")
        if first and last and first > last:
            self.add_error("to_date", "Meetings up to must be the same as or after meetings from")
        cleaned["base_url"] = base_url
        return cleaned

    def _check_site_allowed(self, base_url: str) -> None:
        """The server fetches what staff type here, so only the council's own ModernGov
        sites (host and port), named by an administrator, may be read from this page."""
        allowed = outbound.configured_sites()
        if not allowed:
            self.add_error(
                "base_url",
                "Reading a ModernGov site from this page is switched off. Upload the saved "
                "answers, or ask an administrator to run the import_moderngov command",
            )
        elif not outbound.is_allowed_site(base_url, allowed):
            self.add_error(
                "base_url",
                f"This installation reads only from {', '.join(allowed)}. Ask an "
                "administrator to add another site to SCRUTINY_MODERNGOV_SITES",
            )


def _shown(result: dict) -> dict:
    """The job's JSON result as the templates read it (dates as dates)."""
    meetings = [
        meeting | {"date": datetime.date.fromisoformat(meeting["date"])}
        for meeting in result["meetings"]
    ]
    return {
        "source": result["source"],
        "notes": result["notes"],
        "report": result["report"],
        "meetings": meetings,
        **meeting_outcomes(result["report"]),
        "documents": result.get("documents"),
    }


PAGES = JobPages(
    kind=ImportJob.Kind.MODERNGOV,
    namespace="moderngov_imports",
    title="Import from ModernGov",
    upload_noun="the answers",
    session_key=SESSION_KEY,
    shown=_shown,
)


@staff_page(can_import_records)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """The form; on POST the answers are kept (or the site's address noted) and their
    check queued, and the person is sent to the job's page. ``?again=<job>`` gives back
    the address, dates and committee of a job that failed."""
    bound = request.method == "POST"
    initial = {} if bound else _given_again(request) | {"submission": new_key()}
    form = ModernGovForm(
        request.POST if bound else None, request.FILES if bound else None, initial=initial
    )
    if bound and form.is_valid():
        data = form.cleaned_data
        already = job_submitted(
            owner=request.user, kind=ImportJob.Kind.MODERNGOV, submission=data["submission"]
        )
        if already is not None:  # the same form sent again: follow the job it queued
            return redirect("moderngov_imports:job", job=already.pk)
        try:
            saved = (
                save_upload([(file.name, file, file.size) for file in data["saved"]])
                if data["saved"]
                else None
            )
        except ImportRefused as error:
            form.add_error(_field_for(error, data), moderngov_refusal(error))
        else:
            job = job_check_kept(
                owner=request.user,
                kind=ImportJob.Kind.MODERNGOV,
                token=saved.token if saved else "",
                options=_storable(data) | {"skipped": saved.skipped if saved else []},
                replaces=PAGES.forget_previous(request),
                submission=data["submission"],
            )
            PAGES.remember(request, job)
            return redirect("moderngov_imports:job", job=job.pk)
    context = {"form": form, "breadcrumbs": PAGES.breadcrumbs()}
    return render(request, "site/moderngov_imports/upload.html", context)


def _given_again(request: HttpRequest) -> dict:
    """The address, dates and committee of the job named by ``?again=``, for the form to
    give back (files cannot be given back to a browser: they are chosen again)."""
    found = PAGES.job_named(request, request.GET.get("again", ""))
    if found is None:
        return {}
    options = read_options(found.options)
    return {
        "base_url": options["base_url"],
        "from_date": options["from_date"],
        "to_date": options["to_date"],
        "committee": options["committee_id"],
        "fetch_documents": bool(found.options.get("fetch_documents")),
    }


def _storable(data: dict) -> dict:
    """The job's options are JSON: dates as ISO strings; ``source`` names what was given."""
    return {
        "from_date": data["from_date"].isoformat() if data["from_date"] else "",
        "to_date": data["to_date"].isoformat() if data["to_date"] else "",
        "committee": data["committee"],
        "base_url": data["base_url"],
        "fetch_documents": bool(data.get("fetch_documents")),
        "source": data["base_url"] or ", ".join(file.name for file in data["saved"]),
    }


def _field_for(error: ImportRefused, data: dict) -> str:
    if error.place == "--committee":
        return "committee"
    return "saved" if data["saved"] else "base_url"
