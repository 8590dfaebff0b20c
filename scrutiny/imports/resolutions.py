"""Read resolutions and motions out of minute text (stated figures: see ``figures``).

Every council words its minutes differently, and the same reader serves issue pages and
ModernGov minutes, so it works on plain text (see ``html.html_to_text``) and looks for
the few shapes minutes actually take:

- a heading at the start of a line: "RESOLVED", "RECOMMENDED", "It was (unanimously)
  resolved", in capitals or followed by ":", a dash or "that"; "Recommended" is a
  recommendation to another body, not a decision;
- "(unanimously)" or "unanimously" beside the heading;
- parts numbered "1)", "(1)", "1.", "a)", "(a)", "a.", "(i)", "i." and so on, one per
  line or run together on one line. Only the next label in the sequence the first part
  started ends a part, so "Part 4.5.17(4)" or sub-lists "(a), (b)" inside part 2 do not
  split it;
- without numbers, the rest of the heading's paragraph (or the next paragraph, when the
  heading stands alone) is a single part.

A resolution ends at a blank line followed by a paragraph that is not numbered, or at
the next heading, "Moved by", "ACTION:" or "Meeting:" line.
"""

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from scrutiny.imports.figures import parse_stated_figures
from scrutiny.imports.html import list_label, tidy_lines
from scrutiny.imports.records import ImportedMotion, ImportedResolution

__all__ = [
    "is_heading",
    "parse_motions",
    "parse_resolutions",
    "parse_stated_figures",
    "wording_as_resolution",
]

