"""Read the monitoring summary that minutes state, in digits or words.

Minutes of a monitoring report usually state the position in one or two sentences:
"The Committee had put together 13 recommendations", "9 out of these 13
recommendations had been achieved (2 completed behind schedule)", "The remaining 4
recommendations had been extended". We never store these as the truth (our summary is
computed from the recommendations); the importer compares them with what it built and
warns when they differ. Numbers may be digits or words up to twenty.
"""

import re

from scrutiny.core.words import NUMBER_WORDS as WORDS
from scrutiny.imports.records import StatedFigures

NUMBER_WORDS = {word: value for value, word in enumerate(WORDS)}
# Each pattern opens with a look at the first letter its words can start with: the regex
# engine then skips most of the text at once instead of trying every word everywhere.
_NUM_FIRST = r"(?=[\d" + "".join(sorted({word[0] for word in NUMBER_WORDS})) + "])"
_NUM = _NUM_FIRST + r"(\d{1,4}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_RECS = r"recommendations?"
_OUT_OF = re.compile(
    rf"\b{_NUM}\s+(?:\(\w+\)\s+)?(?:out\s+)?of\s+(?:these\s+|the\s+)?{_NUM}\s+{_RECS}"
    r"(?P<tail>[^.]*)",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    rf"\b(?=[acmptw])(?:made|put\s+together|agreed|produced|total\s+of|comprised|contained|were|was)\s+"
    rf"(?:a\s+total\s+of\s+)?{_NUM}\s+{_RECS}",
    re.IGNORECASE,
)
_ACHIEVED = re.compile(
    rf"\b{_NUM}\s+(?:of\s+the\s+)?{_RECS}\s+(?:had|have|were)\s+(?:been\s+)?"
    r"(?:achieved|completed|implemented)",
    re.IGNORECASE,
)
_LATE = re.compile(
    rf"\b{_NUM}\s+(?:(?:had\s+been|were|was|have\s+been)\s+)?(?:completed|achieved|implemented)\s+"
    r"(?:behind\s+schedule|late|after\s+(?:the|their)\s+(?:original\s+)?target)",
    re.IGNORECASE,
)
_EXTENDED = re.compile(
    rf"\b{_NUM}\s+(?:(?:remaining|other|further)\s+)?(?:{_RECS}\s+)?(?:had|have|were|was)\s+"
    r"(?:been\s+)?extended",
    re.IGNORECASE,
)


def parse_stated_figures(*, text: str) -> StatedFigures | None:
    """The monitoring summary the minutes state ("9 out of these 13 recommendations had been
    achieved (2 completed behind schedule)"), or None when they state none of it."""
    flat = " ".join(text.split())
    total = achieved = late = extended = None
    out_of = _OUT_OF.search(flat)
    if out_of:
        total = _number(out_of.group(2))
        if re.search(r"achieved|completed|implemented", out_of.group("tail"), re.IGNORECASE):
            achieved = _number(out_of.group(1))
    if total is None and (match := _TOTAL.search(flat)):
        total = _number(match.group(1))
    if achieved is None and (match := _ACHIEVED.search(flat)):
        achieved = _number(match.group(1))
    if match := _LATE.search(flat):
        late = _number(match.group(1))
    if match := _EXTENDED.search(flat):
        extended = _number(match.group(1))
    if total is None and achieved is None and late is None and extended is None:
        return None
    return StatedFigures(total=total, achieved=achieved, achieved_late=late, extended=extended)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token.lower()]
