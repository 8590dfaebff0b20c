"""Turning an uploaded file (XLSX or CSV) into a table: its column headings and its rows,
each with the row number the officer sees in their spreadsheet.

Any file at all either reads as a table or is refused with a place and a reason: a
council's tracker may be damaged, password-protected or simply the wrong file."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from scrutiny.core.uploads import UnsafeArchive, open_zip, oversize_reason
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused
from scrutiny.imports.spreadsheets.values import cell_text, is_blank

MAX_ROWS = 20_000
MAX_COLUMNS = 100
HEADER_SEARCH_ROWS = 30
MIN_KNOWN_HEADINGS = 3


@dataclass
class Table:
    headings: list[str]  # unique: blank headings become "Column F", repeats get " (2)"
    rows: list[tuple[int, list]]  # (row number in the sheet, one value per heading)
    file_format: str  # "xlsx" or "csv"
    sheet: str = ""
    header_row: int = 1
    notes: list[str] = field(default_factory=list)

    def place(self) -> str:
        return f"sheet '{self.sheet}'" if self.sheet else "the file"


def read_table(
    data: bytes, *, is_known_heading: Callable[[str], bool], filename: str = ""
) -> Table:
    if reason := oversize_reason(len(data)):
        raise SpreadsheetRefused("the file", f"{reason} Split the tracker")
    if not data.strip():
        raise SpreadsheetRefused("the file", "it is empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, is_known_heading)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetRefused(
            "the file",
            "it is an Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx) "
            "or as CSV and upload that",
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise SpreadsheetRefused("the file", "it is named .xlsx but is not an Excel workbook")
    return _read_csv(data, is_known_heading)


def _read_xlsx(data: bytes, is_known_heading) -> Table:
    # openpyxl reads some parts whole (shared strings, styles): its archive's directory is
    # checked first, as every upload's is.
    try:
        open_zip(io.BytesIO(data)).close()
    except UnsafeArchive as unsafe:
        raise SpreadsheetRefused("the file", unsafe.reason) from None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # (NotImplementedError: a damaged header asking for a zip version or method that
        # Python does not read.)
        pass  # openpyxl says below why it cannot be read
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise SpreadsheetRefused(
            "the file", "it is not a readable Excel workbook: the file is damaged or incomplete"
        ) from None
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise SpreadsheetRefused(
            "the file", f"it is not a readable Excel workbook ({type(error).__name__})"
        ) from None
    try:
        names = list(workbook.sheetnames)
        for name in names:
            place = f"sheet '{name}'"
            try:
                rows = _limited(workbook[name].iter_rows(values_only=True), place)
                table = _table_from_rows(rows, is_known_heading, "xlsx", name)
            except SpreadsheetRefused:
                raise
            except Exception as error:
                raise SpreadsheetRefused(
                    place, f"it could not be read ({type(error).__name__}); the file is damaged"
                ) from None
            if table is not None:
                return table
    finally:
        workbook.close()
    raise SpreadsheetRefused(
        "the file", f"no sheet has a row of column headings we know ({_examples()})"
    )


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetRefused(
            "the file", "it is neither UTF-8 nor Windows-1252 text, nor an Excel workbook"
        ) from None
    note = (
        "The file is not UTF-8, so it was read as Windows-1252 (Western European) text: "
        "check that names and symbols such as £ look right."
    )
    return text, [note]


def _read_csv(data: bytes, is_known_heading) -> Table:
    try:
        text, notes = _decode(data)
    except UnicodeDecodeError:
        raise SpreadsheetRefused("the file", "its text encoding is damaged") from None
    if "\x00" in text:
        raise SpreadsheetRefused("the file", "it is not a CSV or Excel file (it holds binary data)")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _limited(reader, "the file")
        table = _table_from_rows(rows, is_known_heading, "csv", "")
    except csv.Error as error:
        raise SpreadsheetRefused(
            f"line {reader.line_num}", f"it is not valid CSV ({error})"
        ) from None
    if table is None:
        raise SpreadsheetRefused(
            "the file", f"none of its first {HEADER_SEARCH_ROWS} rows has column headings we "
            f"know ({_examples()})",
        )  # fmt: skip
    table.notes.extend(notes)
    if delimiter != ",":
        table.notes.append(f"Columns are separated by {_DELIMITER_NAMES[delimiter]}.")
    return table


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _examples() -> str:
    return "such as Ref, Recommendation, Lead officer, Status and Target date"


def _limited(rows: Iterable, place: str) -> Iterable[list]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise SpreadsheetRefused(place, f"it has more than {MAX_ROWS:,} rows; split it")
        yield list(row)


def _table_from_rows(rows: Iterable[list], is_known_heading, file_format: str, sheet: str):
    """Find the heading row (the first with three or more headings we know), then take
    every non-blank row after it."""
    header, header_row, body = None, 0, []
    for number, row in enumerate(rows, start=1):
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                return None
            known = sum(
                1 for cell in row if not is_blank(cell) and is_known_heading(cell_text(cell))
            )
            if known >= MIN_KNOWN_HEADINGS:
                header, header_row = row, number
            continue
        if any(not is_blank(cell) for cell in row):
            body.append((number, row))
    if header is None:
        return None
    width = _width(header, body)
    if width > MAX_COLUMNS:
        raise SpreadsheetRefused(
            f"sheet '{sheet}'" if sheet else "the file",
            f"it has more than {MAX_COLUMNS} columns",
        )
    headings = _unique_headings([*header, *[None] * (width - len(header))][:width])
    rows_out = [(number, [*row, *[None] * (width - len(row))][:width]) for number, row in body]
    return Table(headings, rows_out, file_format, sheet, header_row)


def _width(header: list, body: list) -> int:
    used = [i + 1 for i, cell in enumerate(header) if not is_blank(cell)]
    for _, row in body:
        used.extend(i + 1 for i, cell in enumerate(row) if not is_blank(cell))
    return max(used, default=0)


def _unique_headings(cells: list) -> list[str]:
    headings: list[str] = []
    for index, cell in enumerate(cells, start=1):
        heading = " ".join(cell_text(cell).split()) or f"Column {get_column_letter(index)}"
        candidate, repeat = heading, 2
        while candidate in headings:
            candidate, repeat = f"{heading} ({repeat})", repeat + 1
        headings.append(candidate)
    return headings
