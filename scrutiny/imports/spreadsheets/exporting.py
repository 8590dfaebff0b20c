"""A review's tracker as a spreadsheet (XLSX or CSV), in the columns the importer reads,
so a tracker exported, edited by the council and imported again loses nothing.

Dates are written as dd/mm/yyyy in CSV (as UK councils type them) and as real date cells
in XLSX. Text a spreadsheet would run as a formula is prefixed with a single quote
(OWASP's advice on CSV injection); the importer strips it again."""

import csv
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from scrutiny.imports.spreadsheets.fields import BY_KEY, EXPORT_ORDER
from scrutiny.imports.spreadsheets.values import DATE_FORMAT, RESPONSE_LABELS, neutralise
from scrutiny.reviews.models import Rag, Review
from scrutiny.reviews.selectors import recommendations_for_review

WIDTHS = {"text": 60, "action_taken": 60, "response_reason": 40, "extension_reason": 40,
          "closed_by": 45, "committee": 30, "directorate": 28, "owner": 22}  # fmt: skip


def tracker_rows(review: Review) -> list[dict]:
    """One dict per recommendation: field key → a value (text, number, date or None)."""
    rows = []
    recs = recommendations_for_review(review).select_related("closed_by__item__meeting__committee")
    for rec in recs:
        updates = sorted(rec.updates.all(), key=lambda u: (u.as_of, u.pk), reverse=True)
        extensions = sorted(rec.extensions.all(), key=lambda e: (e.created_at, e.pk))
        latest = updates[0] if updates else None
        rows.append(
            {
                "number": rec.number,
                "reference": rec.reference,
                "committee": review.committee.name,
                "agreed_on": rec.agreed_on,
                "directorate": rec.directorate.name if rec.directorate else "",
                "text": rec.text,
                "illustrative": "Yes" if rec.illustrative else "No",
                "owner": rec.owner.name if rec.owner else "",
                "response": RESPONSE_LABELS[rec.response],
                "response_reason": rec.response_reason,
                "response_received_on": rec.response_received_on,
                "action_taken": latest.narrative if latest else "",
                "action_taken_on": latest.as_of if latest else None,
                "status": rec.status.label,
                "proposed_status": rec.proposed_status.label if rec.proposed_status else "",
                "original_target_date": rec.original_target_date,
                "current_target_date": rec.current_target_date,
                "extension_reason": extensions[-1].reason if extensions else "",
                "completed_on": rec.completed_on,
                "closed_by": rec.closed_by.reference if rec.closed_by else "",
                "rag": Rag(rec.status.rag).label,
            }
        )
    return rows


def _text(value) -> str:
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


def tracker_csv(review: Review) -> bytes:
    """UTF-8 with a byte order mark, which tells Excel the encoding."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([BY_KEY[key].heading for key in EXPORT_ORDER])
    for row in tracker_rows(review):
        cells = []
        for key in EXPORT_ORDER:
            value = row[key]
            if isinstance(value, dt.date):
                cells.append(value.strftime(DATE_FORMAT))
            elif isinstance(value, str):
                cells.append(neutralise(value))
            else:
                cells.append("" if value is None else str(value))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8-sig")


def tracker_xlsx(review: Review) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tracker"
    sheet.append([BY_KEY[key].heading for key in EXPORT_ORDER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in tracker_rows(review):
        values = (row[key] for key in EXPORT_ORDER)
        sheet.append([_text(v) if isinstance(v, str) else v for v in values])
    for column, key in enumerate(EXPORT_ORDER, start=1):
        letter = get_column_letter(column)
        kind = BY_KEY[key].kind
        sheet.column_dimensions[letter].width = WIDTHS.get(key, 14 if kind == "date" else 16)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if kind == "date":
                cell.number_format = "dd/mm/yyyy"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
