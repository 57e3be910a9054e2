"""Error shape and statuses: malformed bodies, bad ids, unknown routes; never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import BASE, create, error
from tests.conftest import Api, Tenant

BODY_ROUTES = (
    ("POST", ""),
    ("POST", "/get-list"),
    ("GET", "/get-list"),
    ("POST", "/count"),
    ("POST", "/{id}/get-item"),
    ("GET", "/{id}/get-item"),
    ("PUT", "/{id}"),
    ("POST", "/{id}/update-item"),
    ("GET", "/{id}/update-item"),
)
ID_ROUTES = (
    ("GET", "/{id}/get-item"),
    ("POST", "/{id}/get-item"),
    ("PUT", "/{id}"),
    ("POST", "/{id}/update-item"),
    ("GET", "/{id}/update-item"),
    ("DELETE", "/{id}"),
    ("POST", "/{id}/delete-item"),
    ("GET", "/{id}/delete-item"),
    ("GET", "/{id}/history"),
)


@pytest.fixture(scope="module")
def lenient(api: Api) -> Iterator[TestClient]:
    """A client on the same running app that reports server errors as responses."""
    yield TestClient(api.client.app, raise_server_exceptions=False)


def route_id(route: tuple[str, str]) -> str:
    """A readable test id for a route."""
    return f"{route[0]} {route[1] or '/'}"


@pytest.mark.parametrize("route", BODY_ROUTES, ids=route_id)
@pytest.mark.parametrize("raw", [b"{not json", b'{"data": ', b"{'single': 1}", b"\xff\xfe\x00"])
def test_malformed_json_is_a_client_error(
    api: Api, tenant: Tenant, route: tuple[str, str], raw: bytes
) -> None:
    state = create(api, tenant.headers)
    method, path = route
    response = api.client.request(
        method,
        BASE + path.format(id=state["_id"]),
        content=raw,
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    error(response, 400)


def test_malformed_json_message_says_so(api: Api, tenant: Tenant) -> None:
    response = api.client.post(
        f"{BASE}/count",
        content=b"{oops",
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    assert "JSON" in error(response, 400)


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"42", b"null", b"true"])
def test_a_body_that_is_not_an_object_is_rejected(api: Api, tenant: Tenant, raw: bytes) -> None:
    response = api.client.post(
        f"{BASE}/get-list",
        content=raw,
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    error(response, 400)


def test_form_body_for_create_is_a_client_error(api: Api, tenant: Tenant) -> None:
    response = api.client.post(BASE, data={"data": "name"}, headers=tenant.headers)
    error(response, 400)


@pytest.mark.parametrize("route", ID_ROUTES, ids=route_id)
@pytest.mark.parametrize("bad_id", ["nope", "123", "00000000-0000-0000-0000", "%C3%A9t%C3%A9"])
def test_malformed_ids_are_rejected(
    api: Api, tenant: Tenant, route: tuple[str, str], bad_id: str
) -> None:
    method, path = route
    body = {"data": {"name": "x"}} if "update" in path or method == "PUT" else None
    response = api.client.request(
        method, BASE + path.format(id=bad_id), json=body, headers=tenant.headers
    )
    assert "id" in error(response, 400)


@pytest.mark.parametrize("route", ID_ROUTES, ids=route_id)
def test_unknown_ids_are_not_found(api: Api, tenant: Tenant, route: tuple[str, str]) -> None:
    method, path = route
    body = {"data": {"name": "x"}} if "update" in path or method == "PUT" else None
    response = api.client.request(
        method, BASE + path.format(id=uuid4()), json=body, headers=tenant.headers
    )
    error(response, 404)


def test_unknown_route_is_a_json_404(api: Api, tenant: Tenant) -> None:
    error(api.client.get("/api/incident-states", headers=tenant.headers), 404)


def test_unsupported_method_is_a_json_405(api: Api, tenant: Tenant) -> None:
    error(api.client.patch(f"{BASE}/{uuid4()}", json={}, headers=tenant.headers), 405)


def test_conflict_is_a_json_409(api: Api, tenant: Tenant) -> None:
    body = {"data": {"name": "Active", "color": "#123"}}
    assert "Active" in error(api.client.post(BASE, json=body, headers=tenant.headers), 409)


def test_deeply_nested_json_is_a_client_error(lenient: TestClient, tenant: Tenant) -> None:
    raw = b"[" * 100_000 + b"]" * 100_000
    response = lenient.post(
        f"{BASE}/count", content=raw, headers={**tenant.headers, "Content-Type": "application/json"}
    )
    error(response, 400)


def test_deeply_nested_created_by_user_is_never_a_server_error(
    lenient: TestClient, tenant: Tenant
) -> None:
    nested = b"[" * 5000 + b"]" * 5000
    raw = b'{"data": {"name": "Deep", "color": "#123", "createdByUser": ' + nested + b"}}"
    response = lenient.post(
        BASE, content=raw, headers={**tenant.headers, "Content-Type": "application/json"}
    )
    assert response.status_code < 500, response.text


def test_huge_integer_in_a_query_is_never_a_server_error(
    lenient: TestClient, tenant: Tenant
) -> None:
    response = lenient.post(
        f"{BASE}/count", json={"query": {"order": 10**20}}, headers=tenant.headers
    )
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert response.json() == {"count": 0}


def test_nul_character_in_a_query_is_never_a_server_error(
    lenient: TestClient, tenant: Tenant
) -> None:
    query = {"name": {"_type": "Search", "value": "a\u0000b"}}
    response = lenient.post(f"{BASE}/count", json={"query": query}, headers=tenant.headers)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert response.json() == {"count": 0}


def test_nul_character_in_a_plain_query_value_is_never_a_server_error(
    lenient: TestClient, tenant: Tenant
) -> None:
    response = lenient.post(
        f"{BASE}/get-list", json={"query": {"description": "\u0000"}}, headers=tenant.headers
    )
    assert response.status_code in (200, 400), response.text
