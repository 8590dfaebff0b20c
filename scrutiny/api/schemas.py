"""The response schemas of the OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1
uses), written by hand next to the serialisers they describe. `tests/api` checks real
responses against them, so the document cannot drift from what the API answers."""

from __future__ import annotations

from scrutiny.committees.lifecycle import PUBLIC_STATES
from scrutiny.committees.models import Action, Visibility
from scrutiny.reviews.models import Rag
from scrutiny.search.selectors import KINDS

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(doc: str = "", /, **properties) -> dict:
    """An object whose properties are all always present (null where there is nothing);
    `doc` is positional only, so a property may be called "description"."""
    schema = {"type": "object", "properties": properties, "required": list(properties)}
    return {"description": doc, **schema} if doc else schema


LINKS = obj(self=URL, html=URL)
PAGINATION = {
    "page": INTEGER,
    "pages": INTEGER,
    "count": INTEGER,
    "next": nullable(URL),
    "previous": nullable(URL),
}
STATUS = obj(code=STRING, label=STRING)
# Where a meeting is in its life on the day asked (`committees.lifecycle`): "held" once its
# day has passed and until its minutes are public, never "scheduled" after the event.
MEETING_STATUS = {"enum": [state.value for state in PUBLIC_STATES]}
UPDATE = nullable(obj(as_of=DATE, narrative=STRING))

