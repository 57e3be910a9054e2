"""Form bodies (application/x-www-form-urlencoded): integers as text, the same rules as JSON."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    Desk,
    at,
    comments,
    create_incident,
    history,
    incident_body,
    try_comment,
    try_create,
    try_update,
    update_body,
    utc,
)


def test_create_accepts_a_form_with_integers_as_text(desk: Desk) -> None:
    body = incident_body(desk, description="from a form", external_link="https://e.example/1")
    response = try_create(desk, body, form=True)
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["scope"], created["service"]) == (desk.scope, desk.service)
    assert isinstance(created["scope"], int)
    assert (created["description"], created["external_link"]) == (
        "from a form",
        "https://e.example/1",
    )


def test_a_form_created_incident_equals_a_json_created_one(desk: Desk) -> None:
    body = incident_body(desk, external_reference="R-1")
    by_form = try_create(desk, body, form=True).json()
    by_json = try_create(desk, body).json()
    same = ("scope", "service", "name", "severity", "status", "start_impact_date")
    assert {k: by_form[k] for k in same} == {k: by_json[k] for k in same}


def test_update_accepts_a_form(desk: Desk) -> None:
    incident = create_incident(desk)
    body = update_body(incident, status="investigating", investigation_date="2024-03-01T11:00")
    response = try_update(desk, incident["id"], body, form=True)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "investigating"
    assert at(response.json()["investigation_date"]) == utc("2024-03-01T11:00")


def test_an_empty_form_field_clears_an_optional_field(desk: Desk) -> None:
    incident = create_incident(desk, external_reference="R-2", description="d")
    body = update_body(incident, external_reference="")
    updated = try_update(desk, incident["id"], body, form=True).json()
    assert (updated["external_reference"], updated["description"]) == (None, "d")


def test_a_form_update_with_the_same_values_records_nothing(desk: Desk) -> None:
    incident = create_incident(desk)
    before = history(desk, incident["id"])
    assert try_update(desk, incident["id"], update_body(incident), form=True).status_code == 200
    assert history(desk, incident["id"]) == before


@pytest.mark.parametrize(("text", "internal"), [("1", True), ("0", False), ("true", True)])
def test_comment_accepts_a_form(desk: Desk, text: str, internal: bool) -> None:
    incident = create_incident(desk)
    body = {"comment": "formed", "internal": text}
    response = try_comment(desk, incident["id"], body, form=True)
    assert response.status_code == 201, response.text
    assert (response.json()["comment"], response.json()["internal"]) == ("formed", internal)
    assert comments(desk, incident["id"])[-1]["internal"] is internal


def test_a_comment_form_keeps_newlines_and_symbols(desk: Desk) -> None:
    incident = create_incident(desk)
    text = "line 1\nline 2 & 50% = done? é"
    response = try_comment(desk, incident["id"], {"comment": text}, form=True)
    assert response.json()["comment"] == text


@pytest.mark.parametrize("field", ["scope", "service"])
@pytest.mark.parametrize("value", ["abc", "1.5", "-2", ""])
def test_a_form_integer_that_is_not_a_whole_number_is_a_400(
    desk: Desk, field: str, value: str
) -> None:
    assert field in error(try_create(desk, incident_body(desk, **{field: value}), form=True), 400)


def test_a_form_without_a_required_field_is_a_400_naming_it(desk: Desk) -> None:
    body = incident_body(desk)
    del body["severity"]
    assert "severity" in error(try_create(desk, body, form=True), 400)


def test_a_form_with_a_bad_date_is_a_400(desk: Desk) -> None:
    body = incident_body(desk, start_impact_date="01-03-2024")
    assert "start_impact_date" in error(try_create(desk, body, form=True), 400)


def test_a_form_date_with_an_offset_keeps_its_plus_sign(desk: Desk) -> None:
    body = incident_body(desk, start_impact_date="2024-03-01T12:00:00+02:00")
    created = try_create(desk, body, form=True).json()
    assert at(created["start_impact_date"]) == utc("2024-03-01T10:00")


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2, 3]", b'"text"', b"null", b"NaN"])
def test_a_body_that_is_not_a_json_object_is_a_400(desk: Desk, raw: bytes) -> None:
    headers = {**desk.headers, "Content-Type": "application/json"}
    error(desk.client.post("/incident/create", content=raw, headers=headers), 400)
