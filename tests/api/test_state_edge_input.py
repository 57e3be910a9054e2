"""Incident-state input a new user found odd: createdByUser holding what no store
keeps, orders the catalog would give past what a client may send back, and the
name limit a far too long name is told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.helpers import BASE, create, error, get, try_create, try_update, update
from tests.conftest import Api, Tenant

ORDER_MAX = 1_000_000_000


@pytest.mark.parametrize(
    "created_by",
    ['"\\ud800"', '{"\\udc00": 1}', '{"name": "\\ud800"}'],
    ids=["surrogate", "surrogate-key", "nested-surrogate"],
)
def test_created_by_user_holding_what_no_store_keeps_is_refused(
    api: Api, tenant: Tenant, created_by: str
) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    body = '{"data": {"name": "Odd", "color": "#000", "createdByUser": ' + created_by + "}}"
    response = api.client.post(BASE, content=body.encode(), headers=headers)
    assert "createdByUser" in error(response, 400)


def test_an_update_of_created_by_user_with_a_surrogate_is_refused(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    headers = {**tenant.headers, "Content-Type": "application/json"}
    body = b'{"data": {"createdByUser": {"name": "\\ud800"}}}'
    response = api.client.put(f"{BASE}/{state['_id']}", content=body, headers=headers)
    assert "createdByUser" in error(response, 400)


def test_created_by_user_past_20000_characters_is_refused(api: Api, tenant: Tenant) -> None:
    response = try_create(api, tenant.headers, name="Big", color="#000", createdByUser="x" * 20_001)
    assert "createdByUser" in error(response, 400)


def test_no_state_goes_last_past_the_highest_order(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, order=ORDER_MAX)
    response = try_create(api, tenant.headers, name="After max", color="#000")
    assert "order" in error(response, 409)


def test_every_order_given_can_be_sent_back_as_it_is(api: Api, tenant: Tenant) -> None:
    top = create(api, tenant.headers, order=ORDER_MAX)
    error(try_create(api, tenant.headers, name="Shifter", color="#000", order=ORDER_MAX), 409)
    below = create(api, tenant.headers, order=ORDER_MAX - 1)
    for state in (top, below):
        stored = get(api, tenant.headers, state["_id"])
        update(api, tenant.headers, state["_id"], order=stored["order"])


def test_a_far_too_long_name_is_told_the_100_character_limit(api: Api, tenant: Tenant) -> None:
    response = try_create(api, tenant.headers, name="x" * 5_000, color="#000")
    assert "at most 100 characters" in error(response, 400)


def test_an_update_to_a_far_too_long_name_is_told_the_same(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    response = try_update(api, tenant.headers, state["_id"], name="x" * 5_000)
    assert "at most 100 characters" in error(response, 400)


@pytest.mark.parametrize("value", [True, 2.0, "1e1"], ids=["true", "float", "exponent"])
@pytest.mark.parametrize("name", ["skip", "limit"])
def test_paging_in_the_body_must_be_a_whole_number(
    api: Api, tenant: Tenant, name: str, value: object
) -> None:
    response = api.client.post(f"{BASE}/get-list", json={name: value}, headers=tenant.headers)
    assert f"{name}: must be a whole number" in error(response, 400)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"order": True}, "true is not a valid"),
        ({"name": {"_type": None}}, "unknown operator null"),
    ],
)
def test_errors_show_the_clients_values_as_json(
    api: Api, tenant: Tenant, query: dict[str, object], shown: str
) -> None:
    response = api.client.post(f"{BASE}/get-list", json={"query": query}, headers=tenant.headers)
    assert shown in error(response, 400)


@pytest.mark.parametrize("data", [[], "x", 1])
def test_data_that_is_no_object_is_told_so_in_json_terms(
    api: Api, tenant: Tenant, data: object
) -> None:
    response = api.client.post(BASE, json={"data": data}, headers=tenant.headers)
    assert error(response, 400) == "data: must be a JSON object"


def test_a_create_with_a_null_slug_and_order_gets_their_defaults(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers, name="Typed Client", slug=None, order=None)
    stored = get(api, tenant.headers, state["_id"])
    assert stored["slug"] == "typed-client"
    assert stored["order"] == 5  # after the four default states


@pytest.mark.parametrize("field", ["slug", "order", "name", "color"])
def test_an_update_to_null_of_a_field_that_cannot_be_empty_is_refused(
    api: Api, tenant: Tenant, field: str
) -> None:
    state = create(api, tenant.headers)
    assert field in error(try_update(api, tenant.headers, state["_id"], **{field: None}), 400)


def test_created_by_user_nested_past_32_levels_is_refused(api: Api, tenant: Tenant) -> None:
    deep: object = "x"
    for _ in range(40):
        deep = [deep]
    response = try_create(api, tenant.headers, name="Deep", color="#000", createdByUser=deep)
    assert "createdByUser" in error(response, 400)
    assert try_create(api, tenant.headers, name="Shallow", color="#000").status_code == 200


@pytest.mark.parametrize("depth", [65, 982, 5_000])
def test_a_body_nested_past_64_levels_is_refused_before_anything_runs(
    api: Api, tenant: Tenant, depth: int
) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    body = '{"data": {"name": "D", "color": "#000", "createdByUser": ' + "[" * depth
    body += "]" * depth + "}}"
    response = api.client.post(BASE, content=body.encode(), headers=headers)
    error(response, 400)
    assert try_create(api, tenant.headers, name=f"After {depth}", color="#000").status_code == 200


def test_a_body_sent_without_a_length_stops_at_one_mebibyte(api: Api, tenant: Tenant) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"data": {"name": "Big", "color": "#000", "description": "'
        for _ in range(200):
            yield b"x" * 8192
        yield b'"}}'

    headers = {**tenant.headers, "Content-Type": "application/json"}
    response = api.client.post(BASE, content=chunks(), headers=headers)
    assert "larger than" in error(response, 413)
