"""POST /api/incident-state: the created object, the seed's body, unknown fields, types."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.api.helpers import BASE, FIELDS, create, error, get, try_create, unique
from tests.conftest import Api, Tenant

INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def test_create_returns_the_created_state_with_every_field(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers, name="Mitigated", color="#123abc", description="d")
    assert set(FIELDS) <= set(created)
    assert created["name"] == "Mitigated"
    assert created["color"] == "#123abc"
    assert created["description"] == "d"


def test_create_puts_the_state_in_the_keys_project(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers)
    assert created["projectId"] == tenant.project_id


def test_create_gives_a_new_uuid_id(api: Api, tenant: Tenant) -> None:
    first = create(api, tenant.headers)
    second = create(api, tenant.headers)
    assert UUID(first["_id"]) != UUID(second["_id"])


def test_create_sets_equal_iso_created_and_updated_times(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers)
    assert INSTANT.match(created["createdAt"]), created["createdAt"]
    assert created["createdAt"] == created["updatedAt"]


def test_create_defaults_flags_to_false_and_optional_fields_to_null(
    api: Api, tenant: Tenant
) -> None:
    created = create(api, tenant.headers)
    assert created["isCreatedState"] is False
    assert created["isAcknowledgedState"] is False
    assert created["isResolvedState"] is False
    assert created["description"] is None
    assert created["createdByUserId"] is None
    assert created["createdByUser"] is None


def test_create_accepts_the_seed_example_body_verbatim(api: Api, tenant: Tenant) -> None:
    body = {
        "data": {
            "name": "Acknowledged",
            "projectId": tenant.project_id,
            "description": "The incident has been acknowledged by the on-call engineer "
            "and is being investigated",
            "color": "#3498db",
            "createdByUser": "Example created by user",
        }
    }
    response = api.client.post(BASE, json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["name"] == "Acknowledged"
    assert created["projectId"] == tenant.project_id
    assert created["description"] == body["data"]["description"]
    assert created["color"] == "#3498db"
    assert created["createdByUser"] == "Example created by user"


def test_create_naming_another_project_is_forbidden(api: Api, tenant: Tenant) -> None:
    name = unique()
    response = try_create(api, tenant.headers, name=name, color="#123", projectId=str(uuid4()))
    error(response, 403)
    listed = api.client.post(
        f"{BASE}/count", json={"query": {"name": name}}, headers=tenant.headers
    )
    assert listed.json() == {"count": 0}


def test_create_with_a_malformed_project_id_is_rejected(api: Api, tenant: Tenant) -> None:
    error(try_create(api, tenant.headers, name=unique(), color="#123", projectId="nope"), 400)


def test_create_rejects_unknown_fields_naming_each(api: Api, tenant: Tenant) -> None:
    response = try_create(api, tenant.headers, name=unique(), color="#123", colour="x", foo=1)
    message = error(response, 400)
    assert "colour" in message
    assert "foo" in message


def test_create_rejects_unknown_top_level_fields(api: Api, tenant: Tenant) -> None:
    body = {"data": {"name": unique(), "color": "#123"}, "extra": True}
    message = error(api.client.post(BASE, json=body, headers=tenant.headers), 400)
    assert "extra" in message


def test_create_records_created_by_user_as_given(api: Api, tenant: Tenant) -> None:
    user = {"name": "Ada", "email": "ada@example.com"}
    created = create(api, tenant.headers, createdByUser=user)
    assert created["createdByUser"] == user
    assert get(api, tenant.headers, created["_id"])["createdByUser"] == user


def test_create_records_created_by_user_id(api: Api, tenant: Tenant) -> None:
    user_id = str(uuid4())
    created = create(api, tenant.headers, createdByUserId=user_id)
    assert created["createdByUserId"] == user_id


def test_create_rejects_a_created_by_user_id_that_is_not_an_id(api: Api, tenant: Tenant) -> None:
    response = try_create(api, tenant.headers, name=unique(), color="#123", createdByUserId="u1")
    assert "createdByUserId" in error(response, 400)


def test_created_state_reads_back_identically(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers, description="same", createdByUser=["x", 1])
    read = get(api, tenant.headers, created["_id"])
    assert {k: created[k] for k in FIELDS} == read


@pytest.mark.parametrize("user", [None, "free text", {"name": "Ada"}, ["x", 1]])
def test_create_answers_exactly_what_get_item_then_reads(
    api: Api, tenant: Tenant, user: Any
) -> None:
    created = create(api, tenant.headers, createdByUser=user, isAcknowledgedState=True, order=2)
    every = {name: True for name in (*FIELDS, "project")}
    response = api.client.post(
        f"{BASE}/{created['_id']}/get-item", json={"select": every}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert created == response.json()
    assert created["project"]["_id"] == tenant.project_id


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"data": None},
        {"data": "name=x"},
        {"data": []},
        {"name": "outside data", "color": "#123"},
    ],
)
def test_create_needs_a_data_object(api: Api, tenant: Tenant, body: dict[str, Any]) -> None:
    error(api.client.post(BASE, json=body, headers=tenant.headers), 400)


def test_create_without_a_body_is_rejected(api: Api, tenant: Tenant) -> None:
    error(api.client.post(BASE, headers=tenant.headers), 400)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 5),
        ("color", 123),
        ("description", ["a"]),
        ("isCreatedState", "true"),
        ("isAcknowledgedState", 1),
        ("isResolvedState", "yes"),
        ("order", "2"),
        ("order", 2.5),
        ("order", True),
        ("slug", 7),
    ],
)
def test_create_rejects_values_of_the_wrong_type(
    api: Api, tenant: Tenant, field: str, value: object
) -> None:
    data: dict[str, Any] = {"name": unique(), "color": "#123", field: value}
    assert field in error(try_create(api, tenant.headers, **data), 400)


def test_rejected_create_leaves_no_state_behind(api: Api, tenant: Tenant) -> None:
    name = unique()
    error(try_create(api, tenant.headers, name=name, color="blue"), 400)
    response = api.client.post(
        f"{BASE}/count", json={"query": {"name": name}}, headers=tenant.headers
    )
    assert response.json() == {"count": 0}
