"""The OpenAPI 3.1 document, written by hand so it reads as documentation. Paths are
relative to the server (`/api/v1`); `tests/api/test_openapi.py` checks that every route
is documented and every documented path resolves."""

from __future__ import annotations

from django.conf import settings

from scrutiny.api.schemas import SCHEMAS, ref
from scrutiny.search.selectors import KINDS, MAX_QUERY_CHARS, PER_PAGE

RULES = (
    "Read-only open data: the committees, meetings and reviews the public pages show, "
    "with the same rules. Exempt and confidential business shows only as its number, its "
    "title (not for a confidential item) and the Schedule 12A paragraphs; draft minutes, "
    "unpublished agendas and documents never appear. A signed-in session sees what its "
    "user sees on the pages (a committee's members read its exempt items). A record that "
    "does not exist and one you may not see get the same 404. A review's summary and each "
    "recommendation's status and RAG are what the committee agreed; a service's later "
    "position is its own field, `service_position`, dated, never the status."
)
SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
}
PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "default": 1},
    "description": "A page past the last is a 404.",
}


MODIFIED_SINCE = {
    "name": "modified_since",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "format": "date-time"},
    "description": (
        "Only the records changed since this moment: an ISO 8601 date and time "
        "(`2024-09-16T18:00:00+01:00`, `...Z`; without an offset, the council's time) or "
        "a date (its start). A record counts as changed when it or anything its own answer "
        "shows changed, or moved on by the clock (a paper published, a meeting's day "
        "passing, a target date passing): a committee with its members, meetings and work "
        "programme; a meeting with its items, papers, minutes records, attendance, "
        "corrections and matters arising; a review with its recommendations, updates, "
        "extensions, history and reports. A change to a name or a status label counts for "
        "every record. Nothing changed is left out; a record may be listed whose answer "
        "looks the same. Exempt and confidential business you may not read neither lists "
        "a record nor appears in one. Deleted records are not listed. Anything that is not "
        "a date or date and time is a 400 naming the parameter."
    ),
}


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


NOT_FOUND = _json("Error", "No such record, or none you may see; or no such page.")
BAD_REQUEST = _json("BadParameter", "A query parameter that cannot be read.")


def _get(summary: str, schema: str, *, parameters=(), may_be_missing=False) -> dict:
    responses = {"200": _json(schema, summary)}
    if MODIFIED_SINCE in parameters:
        responses["400"] = BAD_REQUEST
    if may_be_missing:
        responses["404"] = NOT_FOUND
    operation = {"summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    return {"get": operation}


PATHS = {
    "/": _get("Links to the collections and this document.", "Index"),
    "/openapi.json": {
        "get": {
            "summary": "This document.",
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/committees/": _get(
        "Every committee, with its next meeting.", "CommitteeList", parameters=[MODIFIED_SINCE]
    ),
    "/committees/{slug}/": _get(
        "A committee: members and roles, work programme, meetings a page at a time "
        "(with `modified_since`, only the meetings changed since then).",
        "Committee",
        parameters=[SLUG, PAGE, MODIFIED_SINCE],
        may_be_missing=True,
    ),
    "/committees/{slug}/actions/": _get(
        "A committee's action log, newest meeting first, 50 a page.",
        "ActionLog",
        parameters=[
            SLUG,
            {
                "name": "status",
                "in": "query",
                "required": False,
                "schema": {"enum": ["open", "closed", "historic", "all"], "default": "open"},
                "description": "Any other value is a 404, as is a page past the last.",
            },
            PAGE,
        ],
        may_be_missing=True,
    ),
    "/meetings/{id}/": _get(
        "A meeting: agenda items, documents, minutes, attendance, declarations, motions, "
        "resolutions, actions and matters arising (the first 20, with their total), as "
        "far as the user may see them.",
        "Meeting",
        parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        may_be_missing=True,
    ),
    "/reviews/": _get(
        "Every review with its computed summary, 25 a page.",
        "ReviewList",
        parameters=[PAGE, MODIFIED_SINCE],
        may_be_missing=True,
    ),
    "/reviews/{slug}/": _get(
        "A review: its computed summary, exceptions and recommendations.",
        "Review",
        parameters=[SLUG],
        may_be_missing=True,
    ),
}


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
        **extra,
    }


SEARCH = _get(
    "The site's search (`/search/`): the same results in the same order, best first, "
    f"{PER_PAGE} a page. Only what the public may read is ever found: nothing exempt, "
    "confidential or unpublished is in a result or a snippet, whoever asks.",
    "SearchResults",
    parameters=[
        {
            "name": "q",
            "in": "query",
            "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
            "description": "The words to find; every word must match. Empty is a 404.",
        },
        _query(
            "committee",
            {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
            "A committee's slug; an unknown one is a 404.",
        ),
        _query(
            "year",
            {"type": "string", "pattern": "^[0-9]{4}/[0-9]{2}$"},
            "A municipal year, like 2024/25; anything else is a 404.",
        ),
        _query(
            "kind",
            {"type": "array", "items": {"enum": list(KINDS)}},
            "Kinds of record, repeated for more than one (`kind=meeting&kind=document`); "
            "any other value is a 404.",
            style="form",
            explode=True,
        ),
        _query(
            "from",
            {"type": "string", "format": "date"},
            "Dated on or after this day (2024-03-27, or 27/3/2024); not a real date is a 404.",
        ),
        _query(
            "to",
            {"type": "string", "format": "date"},
            "Dated on or before this day, not before `from`; not a real date is a 404.",
        ),
        PAGE,
    ],
    may_be_missing=True,
)
PATHS["/search"] = SEARCH


def openapi_document(*, server: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.COUNCIL_NAME} scrutiny: open data",
            "version": "1.0.0",
            "description": RULES,
        },
        "servers": [{"url": server.rstrip("/")}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
