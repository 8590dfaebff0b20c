"""Staff pages for spreadsheet trackers: upload → map the columns → preview every row →
import; and the export of any review's tracker.

The uploaded file waits between steps in the imports' one pending-upload store
(`scrutiny.imports.pending`); the session holds only its token and the officer's
choices."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from scrutiny.imports import pending
from scrutiny.imports.spreadsheets.exporting import tracker_csv, tracker_xlsx
from scrutiny.imports.spreadsheets.forms import ConfirmForm, MappingForm, UploadForm
from scrutiny.imports.spreadsheets.mapping import mapping_for, mapping_save
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.tracker import read_tracker, tracker_import, tracker_preview
from scrutiny.imports.spreadsheets.values import cell_text
from scrutiny.people.permissions import can_import_trackers
from scrutiny.reviews.models import Review
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.views.common import posted, uploaded

SESSION_KEY = "tracker_import"
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _crumbs(*extra) -> list:
    return [("Imports", reverse("imports:upload")), *extra]


def _state(request: HttpRequest) -> dict:
    state = request.session.get(SESSION_KEY)
    if not state:
        raise Http404("No tracker is being imported: upload one first.")
    return state


def _forget(request: HttpRequest) -> None:
    state = request.session.pop(SESSION_KEY, None)
    if state:
        pending.pending_delete(pending.TRACKER, state["token"])


@staff_page(can_import_trackers)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["tracker"]
        data = upload.read()
        try:
            read_tracker(data, upload.name)
        except SpreadsheetRefused as refusal:
            form.add_error("tracker", f"The tracker cannot be read: {refusal}")
        else:
            _forget(request)
            request.session[SESSION_KEY] = {
                "token": pending.pending_keep_bytes(pending.TRACKER, data),
                "filename": upload.name[:200],
                "review": form.cleaned_data["review"].pk,
                "create_missing": form.cleaned_data["create_missing"],
            }
            return redirect("imports:mapping")
    reviews = Review.objects.select_related("committee").order_by("title")
    context = {"form": form, "reviews": reviews, "breadcrumbs": _crumbs()}
    return render(request, "site/imports/upload.html", context)


def _stored(request: HttpRequest) -> tuple[dict, bytes, Review]:
    state = _state(request)
    try:
        data = pending.pending_read_bytes(pending.TRACKER, state["token"])
    except pending.PendingGone:
        request.session.pop(SESSION_KEY, None)
        raise Http404("The uploaded tracker has expired: upload it again.") from None
    review = get_object_or_404(Review, pk=state["review"])
    return state, data, review


@staff_page(can_import_trackers)
def mapping(request: HttpRequest) -> HttpResponse:
    state, data, review = _stored(request)
    table = read_tracker(data, state["filename"])
    guessed, saved = mapping_for(table.headings)
    initial = {f"column_{i}": guessed.get(h, "") for i, h in enumerate(table.headings)}
    initial["name"] = saved.name if saved else state["filename"].rsplit(".", 1)[0][:120]
    form = MappingForm(posted(request), headings=table.headings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mapping_save(actor=request.user, name=form.cleaned_data["name"], mapping=form.mapping())
        except SpreadsheetRefused as refusal:
            form.add_error(None, f"{refusal.reason[:1].upper()}{refusal.reason[1:]}")
        else:
            state["mapping"] = form.mapping()
            request.session[SESSION_KEY] = state
            return redirect("imports:preview")
    first_row = table.rows[0][1] if table.rows else [None] * len(table.headings)
    context = {
        "form": form,
        "review": review,
        "table": table,
        "saved": saved,
        "columns": zip(form.column_fields(), [cell_text(c) for c in first_row], strict=True),
        "breadcrumbs": _crumbs(("Match the columns", None)),
    }
    return render(request, "site/imports/mapping.html", context)


@staff_page(can_import_trackers)
def preview(request: HttpRequest) -> HttpResponse:
    state, data, review = _stored(request)
    if "mapping" not in state:
        return redirect("imports:mapping")
    checked = tracker_preview(
        review=review,
        data=data,
        filename=state["filename"],
        mapping=state["mapping"],
        create_missing=state["create_missing"],
    )
    invalid = [(r.row, f"Row {r.row}") for r in checked.rows if not r.is_valid]
    form = ConfirmForm(request.POST if request.method == "POST" else None, invalid_rows=invalid)
    if request.method == "POST" and form.is_valid():
        try:
            result = tracker_import(
                actor=request.user, preview=checked, exclude=form.cleaned_data["exclude"]
            )
        except SpreadsheetRefused as refusal:
            form.add_error(None, f"Nothing was imported. {refusal.reason}")
        else:
            _forget(request)
            request.session["tracker_import_result"] = {**result.as_dict(), "review": review.pk}
            return redirect("imports:done")
    row_errors = [
        {"text": error, "href": f"#row-{row.row}"} for row in checked.rows for error in row.errors
    ]
    context = {
        "form": form,
        "review": review,
        "preview": checked,
        "counts": checked.counts(),
        "row_errors": row_errors,
        "filename": state["filename"],
        "breadcrumbs": _crumbs(("Check the rows", None)),
    }
    return render(request, "site/imports/preview.html", context)


@staff_page(can_import_trackers)
def done(request: HttpRequest) -> HttpResponse:
    result = request.session.get("tracker_import_result")
    if not result:
        return redirect("imports:upload")
    review = get_object_or_404(Review, pk=result["review"])
    context = {"result": result, "review": review, "breadcrumbs": _crumbs(("Imported", None))}
    return render(request, "site/imports/done.html", context)


@staff_page(can_import_trackers)
def cancel(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _forget(request)
    return redirect("imports:upload")


@require_GET
@staff_page(can_import_trackers)
def export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    if file_format not in EXPORT_TYPES:
        raise Http404("Export as xlsx or csv.")
    review = get_object_or_404(Review, slug=slug)
    data = tracker_xlsx(review) if file_format == "xlsx" else tracker_csv(review)
    response = HttpResponse(data, content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{review.slug}-tracker.{file_format}"'
    return response