_HEADING = re.compile(
    r"^(?:(?P<lead>it\s+was\s+(?:(?:further|also)\s+)?(?P<u1>unanimously\s+)?)"
    # "The Executive RESOLVED:", as a decision page words it.
    r"|(?P<body>the\s+(?:[A-Z][\w&'-]*\s+){1,4}(?:has\s+)?(?:(?P<u2>unanimously)\s+)?))?"
    r"(?P<word>resolved|recommended)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_HEADING_FOLLOWER = re.compile(r"^\s*(?:[:\-\u2013\u2014(]|that\b|unanimously\b|$)", re.IGNORECASE)
_LEADING_NOISE = re.compile(
    r"^(?:\s+|[:,\-\u2013\u2014]|\(?\s*unanimously\s*\)?|that\b)*+", re.IGNORECASE
)
_UNANIMOUS = re.compile(r"unanimously", re.IGNORECASE)
# "RECOMMENDED to Council that …": whom a recommendation is to, kept as its preamble.
_TO_BODY = re.compile(
    r"^\s*(?P<to>to\s+(?:the\s+)?[A-Z][\w&'\u2019-]*(?:\s+[A-Z][\w&'\u2019-]*){0,5})\s*(?::|\bthat\b)",
)
_STOP_LINE = re.compile(
    r"^\s*(?:meeting\s*:|action\s*s?\s*[:\-\u2013]|(?:it\s+was\s+)?(?:moved|proposed)\s+by\b"
    r"|reasons?\s+for\s+(?:the\s+)?decision"
    # What follows the minutes on a saved page: its document lists and record footer.
    r"|(?:supporting|additional|accompanying|supplementary|background)\s+(?:documents?|papers?)"
    r"|(?:minutes|decision|purpose|contact|report\s+author|publication\s+date|date\s+of\s+"
    r"decision|decided\s+at\s+meeting|effective\s+from|call[\s-]+in\s+deadline|wards?\s+"
    r"affected|alternative\s+options(?:\s+considered)?|interests?\s+and\s+nature)\b[^:]{0,40}:"
    r"|the\s+meeting\s+(?:closed|ended|finished|terminated)\b|(?:signed\s*)?chair(?:man|person)?\s*$)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
_ANY_MARKER = re.compile(r"^\s*(?:\(\w{1,5}\)|\w{1,5}[.)])\s")
_FIRST_MARKER = re.compile(r"(?:^|(?<=[\s:]))(?P<open>\(?)(?P<label>1|a|A|i)(?P<close>[.)])(?=\s)")

_NAME = (
    r"(?:(?:Councillors?|Cllr\.?|County\s+Councillor|Mayor|Alderman|Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+)?"
    r"[A-Z][\w'\u2019\-]*(?:\s+(?:[A-Z][\w'\u2019\-]*|de|van|von|da|du|le|la)){0,5}"
)
_MOTION = re.compile(
    rf"\b(?i:moved|proposed)\s+(?i:by)\s+(?i:the\s+)?(?P<mover>{_NAME})\s*(?:,\s*|\s+)"
    rf"(?i:and\s+)?(?i:seconded)\s+(?i:by)\s+(?i:the\s+)?(?P<seconder>{_NAME})(?P<after>[^\n]*)"
)
_WHITESPACE = re.compile(r"\s+")
_LEADING_THAT = re.compile(r"^that\s+", re.IGNORECASE)
_LEADING_THAT_ANY = re.compile(r"^that\s*", re.IGNORECASE)
_TRAILING_THAT = re.compile(r"(?:^|\s+)that$", re.IGNORECASE)
_TRAILING_JOIN = re.compile(r"(?:[;,.]\s*(?:and|or)?|\s+(?:and|or))\s*$", re.IGNORECASE)
_LONGEST_JOIN = len("; and")  # the longest _TRAILING_JOIN with single spaces
_MOTION_THAT = re.compile(r"^\W*that\s+", re.IGNORECASE)
_OUTCOME = re.compile(r"\b(carried|lost|fell|withdrawn)\b", re.IGNORECASE)
_VOTE_TAIL = re.compile(
    r"[,;]?\s*(?:\band\s+)?(?:\b(?:on|upon)\s+being\s+put\b|\b(?:it|the\s+motion|this|which)?\s*was\s+(?:carried|lost|"
    r"withdrawn)\b|\b(?:carried|lost)\b|\bfor\s*[:\-\u2013]?\s*\d{1,3}\s*[,;]\s*against\b).*$",
    re.IGNORECASE,
)


def parse_resolutions(*, text: str) -> list[ImportedResolution]:
    """Every resolution and recommendation in ``text``, in the order written."""
    lines = tidy_lines(text)
    found: list[ImportedResolution] = []
    index = 0
    while index < len(lines):
        heading = _match_heading(lines[index])
        if heading is None:
            index += 1
            continue
        rest = heading.group("rest")
        unanimous = bool(heading.group("u1") or heading.group("u2")) or bool(
            _UNANIMOUS.search(rest[:40])
        )
        addressee = _TO_BODY.match(rest)
        if addressee:
            rest = rest[addressee.end() :]
        body_lines, index = _block(lines=lines, start=index + 1, first=_strip_noise(rest))
        preamble, parts = _split_parts(body="\n".join(body_lines))
        if addressee:
            preamble = f"{addressee.group('to')} {preamble}".strip()
        if parts:
            kind = "resolved" if heading.group("word").lower() == "resolved" else "recommended"
            found.append(
                ImportedResolution(
                    kind=kind, preamble=preamble, parts=tuple(parts), unanimous=unanimous
                )
            )
    return found


def parse_motions(*, text: str) -> list[ImportedMotion]:
    """Every "Moved by … seconded by …" in ``text``.

    The outcome is taken from the same line ("and CARRIED", "was lost") when it is
    stated; a motion followed directly by a resolution is taken to have been carried.
    """
    lines = tidy_lines(text)
    motions: list[ImportedMotion] = []
    for index, line in enumerate(lines):
        if "seconded" not in line.casefold():
            continue  # every motion names its seconder: a quick test before the pattern
        for match in _MOTION.finditer(line):
            after = match.group("after")
            outcome = _OUTCOME.search(after)
            motion_text = _MOTION_THAT.sub("", after.strip())
            if motion_text == after.strip():
                motion_text = ""
            motion_text = _VOTE_TAIL.sub("", motion_text).rstrip(" .")
            result = outcome.group(1).lower() if outcome else ""
            window = _vote_window(lines=lines, index=index, after=after)
            if not result and (outcome := _OUTCOME.search(window)):
                result = outcome.group(1).lower()
            if not result and _next_is_resolution(lines=lines, index=index):
                result = "carried"
            votes = _votes(window)
            motions.append(
                ImportedMotion(
                    mover=_tidy_name(match.group("mover")),
                    seconder=_tidy_name(match.group("seconder")),
                    text=motion_text,
                    outcome="lost" if result == "fell" else result,
                    unanimous=bool(_UNANIMOUS.search(window)) and not votes[1],
                    votes_for=votes[0],
                    votes_against=votes[1],
                    abstentions=votes[2],
                )
            )
    return motions


def wording_as_resolution(
    *, text: str, kind: str = "resolved", unanimous: bool = False
) -> ImportedResolution | None:
    """A decision written without a RESOLVED heading (a decision page's "Decision:"
    block) as one resolution: its numbered or lettered parts, or its one paragraph."""
    body = "\n".join(line for line in tidy_lines(text) if line)
    if not body:
        return None
    unanimous = unanimous or bool(_UNANIMOUS.match(_strip_noise_prefix(body)))
    preamble, parts = _split_parts(body=_LEADING_NOISE.sub("", body, count=1))
    if not parts:
        return None
    return ImportedResolution(
        kind="recommended" if kind == "recommended" else "resolved",
        preamble=preamble,
        parts=tuple(parts),
        unanimous=unanimous,
    )


def _strip_noise_prefix(body: str) -> str:
    return body.lstrip(" (:-\u2013\u2014")


_VOTE_FOR = re.compile(
    r"\b(?:for|in\s+favour)\s*[:\-\u2013=]?\s*(?P<a>\d{1,3})\b"
    r"|\b(?P<b>\d{1,3})\s+(?:votes?\s+|members?\s+)?(?:for|in\s+favour)\b"
    r"|\bby\s+(?P<c>\d{1,3})\s+votes?\s+to\s+\d",
    re.IGNORECASE,
)
_VOTE_AGAINST = re.compile(
    r"\bagainst\s*[:\-\u2013=]?\s*(?P<a>\d{1,3})\b|\b(?P<b>\d{1,3})\s+(?:votes?\s+)?against\b"
    r"|\bvotes?\s+to\s+(?P<c>\d{1,3})\b",
    re.IGNORECASE,
)
_VOTE_ABSTAIN = re.compile(
    r"\b(?:abstentions?|abstained|abstaining)\s*[:\-\u2013=]?\s*(?P<a>\d{1,3})\b"
    r"|\b(?P<b>\d{1,3})\s+(?:abstentions?|abstained|abstaining)\b",
    re.IGNORECASE,
)
_VOTE_WORDS = re.compile(r"\bagainst\b|\babstain|\bvotes?\s+to\b", re.IGNORECASE)


def _vote_window(*, lines: Sequence[str], index: int, after: str) -> str:
    """Where a motion's vote is stated: the rest of its line and the next line with text,
    unless that line opens a resolution or another motion (at most two lines are read)."""
    for following in range(index + 1, min(index + 3, len(lines))):
        line = lines[following]
        if not line:
            continue
        if _match_heading(line) or _MOTION.search(line) or len(line) > 300:
            break
        if _VOTE_WORDS.search(line) or _UNANIMOUS.search(line) or _OUTCOME.search(line):
            return f"{after} {line}"
        break
    return after


def _votes(window: str) -> tuple[int | None, int | None, int | None]:
    """(for, against, abstentions) as stated; none unless the vote names a count against,
    an abstention or "votes to", so "for six months" is never a count."""
    if not _VOTE_WORDS.search(window):
        return None, None, None
    counts = []
    for pattern in (_VOTE_FOR, _VOTE_AGAINST, _VOTE_ABSTAIN):
        found = pattern.search(window)
        value = next((v for v in found.groups() if v), None) if found else None
        counts.append(int(value) if value is not None else None)
    return counts[0], counts[1], counts[2]


def is_heading(*, line: str) -> bool:
    """Whether ``line`` opens a resolution; other readers use it to know where text stops."""
    return _match_heading(line.strip()) is not None


def _match_heading(line: str) -> re.Match[str] | None:
    """A heading in capitals, after "It was", or followed by ":", a dash, "(" or "that"."""
    match = _HEADING.match(line)
    if match is None:
        return None
    word = match.group("word")
    follower = _HEADING_FOLLOWER.match(match.group("rest"))
    if match.group("body"):
        return match if word.isupper() and follower else None
    if word.isupper() or match.group("lead") or follower:
        return match
    return None


def _strip_noise(rest: str) -> str:
    """Drop the separators, "(unanimously)" and the "that" between heading and wording."""
    return _LEADING_NOISE.sub("", rest, count=1)


def _block(*, lines: Sequence[str], start: int, first: str) -> tuple[list[str], int]:
    """The lines belonging to a resolution, and the index of the first line after it."""
    body = [first] if first else []
    waiting_for_wording = not first or first.endswith(":")
    after_blank = False
    index = start
    while index < len(lines):
        line = lines[index]
        if not line:
            after_blank = True
            index += 1
            continue
        if _STOP_LINE.match(line) or _match_heading(line):
            break
        numbered = bool(_ANY_MARKER.match(line))
        if after_blank and not numbered and not waiting_for_wording:
            break
        if not numbered and body and not waiting_for_wording and _SENTENCE_END.search(body[-1]):
            # The wording ended with its sentence: a new paragraph (a saved HTML page has
            # no blank lines between them) is the minutes going on, not another part.
            break
        if waiting_for_wording and not numbered and body and after_blank:
            break
        body.append(line)
        waiting_for_wording = line.endswith(":") and not numbered
        after_blank = False
        index += 1
    return body, index


def _split_parts(*, body: str) -> tuple[str, list[str]]:
    """Split wording into preamble and parts, following the first part's numbering style."""
    first = _first_marker(body)
    if first is None:
        part = _clean_part(body)
        return "", [part] if part else []
    preamble = _clean_preamble(body[: first.start()])
    style = (first.group("open"), first.group("label"), first.group("close"))
    parts: list[str] = []
    position = first.end()
    for label in _labels(style[1]):
        following = _label_pattern(style[0] + label + style[2]).search(body, position)
        end = following.start() if following else len(body)
        part = _clean_part(body[position:end])
        if part:
            parts.append(part)
        if following is None:
            break
        position = following.end()
    return preamble, parts


@lru_cache(maxsize=1024)
def _label_pattern(marker: str) -> re.Pattern[str]:
    """Where the part numbered ``marker`` ("2.", "(b)") starts: on its own, before a space."""
    return re.compile(rf"(?:^|(?<=\s)){re.escape(marker)}(?=\s)", re.MULTILINE)


def _first_marker(body: str) -> re.Match[str] | None:
    """The first part's number: at the start of the wording, of a line, or after a colon."""
    return _FIRST_MARKER.search(body)


def _labels(first: str) -> Iterator[str]:
    """The labels after ``first`` in its sequence: 2, 3…; b, c…; ii, iii…"""
    if first == "1":
        yield from (str(n) for n in range(2, 200))
    elif first in ("a", "A"):
        letters = "bcdefghijklmnopqrstuvwxyz"
        yield from (letters.upper() if first == "A" else letters)
    else:
        yield from (list_label(number=n, style="i") for n in range(2, 40))


def _clean_part(text: str) -> str:
    """One part without its joining words: leading "that", trailing ";", "; and", ".", ","."""
    text = " ".join(text.split())  # as \s+ to " ", then strip: the same whitespace
    text = _LEADING_THAT.sub("", text)
    # Spaces are single now, so a joining tail is at most "; and": only the end is searched.
    tail = _TRAILING_JOIN.search(text, max(0, len(text) - _LONGEST_JOIN))
    text = text[: tail.start()] if tail else text
    text = text.strip().rstrip(";,.").strip()
    return text[:1].upper() + text[1:]


def _clean_preamble(text: str) -> str:
    """The wording before the first part, without a dangling "that" or colon."""
    text = " ".join(text.split()).rstrip(":\u2013\u2014- ").strip()
    text = _TRAILING_THAT.sub("", text)
    return _LEADING_THAT_ANY.sub("", text).strip()


def _next_is_resolution(*, lines: Sequence[str], index: int) -> bool:
    """Whether the next line with text opens a resolution (read in place: no copy of the
    rest of the lines for each motion)."""
    for following in range(index + 1, len(lines)):
        if lines[following]:
            return _match_heading(lines[following]) is not None
    return False


def _tidy_name(name: str) -> str:
    return _WHITESPACE.sub(" ", name).strip()
