"""/api/incident/get-list, /count and /{uuid}/get-item: the incident-state semantics,
camelCase fields."""

from __future__ import annotations

from typing import Any

import pytest

from application.query import QUERY_VALUES_MAX
from tests.api import helpers as states
from tests.api.helpers import Json, error
from tests.api.incident_helpers import (
    Desk,
    at,
    create_incident,
    delete_incident,
    new_in,
    send,
    utc,
)

BASE = "/api/incident"
CAMEL = (
    "number",
    "projectId",
    "scopeId",
    "serviceId",
    "name",
    "description",
    "externalReference",
    "externalLink",
    "severity",
    "currentIncidentStateId",
    "status",
    "startImpactDate",
    "investigationDate",
    "stableDate",
    "resolveDate",
    "createdAt",
    "updatedAt",
)
ALL: dict[str, bool] = {name: True for name in CAMEL}
SNAKE = {
    "number": "id",
    "projectId": "project_id",
    "scopeId": "scope",
    "serviceId": "service",
    "name": "name",
    "description": "description",
    "externalReference": "external_reference",
    "externalLink": "external_link",
    "severity": "severity",
    "status": "status",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
}


def page(desk: Desk, body: Json | None = None, **params: Any) -> Json:
    """A successful POST get-list."""
    response = send(desk, "POST", f"{BASE}/get-list", body, params=params or None)
    assert response.status_code == 200, response.text
    found: Json = response.json()
    return found


def numbers(desk: Desk, query: Json | None = None, **extra: Any) -> list[int]:
    """Numbers of the matching incidents, in the order asked (default: ascending)."""
    body: Json = {"select": {"number": True}, "sort": {"number": 1}, **extra}
    if query is not None:
        body["query"] = query
    return [item["number"] for item in page(desk, body, limit=100)["data"]]


def item(desk: Desk, uuid: str, select: Json | None = None) -> Json:
    """A successful POST get-item."""
    body = None if select is None else {"select": select}
    response = send(desk, "POST", f"{BASE}/{uuid}/get-item", body)
    assert response.status_code == 200, response.text
    found: Json = response.json()
    return found


def count(desk: Desk, query: Json | None = None) -> int:
    """A successful POST count."""
    body = None if query is None else {"query": query}
    response = send(desk, "POST", f"{BASE}/count", body)
    assert response.status_code == 200, response.text
    total: int = response.json()["count"]
    return total


def test_get_item_with_every_field_matches_the_seed_view(desk: Desk) -> None:
    incident = create_incident(desk, description="d", external_link="https://x.example")
    got = item(desk, incident["uuid"], ALL)
    assert set(got) == {"_id", *CAMEL}
    assert got["_id"] == incident["uuid"]
    assert {camel: got[camel] for camel in SNAKE} == {c: incident[s] for c, s in SNAKE.items()}
    assert at(got["startImpactDate"]) == at(incident["start_impact_date"])


def test_current_incident_state_id_is_the_states_id(desk: Desk) -> None:
    incident = new_in(desk, "investigating")
    listed = states.get_list(
        desk.api, desk.headers, {"query": {"name": "Investigating"}, "select": {"name": True}}
    )
    assert item(desk, incident["uuid"], ALL)["currentIncidentStateId"] == listed["data"][0]["_id"]


