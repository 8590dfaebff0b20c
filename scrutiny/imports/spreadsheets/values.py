"""Reading one cell as the value a field needs, and writing text cells that a spreadsheet
will not run as a formula.

Every problem is a `CellProblem` whose message names the value and what would do
instead, written to follow "row 7, column 'Target date': "."""

import datetime as dt
import re

from scrutiny.imports.spreadsheets.fields import normalise
from scrutiny.imports.spreadsheets.refusals import CellProblem

# OWASP "CSV injection": a cell starting with one of these may run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "%d/%m/%Y"  # how the export writes dates in CSV, and the example we give
EXAMPLE_DATE = "31/03/2025"

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
}
MONTHS["sept"] = 9

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_WORDY_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")


def _looks_like_formula(text: str) -> bool:
    return text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'") != ""


def neutralise(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would run as a formula. Text that
    already starts with quotes before such a character gets one more, so reading it back
    with `unneutralise` always gives the original."""
    return f"'{text}" if _looks_like_formula(text) else text


def unneutralise(text: str) -> str:
    if text.startswith("'") and _looks_like_formula(text):
        return text[1:]
    return text


def cell_text(value) -> str:
    """Any cell as text: numbers without a needless ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime(DATE_FORMAT) if value.time() == dt.time() else str(value)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value) -> str:
    return unneutralise(cell_text(value))


def read_number(value) -> int:
    if isinstance(value, bool):
        raise CellProblem(f"{cell_text(value)} is not a whole number")
    if isinstance(value, int | float):
        number = value
    else:
        text = read_text(value).strip()
        try:
            number = float(text) if "." in text else int(text)
        except ValueError:
            raise CellProblem(f"'{text}' is not a whole number, such as 3") from None
    if isinstance(number, float) and not number.is_integer():
        raise CellProblem(f"{number} is not a whole number")
    if not 1 <= number <= 32767:
        raise CellProblem(f"{int(number)} is not a recommendation number (1 or more)")
    return int(number)


def _real_date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellProblem(f"{text} is not a real date") from None


def read_date(value) -> dt.date:
    """Dates as councils type them: 31/03/2024, 31-3-24, 2024-03-31, 31 March 2024, or a
    real date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = read_text(value).strip()
    lowered = text.lower()
    if match := _NUMERIC_DATE.match(lowered):
        day, month, year = (int(part) for part in match.groups())
        year = year + 2000 if year < 100 else year
        return _real_date(text, year, month, day)
    if match := _ISO_DATE.match(lowered):
        year, month, day = (int(part) for part in match.groups())
        return _real_date(text, year, month, day)
    if (match := _WORDY_DATE.match(lowered)) and match.group(2) in MONTHS:
        return _real_date(text, int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    raise CellProblem(f"'{text}' is not a date; write dates like {EXAMPLE_DATE}")


YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


def read_yes_no(value) -> bool:
    text = normalise(read_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellProblem(f"'{read_text(value)}' is not Yes or No")


RESPONSES = {
    "accepted": ("accepted", "agreed", "approved", "accept", "yes", "accepted in full"),
    "partially-accepted": ("partially accepted", "partially agreed", "accepted in part",
                           "partly accepted", "partly agreed", "partial", "agreed in part"),
    "rejected": ("rejected", "not accepted", "declined", "not agreed", "no", "reject"),
    "pending": ("awaiting response", "pending", "awaiting", "tbc", "awaiting executive response"),
}  # fmt: skip
RESPONSE_LABELS = {
    "accepted": "Accepted",
    "partially-accepted": "Partially accepted",
    "rejected": "Rejected",
    "pending": "Awaiting response",
}


def read_response(value) -> str:
    text = normalise(read_text(value))
    for code, words in RESPONSES.items():
        if text in words or text == code.replace("-", " "):
            return code
    allowed = ", ".join(RESPONSE_LABELS.values())
    raise CellProblem(f"'{read_text(value)}' is not an executive response. Use one of: {allowed}")


# The words councils use for our default statuses. A council's own labels and codes,
# stored as data, are recognised as well (see `StatusVocabulary`).
STATUS_SYNONYMS = {
    "achieved": ("complete", "completed", "done", "implemented", "fully achieved", "met",
                 "fully implemented", "delivered"),
    "on-track": ("in progress", "on target", "ongoing", "underway", "under way", "in hand",
                 "progressing"),
    "slipped": ("delayed", "behind", "behind schedule", "slipping", "overdue", "off track"),
    "extended": ("deadline extended", "target extended", "revised deadline"),
    "not-started": ("not yet started", "to start", "not commenced"),
    "not-achieved": ("not met", "not completed", "not implemented", "failed"),
    "withdrawn": ("no longer required", "no longer applicable", "not required", "superseded",
                  "cancelled", "canceled"),
}  # fmt: skip


class StatusVocabulary:
    """The council's statuses, found by label, code or a familiar synonym."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.by_name = {}
        by_code = {status.code: status for status in self.statuses}
        for code, words in STATUS_SYNONYMS.items():
            for word in words:
                if code in by_code:
                    self.by_name[normalise(word)] = by_code[code]
        for status in self.statuses:
            self.by_name[normalise(status.code)] = status
            self.by_name[normalise(status.label)] = status

    def read(self, value):
        text = read_text(value)
        status = self.by_name.get(normalise(text))
        if status is None:
            allowed = ", ".join(status.label for status in self.statuses)
            raise CellProblem(f"'{text.strip()}' is not a status we know. Use one of: {allowed}")
        return status
