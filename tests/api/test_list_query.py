"""Plain-value queries on get-list and count: equality, null, any-of, AND, scoping."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.api.helpers import BASE, SAMPLE_NAMES, Json, count, create, get_list, make_sample, names
from tests.conftest import Api, Tenant, make_tenant


@pytest.fixture(scope="module")
def sample(api: Api) -> Tenant:
    """A project with the default states and four more, never changed by the tests."""
    return make_sample(api)


def test_no_query_lists_every_state_of_the_project(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers) == list(SAMPLE_NAMES)


def test_no_query_counts_every_state_of_the_project(api: Api, sample: Tenant) -> None:
    assert count(api, sample.headers) == 8


def test_count_with_an_empty_body_counts_everything(api: Api, sample: Tenant) -> None:
    response = api.client.post(f"{BASE}/count", headers=sample.headers)
    assert response.json() == {"count": 8}


def test_count_with_an_empty_query_counts_everything(api: Api, sample: Tenant) -> None:
    assert count(api, sample.headers, {}) == 8


def test_plain_value_matches_equal_names(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": "Delta"}) == ["Delta"]


def test_plain_value_equality_is_exact(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": "delta"}) == []
    assert names(api, sample.headers, {"name": "Delt"}) == []


def test_plain_value_on_color_matches_every_state_with_it(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"color": "#aa0000"}) == ["Alpha Check", "Delta"]


def test_plain_boolean_matches_the_flag(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"isCreatedState": True}) == ["Active"]
    assert len(names(api, sample.headers, {"isCreatedState": False})) == 7


def test_plain_integer_matches_the_order(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"order": 3}) == ["Stable"]


def test_null_matches_missing_values(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"description": None}) == ["beta check"]


def test_array_matches_any_of_its_values(api: Api, sample: Tenant) -> None:
    found = names(api, sample.headers, {"name": ["Delta", "Stable", "Nope"]})
    assert found == ["Stable", "Delta"]


def test_empty_array_matches_nothing(api: Api, sample: Tenant) -> None:
    assert count(api, sample.headers, {"name": []}) == 0


def test_query_keys_are_and_combined(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"color": "#aa0000", "name": "Delta"}) == ["Delta"]
    assert names(api, sample.headers, {"color": "#bb0000", "name": "Delta"}) == []


def test_query_by_id_finds_that_state(api: Api, sample: Tenant) -> None:
    state_id = get_list(api, sample.headers, {"query": {"name": "Delta"}})["data"][0]["_id"]
    assert names(api, sample.headers, {"_id": state_id}) == ["Delta"]


def test_query_by_own_project_id_matches_everything(api: Api, sample: Tenant) -> None:
    assert count(api, sample.headers, {"projectId": sample.project_id}) == 8


def test_query_by_another_project_id_matches_nothing(api: Api, sample: Tenant) -> None:
    other = make_tenant(api.services)
    assert count(api, sample.headers, {"projectId": other.project_id}) == 0


def test_query_by_slug_finds_the_state(api: Api, sample: Tenant) -> None:
    page = get_list(api, sample.headers, {"query": {"name": "Delta"}, "select": {"slug": True}})
    slug = page["data"][0]["slug"]
    assert names(api, sample.headers, {"slug": slug}) == ["Delta"]


def test_count_agrees_with_the_list_count(api: Api, sample: Tenant) -> None:
    query = {"color": ["#aa0000", "#cc0000"]}
    page = get_list(api, sample.headers, {"query": query})
    assert page["count"] == count(api, sample.headers, query) == 3


def test_get_list_by_get_accepts_a_query_body(api: Api, sample: Tenant) -> None:
    body = {"query": {"name": "Delta"}, "select": {"name": True}}
    response = api.client.request("GET", f"{BASE}/get-list", json=body, headers=sample.headers)
    assert response.status_code == 200, response.text
    assert [i["name"] for i in response.json()["data"]] == ["Delta"]


def test_seed_list_request_is_answered(api: Api, sample: Tenant) -> None:
    body = {
        "select": {"name": True, "projectId": True, "description": True, "color": True}
        | {"slug": True},
        "query": {"name": "Alpha Check"},
        "sort": {"createdAt": -1},
    }
    page = get_list(api, sample.headers, body, {"skip": 0, "limit": 10})
    assert page["count"] == 1
    item = page["data"][0]
    assert set(item) == {"_id", "name", "projectId", "description", "color", "slug"}
    assert item["projectId"] == sample.project_id


def test_seed_count_request_is_answered(api: Api, sample: Tenant) -> None:
    assert count(api, sample.headers, {"name": "Acknowledged"}) == 0


def test_another_projects_states_are_never_listed(api: Api, sample: Tenant) -> None:
    other = make_tenant(api.services)
    create(api, other.headers, name="Delta")
    assert names(api, sample.headers, {"name": "Delta"}) == ["Delta"]
    assert count(api, other.headers, {"name": "Delta"}) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"nope": 1},
        {"project": "x"},
        {"createdByUser": "x"},
        {"name": 5},
        {"name": True},
        {"order": "3"},
        {"order": 2.5},
        {"order": True},
        {"isCreatedState": "true"},
        {"isCreatedState": 1},
        {"_id": "not-an-id"},
        {"projectId": 5},
        {"createdAt": "yesterday"},
        {"name": ["ok", 5]},
        {"name": {"value": "Delta"}},
    ],
)
def test_invalid_query_is_rejected_on_list_and_count(api: Api, sample: Tenant, query: Json) -> None:
    for path in ("get-list", "count"):
        response = api.client.post(f"{BASE}/{path}", json={"query": query}, headers=sample.headers)
        assert response.status_code == 400, (path, response.text)
        assert list(response.json()) == ["error"]


def test_unknown_query_field_is_named_in_the_error(api: Api, sample: Tenant) -> None:
    response = api.client.post(
        f"{BASE}/count", json={"query": {"colour": "#aa0000"}}, headers=sample.headers
    )
    assert "colour" in response.json()["error"]


@pytest.mark.parametrize("query", [[], "name", 5])
def test_query_that_is_not_an_object_is_rejected(api: Api, sample: Tenant, query: object) -> None:
    response = api.client.post(f"{BASE}/get-list", json={"query": query}, headers=sample.headers)
    assert response.status_code == 400, response.text


def test_query_with_a_random_id_matches_nothing(api: Api, sample: Tenant) -> None:
    assert count(api, sample.headers, {"_id": str(uuid4())}) == 0


def test_a_page_past_the_last_is_empty_but_still_counts_every_match(
    api: Api, sample: Tenant
) -> None:
    response = api.client.post(f"{BASE}/get-list?skip=50&limit=10", headers=sample.headers)
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["data"]) == (8, [])
