"""Every operation of the API's OpenAPI document (/api/v1/openapi.json), its path and
query parameters fuzzed: never a 500, and every answer what the document says it is.

Driven from the document with hypothesis directly rather than with schemathesis. The
document is small (GET operations with a slug or id in the path and a page or a filter in
the query) and its schemas use only the keywords `tests/api/schema_check.py` checks, so
the checks schemathesis would make are a few lines here; schemathesis would add about
fifteen packages (an HTTP client, a WSGI toolkit, a GraphQL library, a compiled JSON
Schema validator, a rate limiter...) to the one lock file that production installs too,
and it calls the application through WSGI, outside the test client whose transaction
each example is rolled back in.

For each example, checked as schemathesis checks them:
- not a server error: every status below 500;
- status conformance: the status is one the operation documents;
- content type conformance: `application/json`, whatever the status;
- schema conformance: the body is what the document says for that status;
- negative data rejection: a parameter outside its schema (a page that is not a whole
  number from 1, a filter not in its enum, a path that does not fit) is a 404, never
  another record or another page."""

import json
import re
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.api.openapi import PATHS, openapi_document
from scrutiny.committees.models import Committee, Meeting
from scrutiny.reviews.models import Review
from tests.api.schema_check import problems
from tests.fuzz.examples import undone
from tests.fuzz.profile import FUZZ
from tests.fuzz.values import NUMBERS, SLUGS, TEXT
from tests.site.staff.world import (
    client_for,
    demo_world,  # noqa: F401 (the "world" fixture)
)

API = "/api/v1"
OPERATIONS = sorted(PATHS)
DOCUMENT = openapi_document(server="http://testserver/api/v1/")
# The roles an answer may differ for: the public, a member of a committee (who reads its
# exempt business), a clerk (who reads every record).
CALLERS = ("anonymous", "councillor", "clerk")


def fits(value: str, schema: dict) -> bool:
    """Whether a parameter's text is a value its schema allows."""
    if "enum" in schema:
        return value in schema["enum"]
    if schema.get("type") == "integer":
        if not (value.isascii() and value.isdigit()):
            return False
        return int(value) >= schema.get("minimum", 0)
    return re.fullmatch(schema.get("pattern", ".*").strip("^$"), value) is not None


def conforming(schema: dict, known: list[str]) -> st.SearchStrategy[str]:
    """Values the schema allows, the records' own ones first."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if schema.get("type") == "integer":
        numbers = st.integers(min_value=schema.get("minimum", 0))
        return st.one_of(st.sampled_from(known), numbers.map(str)) if known else numbers.map(str)
    return st.one_of(st.sampled_from(known), SLUGS) if known else SLUGS


@st.composite
def calls(draw, operation: str, known: dict[str, list[str]]) -> tuple[str, bool]:
    """A URL for the operation, and whether every parameter in it fits its schema."""
    parameters = DOCUMENT["paths"][operation]["get"].get("parameters", [])
    path, query, fitting = operation, [], True
    for parameter in parameters:
        schema = parameter["schema"]
        values = conforming(schema, known.get(parameter["name"], []))
        if parameter["in"] == "path":
            value = draw(st.one_of(values, TEXT.filter(bool), NUMBERS.filter(bool)))
            fitting &= fits(value, schema)
            path = path.replace("{" + parameter["name"] + "}", quote(value, safe=""))
        elif draw(st.booleans()):  # a query parameter is optional
            value = draw(st.one_of(values, TEXT, NUMBERS))
            fitting &= fits(value, schema)
            query.append((parameter["name"], value))
    extra = draw(st.lists(st.tuples(TEXT, TEXT), max_size=2))
    names = {p["name"] for p in parameters}
    query += [(name, value) for name, value in extra if name not in names]
    raw = draw(st.one_of(st.just(b""), st.binary(max_size=30)))
    text = urlencode(query) + (f"&junk={quote_from_bytes(raw)}" if raw else "")
    return f"{API}{path}?{text}", fitting


def known_values() -> dict[str, list[str]]:
    """The records' own ids and slugs, so examples reach real answers as well as 404s."""
    slugs = list(Committee.objects.values_list("slug", flat=True))
    slugs += list(Review.objects.values_list("slug", flat=True))
    return {
        "slug": slugs,
        "id": [str(pk) for pk in Meeting.objects.values_list("pk", flat=True)],
        "page": ["1", "2"],
    }


def assert_conforms(operation: str, url: str, response) -> None:
    responses = DOCUMENT["paths"][operation]["get"]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{url}: {status} is not a documented answer"
    assert response["Content-Type"] == "application/json", f"{url}: {response['Content-Type']}"
    schema = responses[status]["content"]["application/json"]["schema"]
    assert problems(json.loads(response.content), schema, DOCUMENT) == [], url


@pytest.mark.django_db
def test_the_served_document_has_the_operations_fuzzed(client, world):
    served = client.get(reverse("api:openapi")).json()
    assert sorted(served["paths"]) == OPERATIONS
    assert all(set(operations) == {"get"} for operations in served["paths"].values())


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_answers_any_parameters_as_documented(world, operation):
    clients = {role: client_for(role, raise_request_exception=False) for role in CALLERS}
    known = known_values()

    @FUZZ
    @given(call=calls(operation, known), caller=st.sampled_from(CALLERS))
    def fuzz(call, caller):
        url, fitting = call
        with undone():
            response = clients[caller].get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        assert_conforms(operation, url, response)
        if not fitting:
            assert response.status_code == 404, f"{url}: a parameter outside its schema"

    fuzz()
