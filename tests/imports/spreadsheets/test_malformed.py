"""Whatever is uploaded, the import never crashes and never half-writes: it reads the
file, or refuses it naming the place."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.tracker import tracker_import, tracker_preview
from tests.helpers import assert_database_unchanged
from tests.imports.spreadsheets.conftest import (
    COUNCIL_A_HEADINGS,
    COUNCIL_B_HEADINGS,
    council_a_xlsx,
    csv_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
CHECKS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PLACES = ("the file", "sheet '", "line ", "row ", "column mapping")


def preview_or_refusal(review, data: bytes, filename: str = ""):
    """Preview and import (excluding invalid rows) in a transaction that is then undone,
    so each example starts from the same database."""
    with transaction.atomic():
        try:
            preview = tracker_preview(review=review, data=data, filename=filename)
        except SpreadsheetRefused as refusal:
            assert refusal.place.startswith(PLACES), refusal.place
            assert refusal.reason
            transaction.set_rollback(True)
            return refusal
        for row in preview.rows:
            assert row.is_valid or all(e.startswith(f"row {row.row}") for e in row.errors)
        try:
            tracker_import(actor=None, preview=preview, exclude=preview.invalid_rows())
        except SpreadsheetRefused as refusal:  # rows the preview passed may still clash
            assert refusal.place.startswith("row ")
        transaction.set_rollback(True)
        return preview


@CHECKS
@given(data=st.binary(max_size=2000), filename=st.sampled_from(["", "t.csv", "t.xlsx"]))
def test_random_bytes_are_read_or_refused_with_a_place(review, data, filename):
    with assert_database_unchanged():
        preview_or_refusal(review, data, filename)


@CHECKS
@given(cut=st.integers(min_value=1, max_value=10_000))
def test_a_truncated_workbook_is_refused_as_damaged(review, cut):
    data = council_a_xlsx()
    with assert_database_unchanged():
        result = preview_or_refusal(review, data[: cut % len(data)])
    assert isinstance(result, SpreadsheetRefused)
    assert result.place == "the file"


@CHECKS
@given(position=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255))
def test_a_workbook_with_a_damaged_byte_is_read_or_refused(review, position, byte):
    data = bytearray(council_a_xlsx())
    data[position % len(data)] = byte
    with assert_database_unchanged():
        preview_or_refusal(review, bytes(data))


def test_a_workbook_asking_for_an_unknown_zip_version_is_refused(review):
    """A damaged byte can make a member ask for a zip version no reader knows (Python's
    zipfile raises NotImplementedError): refused as damaged, not an error."""
    data = bytearray(council_a_xlsx())
    at = data.find(b"PK\x01\x02")  # the first entry of the central directory
    data[at + 6 : at + 8] = (255).to_bytes(2, "little")  # "version needed": 25.5
    with assert_database_unchanged():
        result = preview_or_refusal(review, bytes(data))
    assert isinstance(result, SpreadsheetRefused) and result.place == "the file"


def test_a_workbook_missing_its_sheet_is_refused(review):
    source = zipfile.ZipFile(io.BytesIO(council_a_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for item in source.infolist():
            if "worksheets/" not in item.filename:
                damaged.writestr(item, source.read(item))
    with assert_database_unchanged(), pytest.raises(SpreadsheetRefused) as refused:
        tracker_preview(review=review, data=out.getvalue())
    assert refused.value.place in ("the file", "sheet 'Tracker'")


# Text a workbook can hold: no control characters other than tab and newlines.
XLSX_TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\t\n"), max_size=40
)
CELLS = st.one_of(
    st.none(),
    XLSX_TEXT,
    st.integers(min_value=-10, max_value=100_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.sampled_from(["Jo Smith", "Complete", "31/02/2024", "In progress", "=1+1", "Accepted"]),
)


@CHECKS
@given(rows=st.lists(st.lists(CELLS, min_size=9, max_size=9), max_size=8))
def test_random_cells_in_council_a_layout_never_crash_or_half_write(review, rows):
    with assert_database_unchanged():
        preview_or_refusal(review, xlsx_bytes(COUNCIL_A_HEADINGS, rows))


TEXT_CELLS = st.one_of(st.text(max_size=30), st.sampled_from(["1", "01/06/2024", "Agreed"]))


@CHECKS
@given(
    rows=st.lists(st.lists(TEXT_CELLS, min_size=0, max_size=12), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
# A reference whose only "digit" is a superscript once crashed the numbering.
@example(rows=[["SR ¹", "", "", "Do it", "Accepted", "", "", "", "", ""]], delimiter=",")
def test_random_cells_in_council_b_csv_never_crash_or_half_write(review, rows, delimiter):
    data = csv_bytes(COUNCIL_B_HEADINGS, rows, delimiter=delimiter)
    with assert_database_unchanged():
        preview_or_refusal(review, data)
