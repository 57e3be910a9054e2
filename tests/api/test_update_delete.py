"""Update (PUT, POST/GET update-item) and delete (DELETE, POST/GET delete-item)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from tests.api.helpers import (
    BASE,
    Json,
    count,
    create,
    delete,
    error,
    get,
    try_update,
    unique,
    update,
)
from tests.conftest import Api, Tenant

UPDATE_ROUTES = (("PUT", ""), ("POST", "/update-item"), ("GET", "/update-item"))
DELETE_ROUTES = (("DELETE", ""), ("POST", "/delete-item"), ("GET", "/delete-item"))


def send(api: Api, tenant: Tenant, route: tuple[str, str], state_id: str, body: Any = None) -> Any:
    """Send a request to one of the alternative routes of a state."""
    method, suffix = route
    return api.client.request(
        method, f"{BASE}/{state_id}{suffix}", json=body, headers=tenant.headers
    )


@pytest.mark.parametrize("route", UPDATE_ROUTES)
def test_update_changes_the_given_fields_and_answers_empty(
    api: Api, tenant: Tenant, route: tuple[str, str]
) -> None:
    state = create(api, tenant.headers, description="old")
    name = unique()
    response = send(api, tenant, route, state["_id"], {"data": {"name": name, "color": "#abc"}})
    assert response.status_code == 200, response.text
    assert response.json() == {}
    after = get(api, tenant.headers, state["_id"])
    assert (after["name"], after["color"], after["description"]) == (name, "#abc", "old")


def test_update_accepts_the_seed_example_body(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    data = {"name": unique("Acknowledged"), "description": "seed text", "color": "#3498db"}
    response = api.client.put(f"{BASE}/{state['_id']}", json={"data": data}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    after = get(api, tenant.headers, state["_id"])
    assert {k: after[k] for k in data} == data


def test_update_leaves_other_fields_alone(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, description="keep", createdByUser={"a": 1})
    update(api, tenant.headers, state["_id"], color="#fff")
    after = get(api, tenant.headers, state["_id"])
    unchanged = ("name", "slug", "description", "createdByUser", "order", "createdAt", "projectId")
    assert {k: after[k] for k in unchanged} == {k: state[k] for k in unchanged}


def test_update_can_set_description_to_null(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, description="gone soon")
    update(api, tenant.headers, state["_id"], description=None)
    assert get(api, tenant.headers, state["_id"])["description"] is None


def test_update_ignores_id_and_timestamps_in_data(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(
        api,
        tenant.headers,
        state["_id"],
        _id=str(uuid4()),
        createdAt="2000-01-01T00:00:00Z",
        updatedAt="2000-01-01T00:00:00Z",
        description="changed",
    )
    after = get(api, tenant.headers, state["_id"])
    assert after["_id"] == state["_id"]
    assert after["createdAt"] == state["createdAt"]
    assert after["updatedAt"] > state["updatedAt"]
    assert after["description"] == "changed"


def test_update_advances_updated_at_and_keeps_created_at(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], description="new")
    after = get(api, tenant.headers, state["_id"])
    assert after["createdAt"] == state["createdAt"]
    assert after["updatedAt"] > state["updatedAt"]


@pytest.mark.parametrize("data", [{}, {"_id": "x"}, {"createdAt": "2020-01-01"}])
def test_update_without_a_field_to_change_is_rejected(api: Api, tenant: Tenant, data: Json) -> None:
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], **data), 400)


@pytest.mark.parametrize("body", [None, {}, {"data": None}, {"data": "x"}, {"name": "n"}])
def test_update_needs_a_data_object(api: Api, tenant: Tenant, body: Any) -> None:
    state = create(api, tenant.headers)
    error(send(api, tenant, UPDATE_ROUTES[0], state["_id"], body), 400)


def test_update_rejects_unknown_fields_naming_them(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert "colour" in error(try_update(api, tenant.headers, state["_id"], colour="#123"), 400)


def test_update_naming_another_project_is_forbidden(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    response = try_update(api, tenant.headers, state["_id"], projectId=str(uuid4()), name="x y")
    error(response, 403)
    assert get(api, tenant.headers, state["_id"])["name"] == state["name"]


def test_update_naming_its_own_project_is_allowed(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], projectId=tenant.project_id, description="ok")
    assert get(api, tenant.headers, state["_id"])["description"] == "ok"


@pytest.mark.parametrize("route", UPDATE_ROUTES)
def test_update_of_a_missing_state_is_not_found(
    api: Api, tenant: Tenant, route: tuple[str, str]
) -> None:
    error(send(api, tenant, route, str(uuid4()), {"data": {"name": "x"}}), 404)


@pytest.mark.parametrize("route", UPDATE_ROUTES)
def test_update_with_a_malformed_id_is_rejected(
    api: Api, tenant: Tenant, route: tuple[str, str]
) -> None:
    error(send(api, tenant, route, "not-an-id", {"data": {"name": "x"}}), 400)


def test_update_of_a_deleted_state_is_not_found(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    delete(api, tenant.headers, state["_id"])
    error(try_update(api, tenant.headers, state["_id"], name="late"), 404)


@pytest.mark.parametrize("route", DELETE_ROUTES)
def test_delete_answers_empty_and_removes_the_state(
    api: Api, tenant: Tenant, route: tuple[str, str]
) -> None:
    state = create(api, tenant.headers)
    response = send(api, tenant, route, state["_id"])
    assert response.status_code == 200, response.text
    assert response.json() == {}
    error(api.client.get(f"{BASE}/{state['_id']}/get-item", headers=tenant.headers), 404)


def test_deleted_state_leaves_list_and_count(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    delete(api, tenant.headers, state["_id"])
    assert count(api, tenant.headers, {"_id": state["_id"]}) == 0
    assert count(api, tenant.headers) == 4


def test_delete_ignores_a_body(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    response = send(api, tenant, DELETE_ROUTES[1], state["_id"], {"anything": True})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("route", DELETE_ROUTES)
def test_deleting_twice_is_not_found(api: Api, tenant: Tenant, route: tuple[str, str]) -> None:
    state = create(api, tenant.headers)
    assert send(api, tenant, route, state["_id"]).status_code == 200
    error(send(api, tenant, route, state["_id"]), 404)


@pytest.mark.parametrize("route", DELETE_ROUTES)
def test_delete_of_a_missing_state_is_not_found(
    api: Api, tenant: Tenant, route: tuple[str, str]
) -> None:
    error(send(api, tenant, route, str(uuid4())), 404)


@pytest.mark.parametrize("route", DELETE_ROUTES)
def test_delete_with_a_malformed_id_is_rejected(
    api: Api, tenant: Tenant, route: tuple[str, str]
) -> None:
    error(send(api, tenant, route, "12345"), 400)


def test_deleting_a_state_keeps_the_other_orders(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    after = create(api, tenant.headers)
    delete(api, tenant.headers, state["_id"])
    assert get(api, tenant.headers, after["_id"])["order"] == after["order"]


def test_get_item_of_a_missing_state_is_not_found(api: Api, tenant: Tenant) -> None:
    for method in ("GET", "POST"):
        response = api.client.request(method, f"{BASE}/{uuid4()}/get-item", headers=tenant.headers)
        error(response, 404)


def test_get_item_with_a_malformed_id_is_rejected(api: Api, tenant: Tenant) -> None:
    error(api.client.get(f"{BASE}/nope/get-item", headers=tenant.headers), 400)
