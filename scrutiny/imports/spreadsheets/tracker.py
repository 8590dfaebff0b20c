"""Importing a council's tracker into a review: preview every row first, then import
them all in one transaction, or nothing.

    preview = tracker_preview(review=review, data=data, filename="tracker.xlsx")
    result = tracker_import(actor=user, preview=preview, exclude=preview.invalid_rows())

The preview checks each row by applying it exactly as the import would, inside a
transaction that is always rolled back, so the rules the services enforce (a response
dated before the executive received the report, an extension to an earlier date) are
reported row by row before anything is kept."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from scrutiny.core.errors import Refused
from scrutiny.imports.models import ColumnMapping
from scrutiny.imports.spreadsheets.applying import ImportContext, apply_row
from scrutiny.imports.spreadsheets.fields import guess_field, normalise
from scrutiny.imports.spreadsheets.mapping import Mapping, check_mapping, mapping_for
from scrutiny.imports.spreadsheets.reading import Table, read_table
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.rows import Lookups, RowResult, parse_rows
from scrutiny.reviews.models import Review

# A service names the field it refused; this is the column that filled it.
REFUSED_FIELD_COLUMNS = {
    "received_on": "response_received_on",
    "reason": "response_reason",
    "to_date": "current_target_date",
    "resolution": "closed_by",
    "narrative": "action_taken",
}


@dataclass
class Preview:
    review: Review
    table: Table
    mapping: Mapping
    saved_mapping: ColumnMapping | None
    rows: list[RowResult]
    source: str
    create_missing: bool = False
    notes: list[str] = field(default_factory=list)

    def invalid_rows(self) -> list[int]:
        return [row.row for row in self.rows if not row.is_valid]

    def errors(self) -> list[str]:
        return [error for row in self.rows for error in row.errors]

    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows if row.is_valid)
        return {
            "create": counted["create"],
            "update": counted["update"],
            "unchanged": counted["unchanged"],
            "invalid": len(self.invalid_rows()),
        }

    def as_dict(self) -> dict:
        return {
            "review": self.review.slug,
            "source": self.source,
            "sheet": self.table.sheet,
            "header_row": self.table.header_row,
            "mapping": self.mapping,
            "saved_mapping": self.saved_mapping.name if self.saved_mapping else None,
            "notes": self.notes,
            "counts": self.counts(),
            "rows": [
                {"row": r.row, "action": r.action or "invalid", "errors": r.errors,
                 "notes": r.notes, "values": r.shown}
                for r in self.rows
            ],
        }  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    refused: int  # rows with errors the officer chose to leave out

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
        }


def _known_heading(saved_headings: set[str]) -> Callable[[str], bool]:
    return lambda heading: bool(guess_field(heading)) or normalise(heading) in saved_headings


def read_tracker(data: bytes, filename: str = "") -> Table:
    saved = {normalise(h) for m in ColumnMapping.objects.all() for h in m.columns}
    return read_table(data, is_known_heading=_known_heading(saved), filename=filename)


def _row_error(row: int, refusal: Refused, mapping: Mapping) -> str:
    key = REFUSED_FIELD_COLUMNS.get(refusal.field, refusal.field)
    heading = next((h for h, k in mapping.items() if k == key), "")
    reason = refusal.reason[:1].lower() + refusal.reason[1:]
    return f"row {row}, column '{heading}': {reason}" if heading else f"row {row}: {reason}"


def tracker_preview(
    *,
    review: Review,
    data: bytes,
    filename: str = "",
    mapping: Mapping | None = None,
    mapping_name: str = "",
    create_missing: bool = False,
) -> Preview:
    """Read, map and check every row; write nothing."""
    table = read_tracker(data, filename)
    saved = None
    if mapping is None:
        mapping, saved = mapping_for(table.headings, mapping_name)
    else:
        mapping = {h: mapping.get(h, "") for h in table.headings}
    check_mapping(mapping)
    lookups = Lookups(review, create_missing=create_missing)
    rows = parse_rows(table, mapping, lookups)
    source = filename or "an uploaded file"
    preview = Preview(review, table, mapping, saved, rows, source, create_missing, table.notes)
    with transaction.atomic():
        _apply(preview, rows=[r for r in rows if r.is_valid], actor=None, checking=True)
        transaction.set_rollback(True)
    return preview


def _apply(preview: Preview, *, rows: Iterable[RowResult], actor, checking: bool, progress=None):
    ctx = ImportContext(actor=actor, review=preview.review, source=preview.source)
    rows = list(rows)
    for done, row in enumerate(rows, start=1):
        try:
            with transaction.atomic():
                row.action = apply_row(ctx, row.values)
        except Refused as refusal:
            if not checking:
                raise SpreadsheetRefused(
                    f"row {row.row}", _row_error(row.row, refusal, preview.mapping)
                ) from None
            row.errors.append(_row_error(row.row, refusal, preview.mapping))
            row.action = ""
        else:
            row.notes.extend(n for n in ctx.notes if n not in row.notes)
        if progress is not None:
            progress(done, len(rows))


@transaction.atomic
def tracker_import(
    *,
    actor,
    preview: Preview,
    exclude: Iterable[int] = (),
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import every previewed row except those excluded, all or nothing. Rows with
    errors must be excluded explicitly: an officer decides to leave them out."""
    excluded = set(exclude)
    blocking = [row for row in preview.rows if not row.is_valid and row.row not in excluded]
    if blocking:
        first = blocking[0]
        raise SpreadsheetRefused(
            f"row {first.row}",
            f"{len(blocking)} row(s) have errors ({first.errors[0]}); fix them in the "
            "spreadsheet or exclude them from the import",
        )
    wanted = [row for row in preview.rows if row.row not in excluded]
    _apply(preview, rows=wanted, actor=actor, checking=False, progress=progress)
    counted = Counter(row.action for row in wanted)
    return ImportResult(
        created=counted["create"],
        updated=counted["update"],
        unchanged=counted["unchanged"],
        refused=len([row for row in preview.rows if row.row in excluded]),
    )
