import pytest

from scrutiny.imports.spreadsheets.fields import is_known_heading
from scrutiny.imports.spreadsheets.reading import read_table
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from tests.imports.spreadsheets.conftest import (
    COUNCIL_B_HEADINGS,
    council_a_xlsx,
    council_b_csv,
    council_b_rows,
    csv_bytes,
    xlsx_bytes,
)


def read(data: bytes, filename: str = ""):
    return read_table(data, is_known_heading=is_known_heading, filename=filename)


def test_the_heading_row_is_found_below_a_title_and_rows_keep_their_sheet_numbers():
    table = read(council_a_xlsx())
    assert (table.file_format, table.sheet, table.header_row) == ("xlsx", "Tracker", 3)
    assert table.headings[:3] == ["Rec No", "Recommendation", "Lead Officer"]
    assert [number for number, _ in table.rows] == [4, 5, 6]


def test_windows_1252_csv_with_semicolons_is_read_with_a_note():
    table = read(council_b_csv())
    assert table.headings == COUNCIL_B_HEADINGS
    assert table.rows[1][1][3] == "That council tax bills explain £ charges."
    assert any("Windows-1252" in note for note in table.notes)
    assert any("semicolons" in note for note in table.notes)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_csv_is_read_without_notes(encoding):
    table = read(csv_bytes(COUNCIL_B_HEADINGS, council_b_rows(), encoding=encoding))
    assert table.headings[0] == "Ref"  # no byte order mark left on the first heading
    assert table.rows[1][1][3] == "That council tax bills explain £ charges."
    assert table.notes == []


def test_tab_separated_text_is_read():
    table = read(csv_bytes(COUNCIL_B_HEADINGS, council_b_rows(), delimiter="\t"))
    assert table.rows[0][1][0] == "CSSC (23/24) 01"


def test_blank_and_repeated_headings_get_names_of_their_own():
    data = csv_bytes(["Ref", "Recommendation", "Status", "", "Status"], [["1", "x", "y", "z", "w"]])
    assert read(data).headings == ["Ref", "Recommendation", "Status", "Column D", "Status (2)"]


def test_blank_rows_are_skipped_and_short_rows_padded():
    data = b"Ref,Recommendation,Status\r\n,,\r\n1,Do it\r\n"
    table = read(data)
    assert table.rows == [(3, ["1", "Do it", None])]


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "", "it is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old.xls", "Excel 97-2003"),
        (b"PK\x03\x04broken", "t.xlsx", "not a readable Excel workbook"),
        (b"just,some,words\r\n1,2,3\r\n", "", "column headings we know"),
        (b"Ref,Status,Recommendation\x00", "", "binary data"),
        (b"plain text", "tracker.xlsx", "named .xlsx but is not an Excel workbook"),
        (b"\x81\x8d\x8f\x90\x9d", "", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unreadable_files_are_refused_naming_the_place(data, filename, reason):
    with pytest.raises(SpreadsheetRefused) as refused:
        read(data, filename)
    assert refused.value.place == "the file"
    assert reason in refused.value.reason


def test_a_workbook_whose_sheets_have_no_headings_is_refused():
    data = xlsx_bytes(["Who", "What", "When"], [["a", "b", "c"]])
    with pytest.raises(SpreadsheetRefused, match="no sheet has a row of column headings"):
        read(data)


def test_the_first_sheet_with_headings_is_used():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Read me first"])
    tracker = workbook.create_sheet("2024-25")
    tracker.append(["Ref", "Recommendation", "Status"])
    tracker.append(["R1", "Do it", "Done"])
    out = io.BytesIO()
    workbook.save(out)
    table = read(out.getvalue())
    assert (table.sheet, table.rows) == ("2024-25", [(2, ["R1", "Do it", "Done"])])
