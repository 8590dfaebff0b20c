"""Staff pages: bring in a published minutes page (upload or paste), check it, import it.

A scrutiny officer or clerk gives us an "Issue - meetings" page. The request only keeps it
in the imports' pending-upload store (``scrutiny.imports.pending``) and queues its check
in the background worker (``scrutiny.imports.job_queue``); the person is sent to the
job's page, which refreshes itself while the worker reads and plans the page and then
shows the preview: what the import would create and change (the same plan as the real
import, written nowhere), the figures the minutes state and whether the tracker agrees,
and any meeting that would be refused because its minutes are signed. Confirming queues
the import of exactly the page that was checked, once, and its page shows what was done.
Only a job's owner (and administrators) may open it; the session holds only the id of the
session's latest job, so a new upload can let the previous one go.
"""

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scrutiny.committees.models import Meeting
from scrutiny.core.forms import GovukForm, unmarked
from scrutiny.core.uploads import oversize_reason
from scrutiny.imports import pending
from scrutiny.imports.job_queue import job_check_upload
from scrutiny.imports.models import ImportJob
from scrutiny.imports.named_meetings import meetings_to_name
from scrutiny.people.permissions import can_import_records
from scrutiny.site.import_jobs import JobPages, meeting_outcomes
from scrutiny.site.staff.access import staff_page
from scrutiny.site.submission import SubmissionKeyField, new_key

SESSION_KEY = "record_imports_minutes"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.committee.name}, {obj.date:%-d %B %Y}"


class MinutesPageForm(GovukForm):
    page = unmarked(
        forms.FileField(
            label="Upload the saved page",
            required=False,
            help_text=(
                "The page saved from the council's website as text or HTML "
                "(UTF-8, UTF-16 or Windows-1252)."
            ),
            error_messages={
                "file_again": "Select the saved page again: a chosen file is not kept when "
                "the form has a problem",
            },
        )
    )
    text = unmarked(
        forms.CharField(
            label="Or paste the page's text",
            required=False,
            widget=forms.Textarea(attrs={"rows": 12}),
            help_text="Copy everything from the page's title to the last resolution.",
        )
    )
    meeting = unmarked(
        MeetingChoiceField(
            label="Which meeting it records (only if the page does not say)",
            queryset=Meeting.objects.none(),
            required=False,
            empty_label="The page says",
            help_text="An item's minutes saved on their own name no meeting: choose it here.",
        )
    )
    item = unmarked(
        forms.CharField(
            label="Item number (only if the page does not say)",
            required=False,
            max_length=20,
            help_text="As printed on the agenda, for example 27 or 5(a).",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        )
    )
    submission = SubmissionKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_to_name()

    def clean(self):
        cleaned = super().clean()
        page, text = cleaned.get("page"), (cleaned.get("text") or "").strip()
        if page is None and not text:
            self.add_error("page", "Upload the saved page or paste its text")
        elif page is not None and text:
            self.add_error("page", "Upload the saved page or paste its text, not both")
        elif page is not None and (reason := oversize_reason(page.size)):
            self.add_error("page", reason)
        elif page is None and (reason := oversize_reason(len(text.encode()))):
            self.add_error("text", reason)
        return cleaned

    def named(self) -> dict:
        """The meeting and item the officer named, as the job's options keep them."""
        meeting = self.cleaned_data.get("meeting")
        return {
            "meeting_date": meeting.date.isoformat() if meeting else "",
            "committee": meeting.committee.name if meeting else "",
            "item": " ".join((self.cleaned_data.get("item") or "").split()),
        }

    def content(self) -> tuple[str, bytes]:
        """(field, bytes) of whichever was given; pasted text is kept as UTF-8, which the
        parser reads exactly as it read the text."""
        page = self.cleaned_data.get("page")
        if page is not None:
            return "page", page.read()
        return "text", self.cleaned_data["text"].encode("utf-8")


def _shown(result: dict) -> dict:
    """The job's JSON result as the templates read it (dates as dates)."""
    items = [
        item | {"date": datetime.date.fromisoformat(item["date"])}
        for item in result["issue"]["items"]
    ]
    return {
        "issue": result["issue"],
        "items": items,
        "report": result["report"],
        "comparison": result["comparison"],
        **meeting_outcomes(result["report"]),
    }


PAGES = JobPages(
    kind=ImportJob.Kind.MINUTES,
    namespace="record_imports",
    title="Import a minutes page",
    upload_noun="the page",
    session_key=SESSION_KEY,
    shown=_shown,
)


@staff_page(can_import_records)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """The form; on POST the page is kept and its check queued, and the person is sent to
    the job's page. ``?again=<job>`` gives back the text of a job that failed."""
    bound = request.method == "POST"
    initial = {} if bound else _given_again(request) | {"submission": new_key()}
    form = MinutesPageForm(
        request.POST if bound else None, request.FILES if bound else None, initial=initial
    )
    if bound and form.is_valid():
        given_as, data = form.content()
        job = job_check_upload(
            owner=request.user,
            kind=ImportJob.Kind.MINUTES,
            data=data,
            options={"given_as": given_as} | form.named(),
            replaces=PAGES.forget_previous(request),
            submission=form.cleaned_data["submission"],
        )
        PAGES.remember(request, job)
        return redirect("record_imports:job", job=job.pk)
    context = {"form": form, "breadcrumbs": PAGES.breadcrumbs()}
    return render(request, "site/record_imports/upload.html", context)


def _given_again(request: HttpRequest) -> dict:
    """The pasted text of the job named by ``?again=``, for the form to give back after a
    refusal; nothing when there is none, or it was a file (a browser cannot be given a
    file back: it is chosen again)."""
    found = PAGES.job_named(request, request.GET.get("again", ""))
    if found is None or found.options.get("given_as") != "text":
        return {}
    try:
        data = pending.pending_read_bytes(found.kind, found.token)
    except pending.PendingGone:
        return {}
    return {"text": data.decode("utf-8", errors="replace")}
