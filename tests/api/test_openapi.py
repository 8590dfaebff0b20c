"""The OpenAPI document describes every route there is, and only routes there are."""

import json
import re

from django.urls import URLPattern, get_resolver, resolve, reverse

from tests.api.schema_check import KNOWN

API_PREFIX = "/api/v1"


def document(client) -> dict:
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_document_is_openapi_3_1(client, db):
    data = document(client)
    assert re.fullmatch(r"3\.1\.\d+", data["openapi"])
    assert data["info"]["title"] and data["info"]["version"]
    assert data["servers"] == [{"url": "http://testserver/api/v1"}]


def test_every_route_is_documented(client, db):
    documented = {API_PREFIX + path for path in document(client)["paths"]}
    patterns = get_resolver().namespace_dict["api"][1].url_patterns
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)).replace("{pk}", "{id}")
        assert f"{API_PREFIX}/{route}" in documented, route


def test_every_documented_path_resolves_to_the_api(client, db):
    examples = {"{slug}": "a-slug", "{id}": "1"}
    for path, operations in document(client)["paths"].items():
        concrete = path
        for placeholder, value in examples.items():
            concrete = concrete.replace(placeholder, value)
        match = resolve(API_PREFIX + concrete)
        assert match.namespace == "api", path
        assert set(operations) == {"get"}
        declared = {p["name"] for p in operations["get"].get("parameters", [])}
        assert {n.strip("{}") for n in re.findall(r"{\w+}", path)} <= declared, path


def test_every_reference_is_defined_and_every_keyword_checked(client, db):
    data = document(client)
    schemas = data["components"]["schemas"]
    text = json.dumps(data)
    for name in re.findall(r'"#/components/schemas/(\w+)"', text):
        assert name in schemas, name

    def keywords(schema):
        if isinstance(schema, dict):
            assert set(schema) <= KNOWN, schema
            for key, value in schema.items():
                if key == "properties":
                    for sub in value.values():
                        keywords(sub)
                elif key in ("items", "additionalProperties"):
                    keywords(value)
                elif key == "anyOf":
                    for sub in value:
                        keywords(sub)

    for schema in schemas.values():
        keywords(schema)


def test_the_document_says_the_status_is_the_committees_and_the_position_the_services(client, db):
    data = document(client)
    assert "`service_position`" in data["info"]["description"]
    recommendation = data["components"]["schemas"]["Recommendation"]
    assert {"status", "rag", "service_position", "overdue"} <= set(recommendation["required"])
    assert "committee's agreed position" in recommendation["description"]
