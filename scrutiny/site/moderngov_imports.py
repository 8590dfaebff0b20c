"""Staff pages: bring in meetings from a council's ModernGov web service, preview, confirm.

A scrutiny officer or clerk uploads the web service's saved answers (a ZIP of
GetCommittees.xml, GetMeetings_<id>.xml and GetMeeting_<id>.xml, or the files
themselves), or gives the address of the council's ModernGov site and a date range. The
preview shows what the import would create and change (the same plan as the real import,
written nowhere), each meeting it read, and any meeting it would refuse. Confirming
imports exactly what was previewed: the answers wait on the server under a random token
that the session and the confirm form both carry (see ``moderngov_saved``), so nothing is
uploaded or fetched again and nothing else can be swapped in.
"""

import datetime

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from scrutiny.core import outbound
from scrutiny.core.uploads import oversize_reason
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.moderngov_client import HttpSource
from scrutiny.imports.moderngov_saved import (
    RecordingSource,
    SavedAnswers,
    new_saved_answers,
    pending_delete,
    read_saved,
    save_upload,
)
from scrutiny.imports.moderngov_walk import read_moderngov
from scrutiny.imports.pending import pending_token_matches
from scrutiny.imports.writers import RecordImporter
from scrutiny.people.permissions import can_import_records
from scrutiny.site.forms import GovukDateField
from scrutiny.site.staff.access import staff_page

SESSION_KEY = "record_imports_moderngov"
SOURCE = "ModernGov"
COMMITTEE_ID = r"^[A-Za-z0-9_-]{1,40}$"


class SavedAnswersInput(forms.FileInput):
    allow_multiple_selected = True


class SavedAnswersField(forms.FileField):
    """One ZIP file or several XML files; cleans to a list of uploaded files."""

    widget = SavedAnswersInput(attrs={"multiple": True, "accept": ".zip,.xml"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(SavedAnswersField, self).clean(file, initial) for file in files]


class ModernGovForm(forms.Form):
    saved = SavedAnswersField(
        label="Upload the saved answers",
        required=False,
        help_text=(
            "A ZIP file of the XML files saved from the council's ModernGov web service, or "
            "the XML files themselves: GetCommittees.xml, GetMeetings_123.xml for committee "
            "123 and GetMeeting_4567.xml for meeting 4567."
        ),
    )
    base_url = forms.CharField(
        label="Or the address of the council's ModernGov site",
        required=False,
        help_text="For example, https://democracy.example.gov.uk. Give the dates below.",
    )
    from_date = GovukDateField(
        label="Meetings from", required=False, help_text="For example, 1 4 2024"
    )
    to_date = GovukDateField(
        label="Meetings up to", required=False, help_text="For example, 31 3 2025"
    )
    committee = forms.RegexField(
        COMMITTEE_ID,
        label="ModernGov committee id (optional)",
        required=False,
        help_text="Only this committee's meetings, for example 123.",
        error_messages={"invalid": "Enter the committee id as ModernGov gives it, like 123"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
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


def _breadcrumbs(current: str = "") -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [("Home", reverse("site:home"))]
    if not current:
        return [*crumbs, ("Import from ModernGov", None)]
    upload_url = reverse("moderngov_imports:upload")
    return [*crumbs, ("Import from ModernGov", upload_url), (current, None)]


@staff_page(can_import_records)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """The form, and on POST the preview of what importing the answers would do."""
    bound = request.method == "POST"
    form = ModernGovForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        data = form.cleaned_data
        saved: SavedAnswers | None = None
        try:
            saved = _keep_answers(data)
            read = read_saved(token=saved.token, **_read_options(data))
            report = RecordImporter(actor=request.user, source=SOURCE).import_meetings(
                read.meetings, dry_run=True
            )
        except ImportRefused as error:
            if saved is not None:
                pending_delete(saved.token)
            form.add_error(_field_for(error, data), _message(error))
        else:
            _forget(request)
            request.session[SESSION_KEY] = {"token": saved.token} | _storable(data)
            context = {
                "meetings": [_meeting_row(meeting) for meeting in read.meetings],
                "notes": read.notes
                + [f"{name} is not a ModernGov answer: skipped." for name in saved.skipped],
                "report": report,
                "token": saved.token,
                "source": data["base_url"] or ", ".join(file.name for file in data["saved"]),
                "breadcrumbs": _breadcrumbs("Check the import"),
            }
            return render(request, "site/moderngov_imports/preview.html", context)
    context = {
        "form": form,
        "expired": request.method == "GET" and "expired" in request.GET,
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, "site/moderngov_imports/upload.html", context)


@staff_page(can_import_records)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import the answers that were previewed, once, and show what was done."""
    kept = request.session.get(SESSION_KEY) or {}
    if not pending_token_matches(kept.get("token", ""), request.POST.get("token", "")):
        return redirect(f"{reverse('moderngov_imports:upload')}?expired=1")
    del request.session[SESSION_KEY]
    try:
        read = read_saved(token=kept["token"], **_read_options(kept))
        report = RecordImporter(actor=request.user, source=SOURCE).import_meetings(read.meetings)
    except ImportRefused as error:
        if error.place == "token":
            return redirect(f"{reverse('moderngov_imports:upload')}?expired=1")
        context = {"message": _message(error), "breadcrumbs": _breadcrumbs("Import refused")}
        return render(request, "site/moderngov_imports/refused.html", context, status=422)
    finally:
        pending_delete(kept["token"])
    context = {
        "meetings": [_meeting_row(meeting) for meeting in read.meetings],
        "report": report,
        "breadcrumbs": _breadcrumbs("Import complete"),
    }
    return render(request, "site/moderngov_imports/done.html", context)


def _keep_answers(data: dict) -> SavedAnswers:
    """Keep the uploaded answers, or fetch them from the site and keep what it said."""
    if data["saved"]:
        return save_upload([(file.name, file, file.size) for file in data["saved"]])
    source = HttpSource(
        base_url=data["base_url"],
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
        read_moderngov(source=recording, **_read_options(data))
    except BaseException:
        pending_delete(saved.token)
        raise
    return saved


def _read_options(data: dict) -> dict:
    def day(value):
        if isinstance(value, str):
            return datetime.date.fromisoformat(value) if value else None
        return value

    return {
        "from_date": day(data.get("from_date")),
        "to_date": day(data.get("to_date")),
        "committee_id": data.get("committee") or "",
        "base_url": data.get("base_url") or "",
    }


def _storable(data: dict) -> dict:
    """Session data is JSON: dates as ISO strings."""
    return {
        "from_date": data["from_date"].isoformat() if data["from_date"] else "",
        "to_date": data["to_date"].isoformat() if data["to_date"] else "",
        "committee": data["committee"],
        "base_url": data["base_url"],
    }


def _forget(request: HttpRequest) -> None:
    """A new preview replaces an unconfirmed one: its answers are no longer needed."""
    previous = request.session.pop(SESSION_KEY, None)
    if previous:
        pending_delete(previous.get("token", ""))


def _field_for(error: ImportRefused, data: dict) -> str:
    if error.place == "--committee":
        return "committee"
    return "saved" if data["saved"] else "base_url"


def _message(error: ImportRefused) -> str:
    """The refusal as the person reads it: where, then why (where it is not obvious)."""
    if error.place in ("upload", "base URL", "--committee"):
        return error.reason[:1].upper() + error.reason[1:]
    return f"{error.place}: {error.reason}"


def _meeting_row(meeting) -> dict:
    return {
        "meeting": meeting,
        "items": len(meeting.items),
        "restricted": [item for item in meeting.items if item.restricted],
    }
