"""Why a spreadsheet cannot be imported, and where the problem is."""


class SpreadsheetRefused(Exception):
    """The file, a sheet, the column mapping or the import as a whole was refused.

    `place` says where ("the file", "sheet 'Tracker'", "row 7", "column mapping"), so
    every message can point the officer at the spot to fix."""

    def __init__(self, place: str, reason: str):
        super().__init__(f"{place}: {reason}")
        self.place = place
        self.reason = reason


class CellProblem(ValueError):
    """One cell's value cannot be used; the message is written to follow
    "row 7, column 'Target date': "."""