def test_dates_are_returned_under_camel_case_names(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    got = item(desk, incident["uuid"], ALL)
    for camel, snake in (
        ("investigationDate", "investigation_date"),
        ("stableDate", "stable_date"),
        ("resolveDate", "resolve_date"),
    ):
        assert at(got[camel]) == at(incident[snake])


def test_get_item_by_get_returns_only_the_id_by_default(desk: Desk) -> None:
    incident = create_incident(desk)
    response = send(desk, "GET", f"{BASE}/{incident['uuid']}/get-item")
    assert response.status_code == 200, response.text
    assert response.json() == {"_id": incident["uuid"]}


def test_list_returns_ids_by_default_with_count_skip_and_limit(desk: Desk) -> None:
    made = [create_incident(desk)["uuid"] for _ in range(3)]
    body = page(desk)
    assert (body["count"], body["skip"], body["limit"]) == (3, 0, 10)
    assert sorted(i["_id"] for i in body["data"]) == sorted(made)
    assert all(set(i) == {"_id"} for i in body["data"])


def test_list_by_get_with_the_query_string_paging(desk: Desk) -> None:
    for _ in range(3):
        create_incident(desk)
    response = send(desk, "GET", f"{BASE}/get-list", params={"skip": 1, "limit": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["count"], body["skip"], body["limit"], len(body["data"])) == (3, 1, 1, 1)


def test_sort_by_number_both_ways(desk: Desk) -> None:
    made = [create_incident(desk)["id"] for _ in range(3)]
    assert numbers(desk) == made
    assert numbers(desk, sort={"number": -1}) == made[::-1]


def test_skip_and_limit_page_through_incidents(desk: Desk) -> None:
    made = [create_incident(desk)["id"] for _ in range(5)]
    body = {"select": {"number": True}, "sort": {"number": 1}}
    pages = [page(desk, body, skip=s, limit=2)["data"] for s in (0, 2, 4)]
    assert [i["number"] for p in pages for i in p] == made


def test_query_by_severity_and_status(desk: Desk) -> None:
    low = create_incident(desk, severity="low")["id"]
    create_incident(desk, severity="high")
    done = new_in(desk, "resolved", severity="low")["id"]
    assert numbers(desk, {"severity": "low"}) == [low, done]
    assert numbers(desk, {"severity": "low", "status": "resolved"}) == [done]
    assert count(desk, {"status": "resolved"}) == 1


def test_query_operators_work_on_incident_fields(desk: Desk) -> None:
    early = create_incident(desk, start_impact_date="2024-01-01T00:00")["id"]
    late = create_incident(desk, start_impact_date="2024-09-01T00:00")["id"]
    query = {"startImpactDate": {"_type": "LessThan", "value": "2024-06-01T00:00:00Z"}}
    assert numbers(desk, query) == [early]
    assert numbers(desk, {"number": {"_type": "GreaterThan", "value": early}}) == [late]
    assert numbers(desk, {"name": {"_type": "Search", "value": "INCIDENT"}}) == [early, late]


def test_query_by_scope_id_and_null_description(desk: Desk) -> None:
    bare = create_incident(desk)["id"]
    create_incident(desk, description="text")
    assert numbers(desk, {"scopeId": desk.scope, "description": None}) == [bare]


def test_count_is_the_total_not_the_page_size(desk: Desk) -> None:
    for _ in range(3):
        create_incident(desk)
    assert count(desk) == 3
    assert page(desk, None, limit=1)["count"] == 3


def test_deleted_incidents_are_neither_listed_counted_nor_got(desk: Desk) -> None:
    kept, gone = create_incident(desk), create_incident(desk)
    delete_incident(desk, gone["id"])
    assert numbers(desk) == [kept["id"]]
    assert count(desk) == 1
    error(send(desk, "POST", f"{BASE}/{gone['uuid']}/get-item"), 404)


def test_the_list_reflects_an_update_at_once(desk: Desk) -> None:
    incident = new_in(desk, "stable")
    got = item(desk, incident["uuid"], {"status": True, "stableDate": True})
    assert got["status"] == "stable"
    assert at(got["stableDate"]) == utc("2024-03-01T12:00")


@pytest.mark.parametrize("select", [{"colour": True}, {"start_impact_date": True}, "all"])
def test_an_unknown_select_is_a_400(desk: Desk, select: object) -> None:
    incident = create_incident(desk)
    error(send(desk, "POST", f"{BASE}/{incident['uuid']}/get-item", {"select": select}), 400)
    error(send(desk, "POST", f"{BASE}/get-list", {"select": select}), 400)


@pytest.mark.parametrize(
    "query", [{"colour": "x"}, {"number": {"_type": "Nope", "value": 1}}, {"number": "abc"}]
)
def test_an_invalid_query_is_a_400(desk: Desk, query: Json) -> None:
    error(send(desk, "POST", f"{BASE}/count", {"query": query}), 400)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"skip": -1}, {"limit": "x"}])
def test_invalid_paging_is_a_400(desk: Desk, params: Json) -> None:
    error(send(desk, "POST", f"{BASE}/get-list", params=params), 400)


def test_get_item_by_the_integer_id_is_a_400(desk: Desk) -> None:
    incident = create_incident(desk)
    error(send(desk, "POST", f"{BASE}/{incident['id']}/get-item"), 400)


def test_an_unknown_uuid_is_a_404(desk: Desk) -> None:
    error(send(desk, "POST", f"{BASE}/00000000-0000-0000-0000-000000000000/get-item"), 404)


@pytest.mark.parametrize("path", ["/get-list", "/count"])
def test_generic_reads_need_a_key(desk: Desk, path: str) -> None:
    error(send(desk, "POST", f"{BASE}{path}", headers={}), 401)


def test_a_long_includes_list_is_answered_on_every_store(desk: Desk) -> None:
    made = create_incident(desk)["id"]
    wanted = [made, *range(10**9, 10**9 + QUERY_VALUES_MAX - 1)]
    assert numbers(desk, {"number": wanted}) == [made]
    assert count(desk, {"number": {"_type": "Includes", "value": wanted}}) == 1


def test_an_includes_list_past_the_cap_is_a_400_not_a_503(desk: Desk) -> None:
    body = {"query": {"number": list(range(QUERY_VALUES_MAX + 1))}}
    assert "at most" in error(send(desk, "POST", f"{BASE}/get-list", body), 400)


def test_count_refuses_a_select_saying_the_call_does_not_take_it(desk: Desk) -> None:
    response = send(desk, "POST", f"{BASE}/count", {"query": {}, "select": {"name": True}})
    assert error(response, 400) == "select: not a field this call takes"
