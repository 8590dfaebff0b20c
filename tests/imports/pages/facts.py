"""Reading a saved page into facts, and scoring them against the table beside the pages.

Each page's expected facts are in ``expected.json``: what a person reading the page sees
(kind of page, meeting, items, papers, the start and end of the minutes, motions,
resolutions, actions). The expected facts are transcribed from the pages themselves and
checked against each page independently of the reader, so a reader's mistake cannot pass
as expected. ``page_facts`` flattens a reading into the same shape, so the score is one
comparison per fact."""

import datetime
import json
from pathlib import Path

from scrutiny.imports.minutes_page import NamedMeeting, parse_minutes_page
from scrutiny.imports.records import ImportedIssue

PAGES = Path(__file__).parent
EXPECTED = PAGES / "expected.json"
ENDS = 40  # characters of the minutes' start and end that are compared


def load_expected() -> dict[str, dict]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def named_meeting(entry: dict) -> NamedMeeting | None:
    named = entry.get("named")
    if not named:
        return None
    return NamedMeeting(
        date=datetime.date.fromisoformat(named["date"]) if named.get("date") else None,
        committee=named.get("committee", ""),
        item=named.get("item", ""),
    )


def read_page(name: str, entry: dict) -> ImportedIssue:
    return parse_minutes_page(content=(PAGES / name).read_bytes(), named=named_meeting(entry))


def page_facts(issue: ImportedIssue) -> dict:
    """The reading in the table's shape."""
    return {
        "kind": issue.kind,
        "title": issue.title,
        "warnings": len(issue.warnings),
        "meetings": [
            {
                "date": meeting.date.isoformat(),
                "committee": meeting.committee,
                "items": [
                    {
                        "number": item.number,
                        "title": item.title,
                        "is_decision": item.is_decision,
                        "documents": [
                            [d.title, d.format, d.size_kb, d.url] for d in item.documents
                        ],
                        "minutes_start": item.minutes_text()[:ENDS],
                        "minutes_end": item.minutes_text()[-ENDS:],
                        "motions": [
                            {
                                "mover": m.mover,
                                "seconder": m.seconder,
                                "outcome": m.outcome,
                                "unanimous": m.unanimous,
                                "votes": [m.votes_for, m.votes_against, m.abstentions],
                            }
                            for m in item.motions
                        ],
                        "resolutions": [
                            {
                                "kind": r.kind,
                                "unanimous": r.unanimous,
                                "preamble": r.preamble,
                                "parts": list(r.parts),
                            }
                            for r in item.resolutions
                        ],
                        "actions": [[a.text, a.owner] for a in item.actions],
                    }
                    for item in meeting.items
                ],
            }
            for meeting in issue.meetings
        ],
    }


def flatten(value, path: str = "") -> dict[str, object]:
    """Every leaf of ``value`` by its path ("meetings[0].items[1].title"); a list's
    length is a fact too, so a missing or extra item is a miss."""
    if isinstance(value, dict):
        facts: dict[str, object] = {}
        for key, inner in value.items():
            if key in ("named", "encoding"):
                continue
            facts |= flatten(inner, f"{path}.{key}" if path else key)
        return facts
    if isinstance(value, list):
        facts = {f"{path}.count": len(value)}
        for index, inner in enumerate(value):
            facts |= flatten(inner, f"{path}[{index}]")
        return facts
    return {path: value}


def score(expected: dict, actual: dict) -> tuple[int, list[str]]:
    """(facts right, misses) for one page."""
    want, got = flatten(expected), flatten(actual)
    misses = [
        f"{path}: expected {value!r}, read {got.get(path, '<nothing>')!r}"
        for path, value in want.items()
        if got.get(path, object()) != value
    ]
    return len(want) - len(misses), misses
