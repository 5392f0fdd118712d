"""The published API description: one definition per schema name, every error an operation can
answer documented, and a documentation page that works under the content security policy."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from ninja import Schema
from ninja.openapi.schema import OpenAPISchema

from lotsa.api import api

METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_each_schema_name_has_one_definition(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two schemas of one name would share one entry, and all but one operation would answer
    outside their published schema."""
    seen: dict[str, set[str]] = defaultdict(set)
    original = OpenAPISchema.add_schema_definitions

    def recording(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            seen[name].add(json.dumps(definition, sort_keys=True))
        original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording)
    api.get_openapi_schema()
    assert seen
    assert {name: len(found) for name, found in seen.items() if len(found) > 1} == {}


def test_no_two_lotsa_schemas_share_a_name() -> None:
    def subclasses(cls: type) -> list[type]:
        return [cls, *(sub for direct in cls.__subclasses__() for sub in subclasses(direct))]

    names: dict[str, set[str]] = defaultdict(set)
    for cls in subclasses(Schema):
        if cls.__module__.startswith("lotsa.") and ".tests." not in cls.__module__:
            names[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert "ParticipantOut" in names
    assert {name: found for name, found in names.items() if len(found) > 1} == {}


def _ref(response: dict[str, Any]) -> str:
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_every_operation_documents_the_errors_it_can_answer() -> None:
    schema = api.get_openapi_schema()
    listed = operations(schema)
    assert len(listed) > 40
    for name, operation in listed:
        responses = {int(status): answer for status, answer in operation["responses"].items()}
        parameters = operation.get("parameters", [])
        expected = {401, 429}
        if parameters or "requestBody" in operation:
            expected.add(422)
        if "requestBody" in operation:
            expected |= {400, 413}
        if any(parameter["in"] == "path" for parameter in parameters):
            expected.add(404)
        assert operation["security"] == [{"BearerToken": []}], name
        assert expected <= set(responses), (name, sorted(expected - set(responses)))
        for status in expected:
            wanted = "ValidationErrorOut" if status == 422 else "ErrorOut"
            assert _ref(responses[status]) == wanted, (name, status)
    detail = schema["components"]["schemas"]["ValidationErrorOut"]
    assert {"detail", "existing_id"} <= set(detail["properties"])
    assert set(schema["components"]["schemas"]["FieldErrorOut"]["required"]) == {
        "loc",
        "msg",
        "type",
    }


@pytest.mark.parametrize(
    ("operation", "status"),
    [
        ("GET /api/participants", 403),
        ("GET /api/employers", 403),
        ("POST /api/employers", 403),
        ("GET /api/enrolments/caseload", 403),
        ("GET /api/referrals", 403),
        ("GET /api/outcomes/{code}", 403),
        ("POST /api/fidelity-reviews/{review_id}/ratings", 403),
        ("POST /api/participants", 404),
        ("POST /api/enrolments", 404),
        ("GET /api/enrolments", 404),
        ("POST /api/referrals", 404),
    ],
)
def test_refusals_that_depend_on_the_operation_are_documented(operation, status) -> None:
    documented = dict(operations(api.get_openapi_schema()))
    assert str(status) in json.loads(json.dumps(documented[operation]["responses"]))


def test_the_documentation_page_loads_only_lotsas_own_files(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    # Nothing from another origin, and no inline script the policy would block.
    assert not re.search(r"(?:src|href)=[\"'](?:https?:)?//", page), page
    assert "cdn" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assets = re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", page)
    assert {"ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"} <= (
        set(assets)
    )
    for asset in assets:
        assert finders.find(asset), asset
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert settings["url"] == "/api/openapi.json"
    assert settings["validatorUrl"] is None
