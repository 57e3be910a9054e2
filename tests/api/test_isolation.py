"""A key never sees or touches another project's states."""

from __future__ import annotations

import pytest

from tests.api.helpers import (
    BASE,
    FIELDS,
    Json,
    by_order,
    count,
    create,
    error,
    get,
    get_list,
    holder,
    names,
    try_create,
    unique,
)
from tests.conftest import Api, Tenant, make_tenant


@pytest.fixture
def foreign(api: Api) -> tuple[Tenant, Json]:
    """Another project and one of its states."""
    other = make_tenant(api.services, "Foreign")
    return other, create(api, other.headers, name=unique("Foreign"))


def test_list_shows_only_the_keys_project(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    page = get_list(api, tenant.headers, {"select": {"projectId": True}}, {"limit": 100})
    assert {item["projectId"] for item in page["data"]} == {tenant.project_id}
    assert foreign[1]["_id"] not in {item["_id"] for item in page["data"]}


def test_count_counts_only_the_keys_project(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    assert count(api, tenant.headers) == 4
    assert count(api, foreign[0].headers) == 5


def test_query_by_a_foreign_id_finds_nothing(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    assert count(api, tenant.headers, {"_id": foreign[1]["_id"]}) == 0


def test_query_by_the_foreign_project_finds_nothing(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    assert count(api, tenant.headers, {"projectId": foreign[0].project_id}) == 0


def test_query_by_a_foreign_name_finds_nothing(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    assert names(api, tenant.headers, {"name": foreign[1]["name"]}) == []


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", "/get-item"),
        ("POST", "/get-item"),
        ("GET", "/history"),
        ("DELETE", ""),
        ("POST", "/delete-item"),
        ("GET", "/delete-item"),
    ],
)
def test_foreign_state_is_not_found(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json], method: str, suffix: str
) -> None:
    response = api.client.request(
        method, f"{BASE}/{foreign[1]['_id']}{suffix}", headers=tenant.headers
    )
    error(response, 404)
    assert get(api, foreign[0].headers, foreign[1]["_id"]) == {k: foreign[1][k] for k in FIELDS}


@pytest.mark.parametrize(
    ("method", "suffix"), [("PUT", ""), ("POST", "/update-item"), ("GET", "/update-item")]
)
def test_foreign_state_cannot_be_updated(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json], method: str, suffix: str
) -> None:
    body = {"data": {"name": "Hijacked"}}
    response = api.client.request(
        method, f"{BASE}/{foreign[1]['_id']}{suffix}", json=body, headers=tenant.headers
    )
    error(response, 404)
    assert get(api, foreign[0].headers, foreign[1]["_id"])["name"] == foreign[1]["name"]


def test_create_for_a_foreign_project_is_forbidden(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    name = unique()
    response = try_create(
        api, tenant.headers, name=name, color="#123", projectId=foreign[0].project_id
    )
    error(response, 403)
    assert count(api, foreign[0].headers, {"name": name}) == 0


def test_update_moving_a_state_to_a_foreign_project_is_forbidden(
    api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]
) -> None:
    state = create(api, tenant.headers)
    body = {"data": {"projectId": foreign[0].project_id, "name": unique()}}
    error(api.client.put(f"{BASE}/{state['_id']}", json=body, headers=tenant.headers), 403)
    assert get(api, tenant.headers, state["_id"])["projectId"] == tenant.project_id


def test_orders_are_per_project(api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]) -> None:
    create(api, tenant.headers, order=1)
    assert [s["order"] for s in by_order(api, foreign[0].headers)] == [1, 2, 3, 4, 5]


def test_flags_are_per_project(api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]) -> None:
    create(api, tenant.headers, name="Mine", isCreatedState=True)
    assert holder(api, foreign[0].headers, "isCreatedState") == ["Active"]
    assert holder(api, tenant.headers, "isCreatedState") == ["Mine"]


def test_names_are_per_project(api: Api, tenant: Tenant, foreign: tuple[Tenant, Json]) -> None:
    assert create(api, tenant.headers, name=foreign[1]["name"])["name"] == foreign[1]["name"]


def test_project_relation_names_the_keys_project(api: Api, foreign: tuple[Tenant, Json]) -> None:
    other, state = foreign
    response = api.client.post(
        f"{BASE}/{state['_id']}/get-item", json={"select": {"project": True}}, headers=other.headers
    )
    assert response.json()["project"] == {"_id": other.project_id, "name": "Foreign"}
