"""What an import did, or would do: counts per kind of record, and what it refused.

The person importing reads this to decide whether to confirm a preview and to check the
result; a command prints it, the staff page shows it as a table.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KINDS = {
    "committee": ("committee", "committees"),
    "issue": ("issue", "issues"),
    "person": ("person", "people"),
    "meeting": ("meeting", "meetings"),
    "item": ("agenda item", "agenda items"),
    "minutes": ("item minutes", "item minutes"),
    "document": ("document", "documents"),
    "motion": ("motion", "motions"),
    "resolution": ("resolution", "resolutions"),
    "action": ("action", "actions"),
    "attendance": ("attendance record", "attendance records"),
}
OUTCOMES = ("created", "updated", "unchanged", "refused")
ATTENDANCE_WORDS = {
    "present": "present",
    "apologies": "apologies",
    "absent": "absent",
    "substitute": "present as substitute",
    "in-attendance": "in attendance",
    "expected": "expected",
}


@dataclass
class ImportReport:
    """Counts of records by kind and outcome, a message for each refused meeting, and each
    meeting the import read with what became of it (``meetings``: its date, committee,
    ``outcome`` "imported" or "refused", the ``reason`` for a refusal and, once written,
    the meeting's ``id`` in the record), so a page can link what was imported and list
    what was refused, never one as the other."""

    counts: dict[str, Counter] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    refusals: list[str] = field(default_factory=list)
    dry_run: bool = False
    meetings: list[dict[str, Any]] = field(default_factory=list)

    def meeting(
        self,
        imported,
        *,
        outcome: str,
        reason: str = "",
        pk: int | None = None,
        change: str = "",
    ) -> dict:
        """Note what became of one meeting the import read; returns the note (the writer
        adds the record's id once it is written). An imported meeting's ``change`` is
        "created" (new to the record), "updated" (anything of it created or changed) or
        "unchanged"."""
        entry = {
            "date": imported.date.isoformat(),
            "committee": imported.committee,
            "source_id": imported.source_id,
            "outcome": outcome,
            "change": change,
            "reason": reason,
            "id": pk,
        }
        self.meetings.append(entry)
        return entry

    @property
    def imported_meetings(self) -> list[dict[str, Any]]:
        return [m for m in self.meetings if m["outcome"] == "imported"]

    @property
    def refused_meetings(self) -> list[dict[str, Any]]:
        return [m for m in self.meetings if m["outcome"] == "refused"]

    # Attendees by the source's word and the status kept for it (None: not imported).
    attendance_states: Counter = field(default_factory=Counter)

    def add(self, kind: str, outcome: str, number: int = 1) -> None:
        self.counts[kind][outcome] += number

    def merge(self, counts: dict[str, Counter]) -> None:
        for kind, counter in counts.items():
            self.counts[kind].update(counter)

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total("created") or self.total("updated"))

    def rows(self) -> list[dict[str, Any]]:
        """One row per kind the import touched, in a fixed order, for tables and text."""
        return [
            {"kind": kind, "label": KINDS[kind][1].capitalize()}
            | {outcome: self.counts[kind][outcome] for outcome in OUTCOMES}
            for kind in KINDS
            if any(self.counts[kind][outcome] for outcome in OUTCOMES)
        ]

    def lines(self) -> list[str]:
        verb = "would be " if self.dry_run else ""
        lines = [
            f"{row['label']}: "
            + ", ".join(f"{row[outcome]} {verb}{outcome}" for outcome in OUTCOMES)
            for row in self.rows()
        ]
        return (
            lines + self.attendance_lines() + [f"Refused: {message}" for message in self.refusals]
        )

    def attendance_lines(self) -> list[str]:
        """What was done with each attendance word the source used, e.g. "Attendance
        'Expected': 8 kept as expected"."""
        verb = "would be " if self.dry_run else ""
        lines = []
        for (word, status), number in sorted(
            self.attendance_states.items(), key=lambda pair: (pair[0][0], pair[0][1] or "")
        ):
            said = f"'{word}'" if word else "not stated"
            if status is None:
                done = f"{verb}left out (not a state we know; record it by hand)"
            else:
                done = f"{verb}kept as {ATTENDANCE_WORDS.get(status, status)}"
            lines.append(f"Attendance {said}: {number} {done}")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "counts": {
                kind: {outcome: self.counts[kind][outcome] for outcome in OUTCOMES}
                for kind in KINDS
            },
            "refusals": list(self.refusals),
            "meetings": [dict(entry) for entry in self.meetings],
            "attendance_states": [
                {"word": word, "status": status, "count": number}
                for (word, status), number in sorted(
                    self.attendance_states.items(), key=lambda pair: (pair[0][0], pair[0][1] or "")
                )
            ],
            "attendance_lines": self.attendance_lines(),
        }