SCHEMAS = {
    "Error": obj("Any record missing or not yours to see.", error=STRING),
    "BadParameter": obj(
        "A query parameter that cannot be read: what it must be, and its name.",
        error=STRING,
        parameter=STRING,
    ),
    "Index": obj(committees=URL, reviews=URL, openapi=URL),
    "CommitteeSummary": obj(slug=STRING, name=STRING, links=LINKS),
    "CommitteeListEntry": obj(
        slug=STRING, name=STRING, links=LINKS, kind=STRING, next_meeting_at=nullable(DATE_TIME)
    ),
    "CommitteeList": obj(results=array(ref("CommitteeListEntry"))),
    "MeetingSummary": obj(
        id=INTEGER,
        date=DATE,
        starts_at=DATE_TIME,
        municipal_year=STRING,
        venue=STRING,
        status=MEETING_STATUS,
        status_label=STRING,
        links=LINKS,
    ),
    "Committee": obj(
        slug=STRING,
        name=STRING,
        links=LINKS,
        kind=STRING,
        description=STRING,
        scrutiny_officer=nullable(STRING),
        monitoring_interval_months=INTEGER,
        members=array(obj(name=STRING, role=STRING)),
        work_programme=array(
            obj(
                review=obj(slug=STRING, title=STRING, stage=STRING, links=obj(self=URL)),
                next_report_due_on=nullable(DATE),
                next_report_meeting=nullable(ref("MeetingSummary")),
            )
        ),
        meetings=obj(
            "The committee's meetings, newest first, 25 a page (`?page=N`).",
            results=array(ref("MeetingSummary")),
            **PAGINATION,
        ),
    ),
    "Document": obj(
        id=INTEGER,
        title=STRING,
        kind=STRING,
        format=nullable(STRING),
        size_bytes=nullable(INTEGER),
        pages=nullable(INTEGER),
        download_url=nullable(URL),
    ),
    "Motion": obj(
        kind=STRING,
        text=STRING,
        mover=STRING,
        seconder=nullable(STRING),
        outcome=STRING,
        unanimous=BOOLEAN,
        votes=obj(**{k: nullable(INTEGER) for k in ("for", "against", "abstentions")}),
        votes_by_name=obj(
            "Each member's vote by name, where the minutes record it; empty lists otherwise. "
            "`left_the_room`: who declared an interest in the item and left the room for it.",
            **{k: array(STRING) for k in ("for", "against", "abstained", "left_the_room")},
        ),
    ),
    "Resolution": obj(
        kind=STRING,
        preamble=STRING,
        unanimous=BOOLEAN,
        parts=array(obj(number=INTEGER, text=STRING)),
    ),
    "Action": obj(
        text=STRING,
        owner=nullable(STRING),
        due_on=nullable(DATE),
        status={"enum": Action.Status.values},
        response=STRING,
        closed_on=nullable(DATE),
    ),
    "ActionLog": obj(
        "A committee's actions, newest meeting first; `status` is the filter applied "
        "(open, closed, historic or all). Historic actions came with an imported archive: "
        "whether they were done is not recorded.",
        committee=ref("CommitteeSummary"),
        status={"enum": ["open", "closed", "historic", "all"]},
        results=array(
            obj(
                text=STRING,
                agreed_at=obj(meeting=INTEGER, date=DATE, item=STRING, links=obj(self=URL)),
                owner=nullable(STRING),
                due_on=nullable(DATE),
                status={"enum": Action.Status.values},
                response=STRING,
                closed_on=nullable(DATE),
            )
        ),
        **PAGINATION,
    ),
    "AgendaItem": {
        "description": (
            "Every item has `number`, `title` (null for a confidential item), `visibility` "
            "and `notice`; an exempt item the user may not read adds only its Schedule 12A "
            "`exempt_paragraphs`. The other properties appear only where the user may see "
            "the item's content; `minutes` is null until the minutes are published."
        ),
        "type": "object",
        "required": ["number", "title", "visibility", "notice"],
        "properties": {
            "number": STRING,
            "title": nullable(STRING),
            "visibility": {"enum": Visibility.values},
            "notice": nullable(STRING),
            "exempt_paragraphs": array(INTEGER),
            "issue": nullable(obj(slug=STRING, title=STRING, links=obj(html=URL))),
            "text": STRING,
            "documents": array(ref("Document")),
            "minutes": nullable(STRING),
            "declarations": array(
                obj(
                    "`left_room`: the member left the room for the item.",
                    person=STRING,
                    kind=STRING,
                    text=STRING,
                    left_room=BOOLEAN,
                )
            ),
            "motions": array(ref("Motion")),
            "resolutions": array(ref("Resolution")),
            "actions": array(ref("Action")),
        },
    },
    "Meeting": obj(
        id=INTEGER,
        committee=ref("CommitteeSummary"),
        date=DATE,
        starts_at=DATE_TIME,
        venue=STRING,
        webcast_url=nullable(URL),
        calendar_url=URL,
        status=MEETING_STATUS,
        status_label=STRING,
        agenda_published_at=nullable(DATE_TIME),
        minutes_status=nullable({"enum": ["approved", "signed"]}),
        attendance=array(obj(name=STRING, status=STRING, role=STRING)),
        corrections=array(
            obj(
                text=STRING,
                agreed_at=obj(meeting=INTEGER, date=DATE),
                item=nullable(STRING),
            )
        ),
        matters_arising=array(
            obj(
                text=STRING,
                agreed_at=obj(meeting=INTEGER, date=DATE, item=STRING, links=obj(self=URL)),
                owner=nullable(STRING),
                due_on=nullable(DATE),
                status=STRING,
                closed_on=nullable(DATE),
                response=STRING,
            )
        ),
        matters_arising_total=INTEGER,
        items=array(ref("AgendaItem")),
        links=LINKS,
    ),
    "Summary": obj(
        "Computed from the recommendations, never typed, at the status the committee "
        "agreed (`reported_summary`: at the services' positions). `overdue` counts the "
        "open recommendations past their current target, not achieved.",
        total=INTEGER,
        achieved=INTEGER,
        achieved_late=INTEGER,
        extended=INTEGER,
        slipped=INTEGER,
        not_achieved=INTEGER,
        withdrawn=INTEGER,
        open=INTEGER,
        closed=INTEGER,
        overdue=INTEGER,
        by_status={"type": "object", "additionalProperties": INTEGER},
        sentence=STRING,
    ),
    "ReviewListEntry": obj(
        slug=STRING,
        title=STRING,
        stage=STRING,
        links=LINKS,
        committee=ref("CommitteeSummary"),
        summary=ref("Summary"),
    ),
    "ReviewList": obj(results=array(ref("ReviewListEntry")), **PAGINATION),
    "Recommendation": obj(
        "`status` and `rag` are the committee's agreed position. `service_position` is the "
        "service's own later position (the status its owner's update of `as_of` gives), "
        "for the committee to agree, or null. `overdue`: past its current target today "
        "and not achieved.",
        number=INTEGER,
        reference=STRING,
        text=STRING,
        owner=nullable(STRING),
        directorate=nullable(STRING),
        original_target_date=nullable(DATE),
        current_target_date=nullable(DATE),
        status=STATUS,
        rag={"enum": Rag.values},
        achieved_late=BOOLEAN,
        overdue=BOOLEAN,
        service_position=nullable(
            obj(status=STATUS, rag={"enum": Rag.values}, as_of=nullable(DATE))
        ),
        latest_update=UPDATE,
        links=obj(html=URL),
    ),
    "Review": obj(
        slug=STRING,
        title=STRING,
        stage=STRING,
        links=LINKS,
        committee=ref("CommitteeSummary"),
        aim=STRING,
        scope=STRING,
        reported_to_executive_on=nullable(DATE),
        summary=ref("Summary"),
        reported_summary=nullable(ref("Summary")),
        next_report=nullable(obj(due_on=DATE, meeting=nullable(ref("MeetingSummary")))),
        concerns=array(STRING),
        exceptions=array(
            obj(
                recommendation=INTEGER,
                status=STATUS,
                reason=STRING,
                original_target_date=nullable(DATE),
                current_target_date=nullable(DATE),
                overdue=BOOLEAN,
                latest_update=UPDATE,
            )
        ),
        recommendations=array(ref("Recommendation")),
        history=array(obj(on=DATE, period=STRING, kind=STRING, text=STRING)),
    ),
    "SearchResults": obj(
        "A page of search results, best first. `title_html` and `snippet_html` are escaped "
        "HTML with each matching word in `<mark>`; `title` is the same text without it. "
        "Of more than 1,000 matches the newest 1,000 are the results, `count` is 1000 "
        "and `more` is true: add words or filters to reach older ones.",
        query=STRING,
        more=BOOLEAN,
        results=array(
            obj(
                kind={"enum": list(KINDS)},
                kind_label=STRING,
                title=STRING,
                title_html=STRING,
                snippet_html=STRING,
                url=URL,
                committee=STRING,
                date=nullable(DATE),
                municipal_year=STRING,
            )
        ),
        **PAGINATION,
    ),
}
