"""Authentication (ApiKey, Bearer, revoked keys) and the seed's full permission matrix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from tests.api.helpers import BASE, FIELDS, Headers, create, error, get, unique
from tests.conftest import Api, Tenant, make_tenant


@dataclass(frozen=True)
class Operation:
    """One route of the API, sent against an existing state."""

    name: str
    needs: str  # read, create, update or delete
    send: Callable[[Api, Headers, str], httpx.Response]


def _call(
    method: str, suffix: str, body: object = None
) -> Callable[[Api, Headers, str], httpx.Response]:
    def send(api: Api, headers: Headers, state_id: str) -> httpx.Response:
        path = suffix.format(id=state_id)
        payload = body() if callable(body) else body
        return api.client.request(method, f"{BASE}{path}", json=payload, headers=headers)

    return send


def _new_state() -> dict[str, object]:
    return {"data": {"name": unique(), "color": "#123456"}}


def _change() -> dict[str, object]:
    return {"data": {"description": unique("changed")}}


OPERATIONS = (
    Operation("list by POST", "read", _call("POST", "/get-list")),
    Operation("list by GET", "read", _call("GET", "/get-list")),
    Operation("count by POST", "read", _call("POST", "/count")),
    Operation("get item by POST", "read", _call("POST", "/{id}/get-item")),
    Operation("get item by GET", "read", _call("GET", "/{id}/get-item")),
    Operation("history", "read", _call("GET", "/{id}/history")),
    Operation("create", "create", _call("POST", "", _new_state)),
    Operation("update by PUT", "update", _call("PUT", "/{id}", _change)),
    Operation("update by POST", "update", _call("POST", "/{id}/update-item", _change)),
    Operation("update by GET", "update", _call("GET", "/{id}/update-item", _change)),
    Operation("delete by DELETE", "delete", _call("DELETE", "/{id}")),
    Operation("delete by POST", "delete", _call("POST", "/{id}/delete-item")),
    Operation("delete by GET", "delete", _call("GET", "/{id}/delete-item")),
)
GRANTS: dict[str, tuple[str | None, tuple[str, ...], set[str]]] = {
    "owner": ("owner", (), {"read", "create", "update", "delete"}),
    "admin": ("admin", (), {"read", "create", "update", "delete"}),
    "member": ("member", (), {"read", "create", "update", "delete"}),
    "ReadIncidentState": (None, ("ReadIncidentState",), {"read"}),
    "ReadAllProjectResources": (None, ("ReadAllProjectResources",), {"read"}),
    "CreateIncidentState": (None, ("CreateIncidentState",), {"create"}),
    "EditIncidentState": (None, ("EditIncidentState",), {"update"}),
    "DeleteIncidentState": (None, ("DeleteIncidentState",), {"delete"}),
    "Create and Edit": (None, ("CreateIncidentState", "EditIncidentState"), {"create", "update"}),
}


@pytest.fixture(scope="module")
def project(api: Api) -> Tenant:
    """One project for the whole matrix; each case works on its own new state."""
    return make_tenant(api.services, "Permission matrix")


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.name)
@pytest.mark.parametrize("grant", list(GRANTS))
def test_each_key_may_do_exactly_what_its_role_or_permissions_allow(
    api: Api, project: Tenant, grant: str, operation: Operation
) -> None:
    role, permissions, allowed = GRANTS[grant]
    state = create(api, project.headers)
    response = operation.send(api, project.key(role, *permissions), state["_id"])
    if operation.needs in allowed:
        assert response.status_code == 200, response.text
    else:
        assert operation.needs in error(response, 403)
        assert get(api, project.headers, state["_id"]) == {k: state[k] for k in FIELDS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.name)
def test_every_route_refuses_a_request_without_a_key(
    api: Api, project: Tenant, operation: Operation
) -> None:
    state = create(api, project.headers)
    error(operation.send(api, {}, state["_id"]), 401)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.name)
def test_every_route_refuses_an_unknown_key(
    api: Api, project: Tenant, operation: Operation
) -> None:
    state = create(api, project.headers)
    error(operation.send(api, {"ApiKey": "not-a-key"}, state["_id"]), 401)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.name)
def test_every_route_refuses_a_revoked_key(api: Api, project: Tenant, operation: Operation) -> None:
    state = create(api, project.headers)
    headers = project.key("owner")
    api.services.projects.revoke_key(project.keys[-1].api_key_id)
    error(operation.send(api, headers, state["_id"]), 401)


def test_forbidden_create_creates_nothing(api: Api, project: Tenant) -> None:
    name = unique()
    reader = project.key(None, "ReadIncidentState")
    body = {"data": {"name": name, "color": "#123"}}
    error(api.client.post(BASE, json=body, headers=reader), 403)
    listed = api.client.post(f"{BASE}/count", json={"query": {"name": name}}, headers=reader)
    assert listed.json() == {"count": 0}


def test_forbidden_message_names_the_needed_permission(api: Api, project: Tenant) -> None:
    reader = project.key(None, "ReadIncidentState")
    body = {"data": {"name": unique(), "color": "#123"}}
    assert "CreateIncidentState" in error(api.client.post(BASE, json=body, headers=reader), 403)


def test_permission_is_checked_before_the_body(api: Api, project: Tenant) -> None:
    reader = project.key(None, "ReadIncidentState")
    response = api.client.post(BASE, content=b"{not json", headers=reader)
    error(response, 403)


def test_key_is_checked_before_the_body(api: Api) -> None:
    error(api.client.post(BASE, content=b"{not json"), 401)


def test_bearer_token_authenticates(api: Api, project: Tenant) -> None:
    project.key("member")
    bearer = {"Authorization": f"Bearer {project.keys[-1].api_key}"}
    response = api.client.post(f"{BASE}/count", headers=bearer)
    assert response.status_code == 200, response.text


def test_unknown_bearer_token_is_refused(api: Api) -> None:
    error(api.client.post(f"{BASE}/count", headers={"Authorization": "Bearer nope"}), 401)


def test_other_authorization_schemes_are_refused(api: Api, project: Tenant) -> None:
    secret = project.owner.api_key
    error(api.client.post(f"{BASE}/count", headers={"Authorization": f"Basic {secret}"}), 401)


def test_empty_api_key_is_refused(api: Api) -> None:
    error(api.client.post(f"{BASE}/count", headers={"ApiKey": ""}), 401)


def test_revoked_bearer_token_is_refused(api: Api, project: Tenant) -> None:
    project.key("admin")
    issued = project.keys[-1]
    bearer = {"Authorization": f"Bearer {issued.api_key}"}
    assert api.client.post(f"{BASE}/count", headers=bearer).status_code == 200
    api.services.projects.revoke_key(issued.api_key_id)
    error(api.client.post(f"{BASE}/count", headers=bearer), 401)


def test_revoking_a_key_stops_it_at_once(api: Api, project: Tenant) -> None:
    headers = project.key("owner")
    key_id = project.keys[-1].api_key_id
    for _ in range(5):
        assert api.client.post(f"{BASE}/count", headers=headers).status_code == 200
    api.services.projects.revoke_key(key_id)
    error(api.client.post(f"{BASE}/count", headers=headers), 401)


def test_revoking_one_key_leaves_the_others_working(api: Api, project: Tenant) -> None:
    doomed = project.key("member")
    kept = project.key("member")
    api.services.projects.revoke_key(project.keys[-2].api_key_id)
    error(api.client.post(f"{BASE}/count", headers=doomed), 401)
    assert api.client.post(f"{BASE}/count", headers=kept).status_code == 200


def test_revoked_key_cannot_write(api: Api, project: Tenant) -> None:
    headers = project.key("owner")
    api.services.projects.revoke_key(project.keys[-1].api_key_id)
    body = {"data": {"name": unique(), "color": "#123"}}
    error(api.client.post(BASE, json=body, headers=headers), 401)
