"""The tracker's columns: our fields, the heading we export each under, and the words
councils use for them in their own spreadsheets."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    heading: str  # as exported, and as shown in the column mapping form
    kind: str  # text, number, date, status, response, person, directorate, yes-no, resolution
    synonyms: tuple[str, ...] = ()
    informational: bool = False  # exported for readers; read back only as a check

    def names(self) -> tuple[str, ...]:
        return (normalise(self.heading), *(normalise(s) for s in self.synonyms))


FIELDS = (
    Field("number", "No.", "number", ("no", "number", "rec no", "rec number",
          "recommendation number", "recommendation no", "#", "item no")),
    Field("reference", "Reference", "text", ("ref", "rec ref", "recommendation reference",
          "ref no", "reference number", "ref number")),
    Field("committee", "Committee", "text", ("scrutiny committee", "panel",
          "committee panel", "board"), informational=True),
    Field("agreed_on", "Date agreed", "date", ("agreed", "agreed on", "date of agreement",
          "meeting date", "date of meeting", "date recommendation agreed")),
    Field("directorate", "Directorate", "directorate", ("portfolio", "directorate portfolio",
          "portfolio directorate", "service", "service area", "department",
          "cabinet portfolio")),
    Field("text", "Recommendation", "text", ("recommendations", "recommendation text",
          "wording", "recommendation wording", "description")),
    Field("illustrative", "Illustrative wording", "yes-no", ("illustrative",)),
    Field("owner", "Lead officer", "person", ("responsible officer", "officer", "owner",
          "lead", "officer responsible", "action owner", "accountable officer")),
    Field("response", "Executive response", "response", ("exec response",
          "cabinet response", "response", "executive decision", "accepted rejected",
          "response to recommendation")),
    Field("response_reason", "Response reason", "text", ("reason", "executive comments",
          "response comments", "reason for response", "cabinet comments",
          "exec response comments", "executive response comments")),
    Field("response_received_on", "Response date", "date", ("date of response",
          "executive response date", "exec response date", "date responded",
          "response received")),
    Field("action_taken", "Action taken", "text", ("progress", "progress action taken",
          "action taken progress", "actions taken", "progress update", "latest update",
          "update", "commentary", "progress to date")),
    Field("action_taken_on", "Update date", "date", ("progress date", "date of update",
          "as at", "as of", "date updated", "last updated")),
    Field("status", "Status", "status", ("current status", "progress status",
          "recommendation status")),
    Field("proposed_status", "Proposed status", "status", ("status proposed",
          "officer proposed status")),
    Field("original_target_date", "Original target date", "date", ("target date",
          "deadline", "due date", "target", "timescale", "target completion date",
          "original deadline", "original due date")),
    Field("current_target_date", "Revised target date", "date", ("current target date",
          "new target date", "extended to", "revised deadline", "revised date",
          "revised due date", "extended target date")),
    Field("extension_reason", "Reason for extension", "text", ("extension reason",
          "reason for revised date", "reason for delay")),
    Field("completed_on", "Date completed", "date", ("completed on", "completion date",
          "date achieved", "actual completion date", "completed")),
    Field("closed_by", "Signed off by", "resolution", ("closed by", "sign off",
          "signed off", "resolution", "signed off by resolution", "closed by resolution")),
    Field("rag", "RAG", "text", ("rag status", "rag rating", "red amber green"),
          informational=True),
)  # fmt: skip
BY_KEY = {field.key: field for field in FIELDS}
EXPORT_ORDER = [field.key for field in FIELDS]


def normalise(heading: str) -> str:
    """A heading as compared: lower case, "&" as "and", punctuation and extra spaces gone,
    so "Progress / Action Taken:" and "progress action taken" are the same."""
    text = str(heading or "").lower().replace("&", " and ")
    text = re.sub(r"\(.*?\)", " ", text)  # "Target date (dd/mm/yyyy)"
    text = re.sub(r"[^a-z0-9#]+", " ", text)
    return " ".join(text.split())


NAMES = {name: field.key for field in FIELDS for name in field.names()}


def guess_field(heading: str) -> str:
    """The field a heading most likely means, or "" when none fits well enough.

    An exact match of a known name wins; failing that, the longest known name whose
    words all appear in the heading ("Target date - original" → original target date)."""
    name = normalise(heading)
    if not name:
        return ""
    if name in NAMES:
        return NAMES[name]
    words = set(name.split())
    best, best_len = "", 0
    for known, key in NAMES.items():
        known_words = known.split()
        if len(known_words) > 1 and set(known_words) <= words and len(known) > best_len:
            best, best_len = key, len(known)
    return best


def is_known_heading(heading: str) -> bool:
    return bool(guess_field(heading))
