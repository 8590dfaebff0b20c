"""A search as the site's form and the API's query string ask for it: the same parameters
(`q`, `committee` a committee's slug, `year` a municipal year like "2024/25", `kind` one or
more kinds, `from` and `to` dates, `page`), read the same way by both."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.http import QueryDict

from scrutiny.committees.models import Committee, Meeting
from scrutiny.publishing.committees import municipal_year
from scrutiny.search.selectors import KINDS, MAX_QUERY_CHARS, Filters

# Every query parameter a search reads (the page cache keeps one answer for each).
PARAMETERS = ("q", "committee", "year", "kind", "from", "to", "page")
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$")


@dataclass
class SearchParams:
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    committee_slug: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def parse_date(value: str) -> datetime.date | None:
    """ "2024-03-27" or "27/3/2024"; None for anything else."""
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    found = _DMY.match(value)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def read(data: QueryDict) -> SearchParams:
    params = SearchParams(query=data.get("q", "")[:MAX_QUERY_CHARS].strip())
    errors = params.errors
    committee_id = None
    slug = data.get("committee", "").strip()
    if slug:
        # Only a slug's characters reach the database (PostgreSQL refuses a NUL in a query).
        known = _SLUG.fullmatch(slug)
        committee_id = (
            Committee.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if known
            else None
        )
        if committee_id is None:
            errors["committee"] = "Choose a committee from the list"
        else:
            params.committee_slug = slug
    year = data.get("year", "").strip()
    if year:
        found = _YEAR.match(year)
        if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
            errors["year"] = "Enter a municipal year like 2024/25"
            year = ""
    kinds = tuple(kind for kind in data.getlist("kind") if kind)
    if any(kind not in KINDS for kind in kinds):
        errors["kind"] = "Choose kinds of record from the list"
        kinds = tuple(kind for kind in kinds if kind in KINDS)
    dates = {}
    for name, label in (("from", "The start date"), ("to", "The end date")):
        value = data.get(name, "").strip()
        dates[name] = parse_date(value) if value else None
        if value and dates[name] is None:
            errors[name] = f"{label} must be a real date, like 27/3/2024"
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors["to"] = "The end date must be the same as or after the start date"
    page = data.get("page", "1")
    params.page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    params.filters = Filters(
        committee_id=committee_id,
        municipal_year=year,
        kinds=kinds,
        on_or_after=dates["from"],
        on_or_before=dates["to"],
    )
    return params


def municipal_years() -> list[str]:
    """The municipal years of the record, newest first (from its first and last meeting)."""
    span = Meeting.objects.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    if span["first"] is None:
        return []
    first = int(municipal_year(span["first"].date())[:4])
    last = int(municipal_year(span["last"].date())[:4])
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(last, first - 1, -1)]
