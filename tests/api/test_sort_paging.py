"""sort (default newest first, ties by _id) and skip/limit (query string or body)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import BASE, DEFAULT_STATES, Json, create, error, get_list
from tests.conftest import Api, Tenant


def listed_names(api: Api, tenant: Tenant, sort: Any, **params: Any) -> list[str]:
    """Names in the order a get-list with this sort returns them."""
    body = {"select": {"name": True}, "sort": sort}
    page = get_list(api, tenant.headers, body, params or {"limit": 100})
    return [item["name"] for item in page["data"]]


def ids_of(page: Json) -> list[str]:
    """The ids on a page."""
    return [item["_id"] for item in page["data"]]


def test_default_sort_is_newest_first(api: Api, tenant: Tenant) -> None:
    made = [create(api, tenant.headers)["name"] for _ in range(3)]
    body = {"select": {"name": True}}
    page = get_list(api, tenant.headers, body, {"limit": 3})
    assert [i["name"] for i in page["data"]] == made[::-1]


def test_explicit_created_at_descending_equals_the_default(api: Api, tenant: Tenant) -> None:
    for _ in range(3):
        create(api, tenant.headers)
    default = ids_of(get_list(api, tenant.headers, None, {"limit": 100}))
    explicit = ids_of(get_list(api, tenant.headers, {"sort": {"createdAt": -1}}, {"limit": 100}))
    assert default == explicit


@pytest.mark.parametrize("direction", [1, "ASC", "asc"])
def test_ascending_sort_by_name(api: Api, tenant: Tenant, direction: object) -> None:
    expected = ["Active", "Investigating", "Resolved", "Stable"]
    assert listed_names(api, tenant, {"name": direction}) == expected


@pytest.mark.parametrize("direction", [-1, "DESC", "desc"])
def test_descending_sort_by_name(api: Api, tenant: Tenant, direction: object) -> None:
    expected = ["Stable", "Resolved", "Investigating", "Active"]
    assert listed_names(api, tenant, {"name": direction}) == expected


def test_sort_by_order_descending_lists_the_last_state_first(api: Api, tenant: Tenant) -> None:
    expected = ["Resolved", "Stable", "Investigating", "Active"]
    assert listed_names(api, tenant, {"order": -1}) == expected


def test_sort_by_a_flag_then_by_order_uses_both_keys(api: Api, tenant: Tenant) -> None:
    sort = {"isAcknowledgedState": -1, "order": 1}
    assert listed_names(api, tenant, sort) == ["Investigating", "Active", "Stable", "Resolved"]


def test_sort_by_nullable_description_puts_every_state_once(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, name="No description")
    ascending = listed_names(api, tenant, {"description": 1})
    descending = listed_names(api, tenant, {"description": -1})
    assert sorted(ascending) == sorted([*DEFAULT_STATES, "No description"])
    assert descending == ascending[::-1]


def test_ties_are_broken_by_id(api: Api, tenant: Tenant) -> None:
    for _ in range(6):
        create(api, tenant.headers, color="#010101")
    body = {"sort": {"color": 1}, "query": {"color": "#010101"}}
    ids = ids_of(get_list(api, tenant.headers, body, {"limit": 100}))
    assert ids == sorted(ids)


def test_pages_of_tied_rows_never_overlap(api: Api, tenant: Tenant) -> None:
    for _ in range(12):
        create(api, tenant.headers, color="#020202")
    body = {"sort": {"color": -1}, "query": {"color": "#020202"}}
    pages = [
        ids_of(get_list(api, tenant.headers, body, {"skip": s, "limit": 5})) for s in (0, 5, 10)
    ]
    seen = [i for page in pages for i in page]
    assert len(seen) == len(set(seen)) == 12


@pytest.mark.parametrize(
    "sort",
    [
        {"nope": 1},
        {"project": 1},
        {"createdByUser": 1},
        {"name": 0},
        {"name": 2},
        {"name": "up"},
        {"name": True},
        {"name": None},
        {"name": 1.0},
        ["name"],
        "name",
    ],
)
def test_invalid_sort_is_rejected(api: Api, tenant: Tenant, sort: object) -> None:
    response = api.client.post(f"{BASE}/get-list", json={"sort": sort}, headers=tenant.headers)
    error(response, 400)


def test_unknown_sort_field_is_named_in_the_error(api: Api, tenant: Tenant) -> None:
    response = api.client.post(
        f"{BASE}/get-list", json={"sort": {"colour": 1}}, headers=tenant.headers
    )
    assert "colour" in error(response, 400)


def test_paging_defaults_are_skip_0_and_limit_10(api: Api, tenant: Tenant) -> None:
    for _ in range(8):
        create(api, tenant.headers)
    page = get_list(api, tenant.headers)
    assert (page["skip"], page["limit"], len(page["data"]), page["count"]) == (0, 10, 10, 12)


def test_count_is_the_total_not_the_page_size(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, None, {"limit": 2})
    assert page["count"] == 4
    assert len(page["data"]) == 2


def test_query_string_paging_is_used_and_echoed(api: Api, tenant: Tenant) -> None:
    page = get_list(
        api,
        tenant.headers,
        {"sort": {"order": 1}, "select": {"name": True}},
        {"skip": 1, "limit": 2},
    )
    assert (page["skip"], page["limit"]) == (1, 2)
    assert [i["name"] for i in page["data"]] == ["Investigating", "Stable"]


def test_get_list_by_get_with_the_seed_query_string(api: Api, tenant: Tenant) -> None:
    response = api.client.get(f"{BASE}/get-list?skip=0&limit=10", headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["count"], body["skip"], body["limit"], len(body["data"])) == (4, 0, 10, 4)


def test_body_paging_is_used_without_a_query_string(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, {"skip": 3, "limit": 1, "sort": {"order": 1}})
    assert (page["skip"], page["limit"], len(page["data"])) == (3, 1, 1)


def test_body_paging_may_be_strings(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, {"skip": "2", "limit": "1"})
    assert (page["skip"], page["limit"]) == (2, 1)


def test_query_string_paging_wins_over_the_body(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, {"skip": 3, "limit": 1}, {"skip": 0, "limit": 2})
    assert (page["skip"], page["limit"], len(page["data"])) == (0, 2, 2)


def test_limit_100_is_allowed(api: Api, tenant: Tenant) -> None:
    assert get_list(api, tenant.headers, None, {"limit": 100})["limit"] == 100


def test_skip_past_the_end_gives_an_empty_page_with_the_total(api: Api, tenant: Tenant) -> None:
    page = get_list(api, tenant.headers, None, {"skip": 50})
    assert (page["data"], page["count"], page["skip"]) == ([], 4, 50)


def test_pages_cover_every_state_once(api: Api, tenant: Tenant) -> None:
    for _ in range(7):
        create(api, tenant.headers)
    seen = [
        i
        for s in range(0, 11, 3)
        for i in ids_of(get_list(api, tenant.headers, None, {"skip": s, "limit": 3}))
    ]
    assert len(seen) == len(set(seen)) == 11


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": -1},
        {"limit": "abc"},
        {"limit": "1.5"},
        {"skip": -1},
        {"skip": "x"},
        {"skip": "1e3"},
    ],
)
def test_invalid_query_string_paging_is_rejected(
    api: Api, tenant: Tenant, params: dict[str, Any]
) -> None:
    response = api.client.post(f"{BASE}/get-list", params=params, headers=tenant.headers)
    assert next(iter(params)) in error(response, 400)


@pytest.mark.parametrize("body", [{"limit": 0}, {"limit": 500}, {"skip": -5}, {"limit": 2.5}])
def test_invalid_body_paging_is_rejected(api: Api, tenant: Tenant, body: Json) -> None:
    error(api.client.post(f"{BASE}/get-list", json=body, headers=tenant.headers), 400)


@pytest.mark.parametrize("value", ["--5", "²", "-0-1", "+3x"])
def test_odd_paging_text_is_a_client_error(api: Api, tenant: Tenant, value: str) -> None:
    response = api.client.get(f"{BASE}/get-list", params={"skip": value}, headers=tenant.headers)
    error(response, 400)


@pytest.mark.parametrize("name", ["skip", "limit"])
def test_paging_given_twice_in_the_query_string_is_a_400(
    api: Api, tenant: Tenant, name: str
) -> None:
    response = api.client.post(f"{BASE}/get-list?{name}=5&{name}=6", headers=tenant.headers)
    assert f"{name}: given more than once" in error(response, 400)


def test_huge_skip_is_never_a_server_error(api: Api, tenant: Tenant) -> None:
    response = api.client.get(f"{BASE}/get-list", params={"skip": 10**20}, headers=tenant.headers)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert response.json()["data"] == []
