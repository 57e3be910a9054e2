"""Operator objects in queries: {"_type": OP, "value": V} and InBetween."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import BASE, Json, count, create, get_list, make_sample, names
from tests.conftest import Api, Tenant


@pytest.fixture(scope="module")
def sample(api: Api) -> Tenant:
    """Active, Investigating, Stable, Resolved, Alpha Check, beta check, Gamma_%, Delta."""
    return make_sample(api)


def op(kind: str, value: Any = None, **extra: Any) -> Json:
    """An operator object."""
    spec: Json = {"_type": kind, **extra}
    if value is not None:
        spec["value"] = value
    return spec


def orders_of(api: Api, tenant: Tenant, query: Json) -> list[int]:
    """Orders of the matching states, ascending."""
    body = {"query": query, "select": {"order": True}, "sort": {"order": 1}}
    return [i["order"] for i in get_list(api, tenant.headers, body, {"limit": 100})["data"]]


def test_equal_to_matches_the_value(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("EqualTo", "Delta")}) == ["Delta"]


def test_equal_to_null_matches_missing_values(api: Api, sample: Tenant) -> None:
    query = {"description": {"_type": "EqualTo", "value": None}}
    assert names(api, sample.headers, query) == ["beta check"]


def test_not_equal_excludes_only_the_value(api: Api, sample: Tenant) -> None:
    found = names(api, sample.headers, {"name": op("NotEqual", "Delta")})
    assert "Delta" not in found
    assert len(found) == 7


def test_not_equal_on_a_boolean_excludes_that_value(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"isResolvedState": op("NotEqual", False)}) == ["Resolved"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("GreaterThan", [7, 8]),
        ("GreaterThanOrEqual", [6, 7, 8]),
        ("LessThan", [1, 2, 3, 4, 5]),
        ("LessThanOrEqual", [1, 2, 3, 4, 5, 6]),
    ],
)
def test_comparison_operators_filter_by_order(
    api: Api, sample: Tenant, kind: str, expected: list[int]
) -> None:
    assert orders_of(api, sample, {"order": op(kind, 6)}) == expected


def test_comparison_on_text_uses_its_order(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("GreaterThan", "Resolved")}) == [
        "Stable",
        "beta check",
    ]


def test_search_is_a_case_insensitive_substring_match(api: Api, sample: Tenant) -> None:
    found = names(api, sample.headers, {"name": op("Search", "CHECK")})
    assert found == ["Alpha Check", "beta check"]


def test_search_matches_inside_words(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("Search", "vestig")}) == ["Investigating"]


def test_search_works_on_description(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"description": op("Search", "FIRST")}) == ["Alpha Check"]


@pytest.mark.parametrize(("text", "expected"), [("%", ["Gamma_%"]), ("_", ["Gamma_%"])])
def test_search_treats_wildcard_characters_literally(
    api: Api, sample: Tenant, text: str, expected: list[str]
) -> None:
    assert names(api, sample.headers, {"name": op("Search", text)}) == expected


def test_search_is_case_insensitive_beyond_ascii(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, name="Émergence Totale")
    assert names(api, tenant.headers, {"name": op("Search", "éMERGENCE")}) == ["Émergence Totale"]


def test_starts_with_matches_prefixes(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("StartsWith", "Delt")}) == ["Delta"]


def test_starts_with_treats_underscore_literally(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("StartsWith", "Gamma_")}) == ["Gamma_%"]
    assert names(api, sample.headers, {"name": op("StartsWith", "_")}) == []


def test_ends_with_matches_suffixes(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("EndsWith", "ing")}) == ["Investigating"]


def test_ends_with_treats_percent_literally(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"name": op("EndsWith", "_%")}) == ["Gamma_%"]
    assert names(api, sample.headers, {"description": op("EndsWith", "%")}) == []


def test_includes_matches_any_listed_value(api: Api, sample: Tenant) -> None:
    query = {"name": op("Includes", ["Delta", "Active", "Missing"])}
    assert names(api, sample.headers, query) == ["Active", "Delta"]


def test_includes_matches_the_listed_orders(api: Api, sample: Tenant) -> None:
    assert orders_of(api, sample, {"order": op("Includes", [2, 8])}) == [2, 8]


def test_is_null_and_not_null_split_states_by_missing_values(api: Api, sample: Tenant) -> None:
    assert names(api, sample.headers, {"description": op("IsNull")}) == ["beta check"]
    assert count(api, sample.headers, {"description": op("NotNull")}) == 7


def test_in_between_is_inclusive(api: Api, sample: Tenant) -> None:
    query = {"order": {"_type": "InBetween", "startValue": 3, "endValue": 5}}
    assert orders_of(api, sample, query) == [3, 4, 5]


def test_in_between_with_start_after_end_matches_nothing(api: Api, sample: Tenant) -> None:
    query = {"order": {"_type": "InBetween", "startValue": 5, "endValue": 3}}
    assert count(api, sample.headers, query) == 0


def test_in_between_on_created_at_includes_both_ends(api: Api, sample: Tenant) -> None:
    body = {"select": {"createdAt": True}, "query": {"name": ["Alpha Check", "Delta"]}}
    stamps = sorted(i["createdAt"] for i in get_list(api, sample.headers, body)["data"])
    query = {"createdAt": {"_type": "InBetween", "startValue": stamps[0], "endValue": stamps[1]}}
    assert names(api, sample.headers, query) == ["Alpha Check", "beta check", "Gamma_%", "Delta"]


def test_created_at_comparison_accepts_an_offset(api: Api, sample: Tenant) -> None:
    assert (
        count(api, sample.headers, {"createdAt": op("GreaterThan", "2000-01-01T00:00:00+02:00")})
        == 8
    )
    assert count(api, sample.headers, {"createdAt": op("LessThan", "2000-01-01")}) == 0


def test_created_at_equal_to_its_own_value_matches(api: Api, sample: Tenant) -> None:
    body = {"select": {"createdAt": True}, "query": {"name": "Delta"}}
    stamp = get_list(api, sample.headers, body)["data"][0]["createdAt"]
    assert "Delta" in names(api, sample.headers, {"createdAt": op("EqualTo", stamp)})


def test_operators_are_and_combined_with_plain_values(api: Api, sample: Tenant) -> None:
    query = {"name": op("Search", "check"), "color": "#bb0000"}
    assert names(api, sample.headers, query) == ["beta check"]


@pytest.mark.parametrize(
    "query",
    [
        {"name": {"_type": "Like", "value": "x"}},
        {"name": {"_type": "equalto", "value": "x"}},
        {"name": {"_type": "EqualTo"}},
        {"order": {"_type": "GreaterThan", "value": "3"}},
        {"order": {"_type": "Search", "value": "3"}},
        {"isCreatedState": {"_type": "GreaterThan", "value": True}},
        {"isCreatedState": {"_type": "StartsWith", "value": "t"}},
        {"name": {"_type": "Search", "value": 5}},
        {"name": {"_type": "Includes", "value": "Delta"}},
        {"name": {"_type": "InBetween", "startValue": "a"}},
        {"order": {"_type": "InBetween", "startValue": 1, "endValue": "5"}},
        {"isCreatedState": {"_type": "InBetween", "startValue": False, "endValue": True}},
        {"createdAt": {"_type": "GreaterThan", "value": "not a date"}},
        {"_id": {"_type": "Includes", "value": ["nope"]}},
    ],
)
def test_invalid_operator_query_is_rejected(api: Api, sample: Tenant, query: Json) -> None:
    for path in ("get-list", "count"):
        response = api.client.post(f"{BASE}/{path}", json={"query": query}, headers=sample.headers)
        assert response.status_code == 400, (path, response.text)


def test_unknown_operator_is_named_in_the_error(api: Api, sample: Tenant) -> None:
    query = {"name": {"_type": "Like", "value": "x"}}
    response = api.client.post(f"{BASE}/count", json={"query": query}, headers=sample.headers)
    assert "Like" in response.json()["error"]
