"""The one search: ranked entries of the public index with highlighted snippets, on
PostgreSQL by its full-text search (a weighted tsvector, GIN-indexed) and on SQLite by
FTS5. Each entry says which audiences may find it (`indexer`): the public, members of
its committee, staff; a user finds what the pages let them read, and nothing exempt or
unpublished is ever in anyone else's result or snippet."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from scrutiny.publishing import rules
from scrutiny.search.models import Audience, SearchEntry
from scrutiny.search.services import catch_up

PER_PAGE = 20
# The newest this many matches are ranked, and counted exactly; a broad query ("report")
# matches most of a 20-year archive, and ranking every match reads every match's words.
# Past it the count is "more than", and words or filters narrow the search.
RANKED = 1000
MAX_QUERY_CHARS = 200
MAX_WORDS = 12
START, STOP = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
KINDS = dict(SearchEntry.Kind.choices)


@dataclass(frozen=True)
class Filters:
    committee_id: int | None = None
    municipal_year: str = ""
    kinds: tuple[str, ...] = ()
    on_or_after: datetime.date | None = None
    on_or_before: datetime.date | None = None


@dataclass(frozen=True)
class Result:
    kind: str
    title: SafeString
    snippet: SafeString
    url: str
    committee_name: str
    dated: datetime.date | None
    municipal_year: str
    public: bool = True  # False: found only by members or staff, who may read it

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Results:
    query: str
    results: list[Result] = field(default_factory=list)
    total: int = 0  # exact up to RANKED; past it, RANKED and `more` is set
    more: bool = False
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"


def words_of(query: str) -> list[str]:
    return _WORD.findall(query[:MAX_QUERY_CHARS].lower())[:MAX_WORDS]


def highlighted(text: str) -> SafeString:
    """Text marked by the database as escaped HTML, each match in <mark>."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _day(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _audience(user) -> tuple[str, list]:
    """The SQL for the reader's audience of an entry: staff read everything; a member reads
    as a member their committees' entries and the rest as the public."""
    access = rules.access_for(user)
    if access.privileged:
        return "%s", [int(Audience.STAFF)]
    if not access.committee_ids:
        return "%s", [int(Audience.PUBLIC)]
    ids = sorted(access.committee_ids)
    marks = ", ".join(["%s"] * len(ids))
    return f"CASE WHEN e.committee_id IN ({marks}) THEN %s ELSE %s END", [
        *ids,
        int(Audience.MEMBERS),
        int(Audience.PUBLIC),
    ]


def _where(filters: Filters, user) -> tuple[list[str], list]:
    audience, params = _audience(user)
    clauses = [f"{audience} BETWEEN e.audience_from AND e.audience_to"]
    if filters.committee_id is not None:
        clauses.append("e.committee_id = %s")
        params.append(filters.committee_id)
    if filters.municipal_year:
        clauses.append("e.municipal_year = %s")
        params.append(filters.municipal_year)
    if filters.kinds:
        clauses.append(f"e.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.on_or_after:
        clauses.append("e.dated >= %s")
        params.append(filters.on_or_after)
    if filters.on_or_before:
        clauses.append("e.dated <= %s")
        params.append(filters.on_or_before)
    return clauses, params


def search(query: str, filters: Filters = Filters(), *, page: int = 1, user=None) -> Results:
    """Entries the user may read (nobody signed in by default) matching every word of the
    query, best first (title words weigh more than body words; then newest first), a page
    at a time. Of more than RANKED matches, the newest RANKED are the results."""
    words = words_of(query)
    if not words:
        return Results(query=query)
    catch_up()
    page = max(1, page)
    offset = (page - 1) * PER_PAGE
    if connection.vendor == "postgresql":
        matched, rows = _postgresql(words, filters, offset, user)
    else:
        matched, rows = _sqlite(words, filters, offset, user)
    results = [
        Result(
            kind=kind,
            title=highlighted(title),
            snippet=highlighted(snippet or ""),
            url=url,
            committee_name=committee_name,
            dated=_day(dated),
            municipal_year=year,
            public=audience_from == Audience.PUBLIC,
        )
        for kind, title, snippet, url, committee_name, dated, year, audience_from in rows
    ]
    return Results(
        query=query,
        results=results,
        total=min(matched, RANKED),
        more=matched > RANKED,
        page=page,
    )


_COLUMNS = (
    "e.kind, {title}, {snippet}, e.url, e.committee_name, e.dated, e.municipal_year, "
    "e.audience_from"
)


def _postgresql(words: list[str], filters: Filters, offset: int, user):
    table = SearchEntry._meta.db_table
    clauses, params = _where(filters, user)
    where = " AND ".join(["e.vector @@ q.query", *clauses])
    # Each word as typed, stemmed by the English configuration, all of them required.
    tsquery = "plainto_tsquery('english', %s)"
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2"
    matches = f"FROM {table} e, {tsquery} AS q(query) WHERE {where}"
    text = " ".join(words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT %s) AS hit",  # noqa: S608
            [text, *params, RANKED + 1],
        )
        matched = cursor.fetchone()[0]
        columns = _COLUMNS.format(
            title=f"ts_headline('english', e.title, q.query, 'StartSel={START}, StopSel={STOP}, "
            "HighlightAll=true')",
            snippet=f"ts_headline('english', left(e.body, 20000), q.query, '{options}')",
        )
        cursor.execute(
            f"SELECT {columns} FROM ("  # noqa: S608
            "  SELECT newest.id, ts_rank(newest.vector, q.query) AS rank FROM ("
            f"    SELECT e.id, e.vector, e.dated {matches} "
            "    ORDER BY e.dated DESC, e.id DESC LIMIT %s"
            f"  ) AS newest, {tsquery} AS q(query) "
            "  ORDER BY rank DESC, newest.dated DESC, newest.id LIMIT %s OFFSET %s"
            f") AS hit JOIN {table} e ON e.id = hit.id, {tsquery} AS q(query) "
            "ORDER BY hit.rank DESC, e.dated DESC, e.id",
            [text, *params, RANKED, text, PER_PAGE, offset, text],
        )
        return matched, cursor.fetchall()


def _sqlite(words: list[str], filters: Filters, offset: int, user):
    table = SearchEntry._meta.db_table
    clauses, params = _where(filters, user)
    match = " ".join(f'"{word}"' for word in words)  # every word, each a quoted term
    where = " AND ".join(["search_fts MATCH %s", *clauses])
    matches = f"FROM search_fts JOIN {table} e ON e.id = search_fts.rowid WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT %s)",  # noqa: S608
            [match, *params, RANKED + 1],
        )
        matched = cursor.fetchone()[0]
        columns = _COLUMNS.format(
            title=f"highlight(search_fts, 0, '{START}', '{STOP}')",
            snippet=f"snippet(search_fts, 1, '{START}', '{STOP}', '…', 30)",
        )
        # bm25() and snippet() belong to a MATCH of their own, over the newest matches.
        cursor.execute(
            f"SELECT {columns} FROM search_fts JOIN {table} e ON e.id = search_fts.rowid "  # noqa: S608
            f"WHERE search_fts MATCH %s AND e.id IN (SELECT e.id {matches} "
            "  ORDER BY e.dated DESC, e.id DESC LIMIT %s) "
            "ORDER BY bm25(search_fts, 10.0, 1.0), e.dated DESC, e.id LIMIT %s OFFSET %s",
            [match, match, *params, RANKED, PER_PAGE, offset],
        )
        return matched, cursor.fetchall()
