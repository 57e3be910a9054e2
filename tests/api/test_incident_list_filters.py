"""GET /incident: newest first, the seed's filters (AND-combined), invalid values are 400."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    INCIDENT_FIELDS,
    Desk,
    create_incident,
    delete_incident,
    listed_ids,
    listing,
    make_item,
    new_in,
    unique,
    update_incident,
)


def test_the_list_is_a_json_array_of_incidents_newest_first(desk: Desk) -> None:
    made = [create_incident(desk)["id"] for _ in range(3)]
    response = listing(desk)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["id"] for item in body] == made[::-1]
    assert all(set(item) >= INCIDENT_FIELDS for item in body)


def test_an_empty_project_lists_nothing(desk: Desk) -> None:
    response = listing(desk)
    assert (response.status_code, response.json()) == (200, [])


def test_listed_incidents_equal_their_single_reads(desk: Desk) -> None:
    incident = create_incident(desk, description="d", external_reference="r")
    listed = listing(desk).json()[0]
    assert {k: listed[k] for k in INCIDENT_FIELDS} == {k: incident[k] for k in INCIDENT_FIELDS}


def test_a_deleted_incident_is_not_listed(desk: Desk) -> None:
    kept, gone = create_incident(desk)["id"], create_incident(desk)["id"]
    delete_incident(desk, gone)
    assert listed_ids(desk) == [kept]


@pytest.mark.parametrize("status", ["active", "investigating", "stable", "resolved"])
def test_status_filters_by_the_current_status(desk: Desk, status: str) -> None:
    by_status = {
        s: new_in(desk, s)["id"] for s in ("active", "investigating", "stable", "resolved")
    }
    assert listed_ids(desk, status=status) == [by_status[status]]


def test_status_follows_a_reopening(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    update_incident(desk, incident, status="active")
    assert listed_ids(desk, status="resolved") == []
    assert listed_ids(desk, status="active") == [incident["id"]]


@pytest.mark.parametrize("severity", ["critical", "high", "moderate", "low", "minor"])
def test_severity_filters(desk: Desk, severity: str) -> None:
    made = {
        s: create_incident(desk, severity=s)["id"]
        for s in ("critical", "high", "moderate", "low", "minor")
    }
    assert listed_ids(desk, severity=severity) == [made[severity]]


def test_scope_filters_by_scope_id(desk: Desk) -> None:
    other = make_item(desk.api, desk.headers, "scope")["id"]
    mine = create_incident(desk)["id"]
    theirs = create_incident(desk, scope=other)["id"]
    assert listed_ids(desk, scope=desk.scope) == [mine]
    assert listed_ids(desk, scope=other) == [theirs]


def test_service_filters_by_service_id(desk: Desk) -> None:
    other = make_item(desk.api, desk.headers, "service")["id"]
    mine = create_incident(desk)["id"]
    theirs = create_incident(desk, service=other)["id"]
    assert listed_ids(desk, service=desk.service) == [mine]
    assert listed_ids(desk, service=other) == [theirs]


def test_external_reference_filters_by_exact_value(desk: Desk) -> None:
    ref = unique("REF")
    match = create_incident(desk, external_reference=ref)["id"]
    create_incident(desk, external_reference=ref + "-2")
    create_incident(desk)
    assert listed_ids(desk, external_reference=ref) == [match]


def test_impact_before_and_after_bound_the_start_date(desk: Desk) -> None:
    early = create_incident(desk, start_impact_date="2024-01-01T00:00")["id"]
    middle = create_incident(desk, start_impact_date="2024-06-01T00:00")["id"]
    late = create_incident(desk, start_impact_date="2024-12-01T00:00")["id"]
    assert listed_ids(desk, impact_before="2024-03-01T00:00") == [early]
    assert listed_ids(desk, impact_after="2024-09-01T00:00") == [late]
    window = {"impact_after": "2024-03-01T00:00", "impact_before": "2024-09-01T00:00"}
    assert listed_ids(desk, **window) == [middle]


def test_impact_filters_read_dates_with_an_offset(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2024-06-01T10:00")["id"]
    assert listed_ids(desk, impact_before="2024-06-01T11:30:00+02:00") == []
    assert listed_ids(desk, impact_before="2024-06-01T12:30:00+02:00") == [incident]
    assert listed_ids(desk, impact_after="2024-06-01T12:30:00+02:00") == []
    assert listed_ids(desk, impact_after="2024-06-01T11:30:00+02:00") == [incident]


def test_filters_are_combined_with_and(desk: Desk) -> None:
    other = make_item(desk.api, desk.headers, "scope")["id"]
    hit = create_incident(desk, severity="low", scope=other)["id"]
    create_incident(desk, severity="low")
    create_incident(desk, severity="high", scope=other)
    new_in(desk, "resolved", severity="low", scope=other)
    assert listed_ids(desk, severity="low", scope=other, status="active") == [hit]


def test_a_filter_with_no_match_lists_nothing_with_a_zero_total(desk: Desk) -> None:
    create_incident(desk)
    response = listing(desk, external_reference="nothing-has-this")
    assert response.json() == []
    assert response.headers["X-Total"] == "0"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("severity", "urgent"),
        ("severity", ""),
        ("scope", "abc"),
        ("scope", "-3"),
        ("scope", ""),
        ("service", "1.5"),
        ("service", "x"),
        ("impact_before", "tomorrow"),
        ("impact_before", "2024-13-40T00:00"),
        ("impact_after", "2024"),
        ("status", ""),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_it(desk: Desk, name: str, value: str) -> None:
    assert name in error(listing(desk, **{name: value}), 400)


def test_a_status_the_project_does_not_have_is_a_400(desk: Desk) -> None:
    create_incident(desk)
    assert "status" in error(listing(desk, status="bogus"), 400)


@pytest.mark.parametrize("name", ["colour", "name", "q", "sort", "state"])
def test_an_unknown_filter_is_a_400_naming_it(desk: Desk, name: str) -> None:
    assert name in error(listing(desk, **{name: "x"}), 400)


def test_an_invalid_filter_is_a_400_also_without_a_key(desk: Desk) -> None:
    error(listing(desk, {}, severity="urgent"), 400)
    error(listing(desk, {}, nope="1"), 400)
