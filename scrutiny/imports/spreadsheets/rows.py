"""Reading each row of a tracker into our values, with every problem named by row and
column. Nothing here writes: officers and directorates the council does not have yet are
only marked to be created."""

import difflib
from dataclasses import dataclass, field

from scrutiny.committees.models import Resolution
from scrutiny.imports.spreadsheets.fields import BY_KEY, normalise
from scrutiny.imports.spreadsheets.refusals import CellProblem
from scrutiny.imports.spreadsheets.values import (
    StatusVocabulary,
    is_blank,
    read_date,
    read_number,
    read_response,
    read_text,
    read_yes_no,
)
from scrutiny.people.models import Directorate, Person
from scrutiny.reviews.models import Review, Status

MAX_LENGTHS = {"reference": 60, "owner": 200, "directorate": 200}


@dataclass(frozen=True)
class NewOfficer:
    name: str


@dataclass(frozen=True)
class NewDirectorate:
    name: str


@dataclass
class RowResult:
    row: int  # as numbered in the officer's spreadsheet
    values: dict = field(default_factory=dict)  # field key → value; blank cells are absent
    shown: dict = field(default_factory=dict)  # field key → the cell as text, for the preview
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    action: str = ""  # "create", "update" or "unchanged" once checked; "" when invalid

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def identifier(self) -> str:
        """What the row calls its recommendation: its number, else its reference."""
        return self.shown.get("number") or self.shown.get("reference") or ""


def reference_key(text: str) -> str:
    """References compared without regard to case or spacing; unlike headings, their
    punctuation matters ("SR (23/24) 01" is not "SR (24/25) 01")."""
    return " ".join(text.lower().split())


def _did_you_mean(key: str, names: dict[str, str]) -> str:
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return f" — did you mean '{names[close[0]]}'?" if close else ""


class Lookups:
    """What rows refer to by name, read once per import."""

    def __init__(self, review: Review, *, create_missing: bool):
        self.review = review
        self.create_missing = create_missing
        self.statuses = StatusVocabulary(Status.objects.all())
        self.officers: dict[str, list[Person]] = {}
        for person in Person.objects.filter(kind=Person.Kind.OFFICER):
            for name in {normalise(person.name), normalise(person.display_name)}:
                self.officers.setdefault(name, []).append(person)
        self.officer_names = {key: people[0].name for key, people in self.officers.items()}
        self.directorates = {normalise(d.name): d for d in Directorate.objects.all()}
        resolutions = Resolution.objects.filter(
            item__meeting__committee=review.committee_id
        ).select_related("item__meeting__committee")
        self.resolutions = {normalise(r.reference): r for r in resolutions}
        name = review.committee.name
        initials = "".join(word[0] for word in name.split() if word[:1].isalpha())
        self.committee_names = {normalise(name), normalise(initials)}

    def officer(self, text: str):
        key = normalise(text)
        people = self.officers.get(key, [])
        if len(people) == 1:
            return people[0]
        if len(people) > 1:
            raise CellProblem(f"more than one officer is called '{text.strip()}'")
        if self.create_missing:
            return NewOfficer(" ".join(text.split()))
        hint = _did_you_mean(key, self.officer_names) or (
            ". Tick 'create missing officers' to add them"
        )
        raise CellProblem(f"no officer called '{text.strip()}'{hint}")

    def directorate(self, text: str):
        key = normalise(text)
        if key in self.directorates:
            return self.directorates[key]
        if self.create_missing:
            return NewDirectorate(" ".join(text.split()))
        names = {k: d.name for k, d in self.directorates.items()}
        raise CellProblem(f"no directorate called '{text.strip()}'{_did_you_mean(key, names)}")

    def resolution(self, text: str) -> Resolution:
        key = normalise(text)
        if key in self.resolutions:
            return self.resolutions[key]
        names = {k: r.reference for k, r in self.resolutions.items()}
        raise CellProblem(
            f"no resolution of {self.review.committee.name} is cited as '{text.strip()}'"
            f"{_did_you_mean(key, names)}"
        )

    def check_committee(self, text: str) -> str:
        if normalise(text) not in self.committee_names:
            raise CellProblem(
                f"this review belongs to {self.review.committee.name}, not '{text.strip()}'; "
                "exclude the row or import it into that committee's review"
            )
        return text


def _reader(kind: str, lookups: Lookups):
    return {
        "text": read_text,
        "number": read_number,
        "date": read_date,
        "yes-no": read_yes_no,
        "response": read_response,
        "status": lookups.statuses.read,
        "person": lambda value: lookups.officer(read_text(value)),
        "directorate": lambda value: lookups.directorate(read_text(value)),
        "resolution": lambda value: lookups.resolution(read_text(value)),
    }[kind]


def parse_row(number: int, cells: list, headings: list[str], mapping, lookups) -> RowResult:
    result = RowResult(row=number)
    for heading, cell in zip(headings, cells, strict=True):
        key = mapping.get(heading, "")
        if not key:
            continue
        result.shown[key] = read_text(cell)
        if is_blank(cell):
            continue
        spec = BY_KEY[key]
        try:
            if key == "committee":
                lookups.check_committee(read_text(cell))
                continue
            if spec.informational:
                continue
            value = _reader(spec.kind, lookups)(cell)
        except CellProblem as problem:
            result.errors.append(f"row {number}, column '{heading}': {problem}")
            continue
        if isinstance(value, str | NewOfficer | NewDirectorate):
            limit = MAX_LENGTHS.get(key)
            length = len(value if isinstance(value, str) else value.name)
            if limit and length > limit:
                result.errors.append(
                    f"row {number}, column '{heading}': it is {length} characters long; "
                    f"the most it can be is {limit}"
                )
                continue
        result.values[key] = value
        if isinstance(value, NewOfficer):
            result.notes.append(f"Creates the officer '{value.name}'.")
        elif isinstance(value, NewDirectorate):
            result.notes.append(f"Creates the directorate '{value.name}'.")
    if not result.errors and "number" not in result.values and "reference" not in result.values:
        result.errors.append(
            f"row {number}: give the recommendation's number or reference, so the row can be "
            "matched next time"
        )
    return result


def parse_rows(table, mapping, lookups) -> list[RowResult]:
    """Every row, then a check that no recommendation appears twice."""
    results = [parse_row(n, cells, table.headings, mapping, lookups) for n, cells in table.rows]
    first_seen: dict[tuple[str, str], int] = {}
    heading_of = {key: heading for heading, key in mapping.items() if key}
    for result in results:
        for key in ("number", "reference"):
            if key not in result.values:
                continue
            marker = (key, reference_key(str(result.values[key])))
            if marker in first_seen:
                result.errors.append(
                    f"row {result.row}, column '{heading_of[key]}': "
                    f"{result.shown[key]} appears again (first on row {first_seen[marker]})"
                )
            else:
                first_seen[marker] = result.row
    return results
