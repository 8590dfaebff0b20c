import pytest
from django.core.management import call_command

from scrutiny.api.openapi import openapi_document
from tests.api.schema_check import problems


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def get_json(client, url: str, status: int = 200) -> dict:
    """The answer as data, after checking it is the JSON the status promises."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"] == "application/json"
    return response.json()


def assert_matches_schema(data: dict, schema_name: str) -> None:
    """The answer is what the OpenAPI document says it is, property for property."""
    document = openapi_document(server="http://testserver/api/v1/")
    schema = {"$ref": f"#/components/schemas/{schema_name}"}
    assert problems(data, schema, document) == []
