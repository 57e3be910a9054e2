"""OpenAPI at /openapi.json and /docs documents every route of the Incident State API."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.helpers import FIELDS, Json
from tests.conftest import Api

ROUTES = {
    ("post", "/api/incident-state"),
    ("post", "/api/incident-state/get-list"),
    ("get", "/api/incident-state/get-list"),
    ("post", "/api/incident-state/count"),
    ("post", "/api/incident-state/{id}/get-item"),
    ("get", "/api/incident-state/{id}/get-item"),
    ("put", "/api/incident-state/{id}"),
    ("post", "/api/incident-state/{id}/update-item"),
    ("get", "/api/incident-state/{id}/update-item"),
    ("delete", "/api/incident-state/{id}"),
    ("post", "/api/incident-state/{id}/delete-item"),
    ("get", "/api/incident-state/{id}/delete-item"),
    ("get", "/api/incident-state/{id}/history"),
}
WRITES = (
    ("post", "/api/incident-state"),
    ("put", "/api/incident-state/{id}"),
    ("post", "/api/incident-state/{id}/update-item"),
    ("get", "/api/incident-state/{id}/update-item"),
)


@pytest.fixture(scope="module")
def spec(api: Api) -> Json:
    """The served OpenAPI document."""
    response = api.client.get("/openapi.json")
    assert response.status_code == 200, response.text
    document: Json = response.json()
    return document


def normal(path: str) -> str:
    """A path with its parameter named {id}, whatever the app calls it."""
    return re.sub(r"\{[^}]+\}", "{id}", path)


def operation(spec: Json, method: str, path: str) -> Json:
    """One documented operation."""
    paths = {normal(p): ops for p, ops in spec["paths"].items()}
    found: Json = paths[path][method]
    return found


def body_schema(spec: Json, method: str, path: str) -> Json:
    """The JSON request body schema of an operation."""
    schema: Json = operation(spec, method, path)["requestBody"]["content"]["application/json"][
        "schema"
    ]
    return schema


def resolve(spec: Json, schema: Json) -> Json:
    """Follow a $ref into components."""
    ref: Any = schema.get("$ref")
    if isinstance(ref, str):
        resolved: Json = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def test_openapi_documents_every_route(spec: Json) -> None:
    documented = {(m, normal(p)) for p, ops in spec["paths"].items() for m in ops}
    assert documented >= ROUTES


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_each_route_documents_api_key_authentication(spec: Json, method: str, path: str) -> None:
    security = operation(spec, method, path).get("security", [])
    schemes = spec["components"]["securitySchemes"]
    used = {name for requirement in security for name in requirement}
    assert any(
        schemes[name].get("in") == "header" and schemes[name].get("name") == "ApiKey"
        for name in used
    )
    assert any(schemes[name].get("scheme") == "bearer" for name in used)


def test_operation_ids_are_unique(spec: Json) -> None:
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("method", ["get", "post"])
def test_get_list_documents_skip_and_limit(spec: Json, method: str) -> None:
    params = operation(spec, method, "/api/incident-state/get-list").get("parameters", [])
    assert {(p["name"], p["in"]) for p in params} >= {("skip", "query"), ("limit", "query")}


def test_get_list_documents_query_select_and_sort(spec: Json) -> None:
    schema = body_schema(spec, "post", "/api/incident-state/get-list")
    assert {"query", "select", "sort"} <= set(schema["properties"])


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_writes_document_a_required_data_body(spec: Json, method: str, path: str) -> None:
    assert operation(spec, method, path)["requestBody"]["required"] is True
    assert "data" in body_schema(spec, method, path)["properties"]


def test_create_documents_name_and_color_as_required(spec: Json) -> None:
    data = body_schema(spec, "post", "/api/incident-state")["properties"]["data"]
    assert {"name", "color"} <= set(data["required"])
    assert {"description", "isCreatedState", "order", "slug"} <= set(data["properties"])


def test_create_documents_the_returned_object(spec: Json) -> None:
    response = operation(spec, "post", "/api/incident-state")["responses"]["200"]
    schema = resolve(spec, response["content"]["application/json"]["schema"])
    assert set(FIELDS) <= set(schema["properties"])


def test_list_documents_its_page_shape(spec: Json) -> None:
    response = operation(spec, "post", "/api/incident-state/get-list")["responses"]["200"]
    schema = resolve(spec, response["content"]["application/json"]["schema"])
    assert {"count", "limit", "skip", "data"} <= set(schema["properties"])


def test_history_documents_its_entries(spec: Json) -> None:
    response = operation(spec, "get", "/api/incident-state/{id}/history")["responses"]
    schema = response["200"]["content"]["application/json"]["schema"]
    entry = resolve(spec, schema["items"])
    assert {"version", "type", "recordedAt", "actor", "changes"} <= set(entry["properties"])


def test_docs_page_serves_the_interactive_documentation(api: Api) -> None:
    response = api.client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in response.text
