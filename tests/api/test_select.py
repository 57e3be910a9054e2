"""select on get-list and get-item: _id by default, exactly what is asked, project relation."""

from __future__ import annotations

import pytest

from tests.api.helpers import BASE, FIELDS, SELECT_ALL, Json, create, error, get_list
from tests.conftest import Api, Tenant


def get_item(api: Api, tenant: Tenant, state_id: str, body: Json | None) -> Json:
    """A successful POST get-item with this body."""
    response = api.client.post(f"{BASE}/{state_id}/get-item", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    item: Json = response.json()
    return item


def test_list_returns_only_ids_by_default(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers)
    assert page["data"]
    assert all(list(item) == ["_id"] for item in page["data"])


def test_get_item_returns_only_the_id_by_default(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert get_item(api, tenant, state["_id"], None) == {"_id": state["_id"]}


def test_get_item_by_get_returns_only_the_id_by_default(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    response = api.client.get(f"{BASE}/{state['_id']}/get-item", headers=tenant.headers)
    assert response.json() == {"_id": state["_id"]}


def test_empty_select_returns_only_the_id(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert get_item(api, tenant, state["_id"], {"select": {}}) == {"_id": state["_id"]}


def test_list_items_hold_exactly_id_and_the_selected_fields(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, {"select": {"name": True, "color": True}})
    assert all(set(item) == {"_id", "name", "color"} for item in page["data"])


def test_get_item_holds_exactly_id_and_the_selected_fields(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, description="shown")
    item = get_item(api, tenant, state["_id"], {"select": {"description": True, "order": True}})
    assert item == {"_id": state["_id"], "description": "shown", "order": state["order"]}


def test_fields_selected_false_are_left_out(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    item = get_item(api, tenant, state["_id"], {"select": {"name": True, "color": False}})
    assert item == {"_id": state["_id"], "name": state["name"]}


def test_selecting_id_changes_nothing(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert get_item(api, tenant, state["_id"], {"select": {"_id": True}}) == {"_id": state["_id"]}


@pytest.mark.parametrize("field", [f for f in FIELDS if f != "_id"])
def test_each_field_can_be_selected_alone(api: Api, tenant: Tenant, field: str) -> None:
    state = create(api, tenant.headers, createdByUser={"id": 1})
    item = get_item(api, tenant, state["_id"], {"select": {field: True}})
    assert item == {"_id": state["_id"], field: state[field]}


def test_selecting_every_field_matches_the_created_object(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, description="all", createdByUser="me")
    item = get_item(api, tenant, state["_id"], {"select": SELECT_ALL})
    assert item == {k: state[k] for k in FIELDS}


def test_selecting_project_gives_its_id_and_name(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    item = get_item(api, tenant, state["_id"], {"select": {"project": True}})
    assert item == {
        "_id": state["_id"],
        "project": {"_id": tenant.project_id, "name": "Test project"},
    }


def test_selecting_project_in_a_list(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, {"select": {"project": True}, "limit": 2})
    expected = {"_id": tenant.project_id, "name": "Test project"}
    assert [item["project"] for item in page["data"]] == [expected, expected]


@pytest.mark.parametrize(
    "select",
    [{"nope": True}, {"name": "yes"}, {"name": 1}, {"name": None}, ["name"], "name"],
)
def test_invalid_select_is_rejected_on_list_and_get(
    api: Api, tenant: Tenant, select: object
) -> None:
    state = create(api, tenant.headers)
    for path in ("get-list", f"{state['_id']}/get-item"):
        response = api.client.post(
            f"{BASE}/{path}", json={"select": select}, headers=tenant.headers
        )
        error(response, 400)


def test_unknown_select_field_is_named_in_the_error(api: Api, tenant: Tenant) -> None:
    response = api.client.post(
        f"{BASE}/get-list", json={"select": {"colour": True}}, headers=tenant.headers
    )
    assert "colour" in error(response, 400)


def test_get_item_rejects_unknown_body_keys(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    response = api.client.post(
        f"{BASE}/{state['_id']}/get-item", json={"fields": ["name"]}, headers=tenant.headers
    )
    assert "fields" in error(response, 400)
