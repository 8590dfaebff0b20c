"""Which of our fields each column of a council's spreadsheet fills: guessed from the
headings the first time, then remembered for that layout."""

import hashlib

from django.db import transaction

from scrutiny.core.audit import audit_record, field_values
from scrutiny.imports.models import ColumnMapping
from scrutiny.imports.spreadsheets.fields import BY_KEY, guess_field, normalise
from scrutiny.imports.spreadsheets.refusals import SpreadsheetRefused

Mapping = dict[str, str]  # heading as written → field key ("" for "not imported")


def layout_key(headings: list[str]) -> str:
    """The same for any spreadsheet with the same set of headings, in any order or case."""
    names = sorted({normalise(h) for h in headings if normalise(h)})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def guess_mapping(headings: list[str]) -> Mapping:
    """Each heading's likely field; a field is given to the first heading that wants it."""
    mapping, taken = {}, set()
    for heading in headings:
        key = guess_field(heading)
        if key and key not in taken:
            mapping[heading] = key
            taken.add(key)
        else:
            mapping[heading] = ""
    return mapping


def remembered_mapping(headings: list[str]) -> ColumnMapping | None:
    """The mapping last saved for this layout, if any."""
    return ColumnMapping.objects.filter(layout=layout_key(headings)).order_by("-updated_at").first()


def mapping_for(headings: list[str], name: str = "") -> tuple[Mapping, ColumnMapping | None]:
    """The mapping to use: the named one, else the one remembered for this layout, else a
    guess. Headings a saved mapping does not mention are guessed."""
    saved = None
    if name:
        saved = ColumnMapping.objects.filter(name=name).first()
        if saved is None:
            known = ", ".join(ColumnMapping.objects.values_list("name", flat=True)) or "none yet"
            raise SpreadsheetRefused(
                "column mapping", f"there is no saved mapping called '{name}' (saved: {known})"
            )
    else:
        saved = remembered_mapping(headings)
    guess = guess_mapping(headings)
    if saved is None:
        return guess, None
    mapping = {h: saved.columns.get(h, "") for h in headings}
    taken = set(mapping.values())
    for heading in headings:
        if heading not in saved.columns and guess[heading] not in taken:
            mapping[heading] = guess[heading]
    return mapping, saved


def check_mapping(mapping: Mapping) -> None:
    """Refuse a mapping that fills a field twice, names an unknown field, or could not
    create or find a recommendation."""
    seen: dict[str, str] = {}
    for heading, key in mapping.items():
        if not key:
            continue
        if key not in BY_KEY:
            raise SpreadsheetRefused("column mapping", f"'{key}' is not a field we import")
        if key in seen:
            raise SpreadsheetRefused(
                "column mapping",
                f"columns '{seen[key]}' and '{heading}' both fill "
                f"'{BY_KEY[key].heading}'; choose one",
            )
        seen[key] = heading
    if "number" not in seen and "reference" not in seen:
        raise SpreadsheetRefused(
            "column mapping",
            "no column gives the recommendation's number or reference, so rows cannot be "
            "matched to recommendations",
        )
    if "text" not in seen:
        raise SpreadsheetRefused(
            "column mapping", "no column gives the recommendation's wording ('Recommendation')"
        )


@transaction.atomic
def mapping_save(*, actor, name: str, mapping: Mapping) -> ColumnMapping:
    """Remember a mapping under a name, for this layout; saving again under the same name
    replaces it."""
    name = name.strip()
    if not name:
        raise SpreadsheetRefused("column mapping", "give the mapping a name")
    check_mapping(mapping)
    saved = ColumnMapping.objects.select_for_update().filter(name=name).first()
    before = field_values(saved) if saved else None
    if saved is None:
        saved = ColumnMapping(name=name[:120])
    saved.layout = layout_key(list(mapping))
    saved.columns = {heading: key for heading, key in mapping.items()}
    saved.save()
    audit_record(actor=actor, action="column_mapping.save", instance=saved, before=before)
    return saved
