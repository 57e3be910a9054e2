"""POST /incident/<id>/update: required fields, optional fields kept or cleared, no-ops."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    INCIDENT_FIELDS,
    OPTIONAL_TEXT,
    UPDATE_REQUIRED,
    Desk,
    at,
    create_incident,
    delete_incident,
    get_incident,
    history,
    make_item,
    move_to,
    try_update,
    unique,
    update_body,
    update_incident,
)

FULL = {
    "description": "what happened",
    "external_reference": "REF-1",
    "external_link": "https://example.com/1",
}


def test_update_answers_200_with_the_changed_incident(desk: Desk) -> None:
    incident = create_incident(desk)
    name = unique("Renamed")
    response = try_update(desk, incident["id"], update_body(incident, name=name))
    assert response.status_code == 200, response.text
    updated = response.json()
    assert set(updated) >= INCIDENT_FIELDS
    assert (updated["id"], updated["uuid"], updated["name"]) == (
        incident["id"],
        incident["uuid"],
        name,
    )


@pytest.mark.parametrize("field", UPDATE_REQUIRED)
def test_a_missing_required_field_is_a_400_naming_it(desk: Desk, field: str) -> None:
    incident = create_incident(desk)
    body = update_body(incident, name=unique())
    del body[field]
    assert field in error(try_update(desk, incident["id"], body), 400)
    assert get_incident(desk, incident["id"])["name"] == incident["name"]


@pytest.mark.parametrize("field", ["name", "severity", "status", "start_impact_date"])
def test_a_blank_required_field_is_a_400_naming_it(desk: Desk, field: str) -> None:
    incident = create_incident(desk)
    body = update_body(incident, **{field: ""})
    assert field in error(try_update(desk, incident["id"], body), 400)


@pytest.mark.parametrize("field", OPTIONAL_TEXT)
def test_an_optional_field_left_out_keeps_its_value(desk: Desk, field: str) -> None:
    incident = create_incident(desk, **FULL)
    updated = update_incident(desk, incident, name=unique())
    assert updated[field] == FULL[field]


@pytest.mark.parametrize("field", OPTIONAL_TEXT)
def test_an_empty_optional_field_clears_it(desk: Desk, field: str) -> None:
    incident = create_incident(desk, **FULL)
    updated = update_incident(desk, incident, **{field: ""})
    assert updated[field] is None
    others = [f for f in OPTIONAL_TEXT if f != field]
    assert [updated[f] for f in others] == [FULL[f] for f in others]


@pytest.mark.parametrize("field", OPTIONAL_TEXT)
def test_an_optional_field_can_be_set_later(desk: Desk, field: str) -> None:
    incident = create_incident(desk)
    assert update_incident(desk, incident, **{field: FULL[field]})[field] == FULL[field]


def test_severity_name_scope_and_service_can_change(desk: Desk) -> None:
    incident = create_incident(desk)
    scope = make_item(desk.api, desk.headers, "scope")["id"]
    service = make_item(desk.api, desk.headers, "service")["id"]
    name = unique()
    updated = update_incident(
        desk, incident, severity="minor", name=name, scope=scope, service=service
    )
    assert (updated["severity"], updated["name"], updated["scope"], updated["service"]) == (
        "minor",
        name,
        scope,
        service,
    )


def test_an_update_keeps_created_at_and_advances_updated_at(desk: Desk) -> None:
    incident = create_incident(desk)
    updated = update_incident(desk, incident, name=unique())
    assert updated["created_at"] == incident["created_at"]
    assert at(updated["updated_at"]) > at(incident["updated_at"])


def test_an_update_that_changes_nothing_records_no_event(desk: Desk) -> None:
    incident = create_incident(desk, **FULL)
    before = history(desk, incident["id"])
    again = update_incident(desk, incident)
    assert history(desk, incident["id"]) == before
    assert again["updated_at"] == incident["updated_at"]


def test_sending_back_a_returned_incident_changes_nothing(desk: Desk) -> None:
    incident = move_to(desk, create_incident(desk, **FULL), "resolved")
    before = history(desk, incident["id"])
    body = {k: incident[k] for k in (*UPDATE_REQUIRED, *OPTIONAL_TEXT)}
    body |= {k: incident[k] for k in ("investigation_date", "stable_date", "resolve_date")}
    response = try_update(desk, incident["id"], body)
    assert response.status_code == 200, response.text
    assert history(desk, incident["id"]) == before


def test_the_same_instant_in_another_notation_changes_nothing(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2024-03-01T10:00")
    before = history(desk, incident["id"])
    update_incident(desk, incident, start_impact_date="2024-03-01T12:00:00+02:00")
    assert history(desk, incident["id"]) == before


def test_an_update_changing_one_field_records_one_event(desk: Desk) -> None:
    incident = create_incident(desk)
    update_incident(desk, incident, severity="low")
    entries = history(desk, incident["id"])
    assert len(entries) == 2
    assert entries[-1]["changes"] == {"severity": {"before": "high", "after": "low"}}


@pytest.mark.parametrize("status", ["closed", "ACTIVE-ish", "open", "monitoring"])
def test_a_status_the_project_does_not_have_is_a_400(desk: Desk, status: str) -> None:
    incident = create_incident(desk)
    assert "status" in error(
        try_update(desk, incident["id"], update_body(incident, status=status)), 400
    )
    assert get_incident(desk, incident["id"])["status"] == "active"


def test_an_unknown_severity_is_a_400_and_changes_nothing(desk: Desk) -> None:
    incident = create_incident(desk)
    response = try_update(desk, incident["id"], update_body(incident, severity="meh", name="x"))
    assert "severity" in error(response, 400)
    assert get_incident(desk, incident["id"])["name"] == incident["name"]


def test_an_external_link_that_is_not_http_is_a_400(desk: Desk) -> None:
    incident = create_incident(desk)
    body = update_body(incident, external_link="mailto:a@example.com")
    assert "external_link" in error(try_update(desk, incident["id"], body), 400)


@pytest.mark.parametrize("field", ["scope", "service"])
def test_an_unknown_scope_or_service_is_a_400(desk: Desk, field: str) -> None:
    incident = create_incident(desk)
    body = update_body(incident, **{field: 999_999_999})
    assert field in error(try_update(desk, incident["id"], body), 400)


def test_updating_an_unknown_incident_is_a_404(desk: Desk) -> None:
    incident = create_incident(desk)
    error(try_update(desk, 999_999_999, update_body(incident)), 404)


def test_updating_a_deleted_incident_is_a_404(desk: Desk) -> None:
    incident = create_incident(desk)
    assert delete_incident(desk, incident["id"]).status_code == 204
    error(try_update(desk, incident["id"], update_body(incident, name="back")), 404)


@pytest.mark.parametrize("number", ["abc", "-1", "1.0", "0x10"])
def test_a_malformed_incident_id_is_a_client_error(desk: Desk, number: str) -> None:
    incident = create_incident(desk)
    response = try_update(desk, number, update_body(incident))
    assert response.status_code in (400, 404), response.text
    error(response, response.status_code)


def test_a_refused_update_changes_nothing_at_all(desk: Desk) -> None:
    incident = create_incident(desk, **FULL)
    before = history(desk, incident["id"])
    body = update_body(incident, name=unique(), description="", external_link="bad")
    error(try_update(desk, incident["id"], body), 400)
    assert history(desk, incident["id"]) == before
    assert get_incident(desk, incident["id"])["description"] == FULL["description"]
