"""Typed helpers for the HTTP tests: calls to the Incident State API and their checks."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx

from tests.conftest import Api, Tenant, make_tenant

BASE = "/api/incident-state"
Headers = dict[str, str]
Json = dict[str, Any]

FIELDS = (
    "_id",
    "createdAt",
    "updatedAt",
    "projectId",
    "name",
    "slug",
    "description",
    "createdByUserId",
    "createdByUser",
    "color",
    "isCreatedState",
    "isAcknowledgedState",
    "isResolvedState",
    "order",
)
SELECT_ALL: dict[str, bool] = {name: True for name in FIELDS if name != "_id"}
DEFAULT_STATES = ("Active", "Investigating", "Stable", "Resolved")
SAMPLES: tuple[Json, ...] = (
    {"name": "Alpha Check", "color": "#aa0000", "description": "first one"},
    {"name": "beta check", "color": "#bb0000"},
    {"name": "Gamma_%", "color": "#cc0000", "description": "100% sure"},
    {"name": "Delta", "color": "#aa0000", "description": "Under_score"},
)
SAMPLE_NAMES = (*DEFAULT_STATES, *(s["name"] for s in SAMPLES))


def unique(prefix: str = "State") -> str:
    """A state name no other test uses."""
    return f"{prefix} {uuid4().hex[:10]}"


def make_sample(api: Api) -> Tenant:
    """A new project with the default states and the four SAMPLES, orders 1-8."""
    tenant = make_tenant(api.services, "Query sample")
    for data in SAMPLES:
        create(api, tenant.headers, **data)
    return tenant


def create(api: Api, headers: Headers, **data: Any) -> Json:
    """Create a state (a unique name and a colour unless given) and return it."""
    data.setdefault("name", unique())
    data.setdefault("color", "#32a852")
    response = api.client.post(BASE, json={"data": data}, headers=headers)
    assert response.status_code == 200, response.text
    created: Json = response.json()
    return created


def try_create(api: Api, headers: Headers, **data: Any) -> httpx.Response:
    """POST a create with exactly this data."""
    return api.client.post(BASE, json={"data": data}, headers=headers)


def get(api: Api, headers: Headers, state_id: str) -> Json:
    """Every field of one state, read back through get-item."""
    response = api.client.post(
        f"{BASE}/{state_id}/get-item", json={"select": SELECT_ALL}, headers=headers
    )
    assert response.status_code == 200, response.text
    item: Json = response.json()
    return item


def update(api: Api, headers: Headers, state_id: str, **data: Any) -> None:
    """PUT a partial update that must succeed."""
    response = try_update(api, headers, state_id, **data)
    assert response.status_code == 200, response.text
    assert response.json() == {}


def try_update(api: Api, headers: Headers, state_id: str, **data: Any) -> httpx.Response:
    """PUT a partial update with exactly this data."""
    return api.client.put(f"{BASE}/{state_id}", json={"data": data}, headers=headers)


def delete(api: Api, headers: Headers, state_id: str) -> httpx.Response:
    """DELETE a state."""
    return api.client.delete(f"{BASE}/{state_id}", headers=headers)


def get_list(
    api: Api, headers: Headers, body: Json | None = None, params: Json | None = None
) -> Json:
    """A successful POST get-list."""
    response = api.client.post(f"{BASE}/get-list", json=body, params=params, headers=headers)
    assert response.status_code == 200, response.text
    page: Json = response.json()
    return page


def count(api: Api, headers: Headers, query: Json | None = None) -> int:
    """A successful count."""
    body = None if query is None else {"query": query}
    response = api.client.post(f"{BASE}/count", json=body, headers=headers)
    assert response.status_code == 200, response.text
    total: int = response.json()["count"]
    return total


def names(api: Api, headers: Headers, query: Json | None = None) -> list[str]:
    """Names of the matching states, in ascending order of `order`."""
    body: Json = {"select": {"name": True}, "sort": {"order": 1}}
    if query is not None:
        body["query"] = query
    page = get_list(api, headers, body, {"limit": 100})
    return [item["name"] for item in page["data"]]


def by_order(api: Api, headers: Headers) -> list[Json]:
    """Every state of the project with every field, in ascending order."""
    body = {"select": SELECT_ALL, "sort": {"order": 1}}
    data: list[Json] = get_list(api, headers, body, {"limit": 100})["data"]
    return data


def history(api: Api, headers: Headers, state_id: str) -> list[Json]:
    """The state's history entries."""
    response = api.client.get(f"{BASE}/{state_id}/history", headers=headers)
    assert response.status_code == 200, response.text
    entries: list[Json] = response.json()
    return entries


def holder(api: Api, headers: Headers, flag: str) -> list[str]:
    """Names of the states holding a flag."""
    return names(api, headers, {flag: True})


def error(response: httpx.Response, status: int) -> str:
    """Check the status and the {"error": "..."} shape; return the message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"], body
    message: str = body["error"]
    assert message.strip()
    return message
