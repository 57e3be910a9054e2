"""POST /incident/create: 201 with the incident, required fields, references, links."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    CREATE_REQUIRED,
    INCIDENT_FIELDS,
    SEVERITIES,
    START,
    Desk,
    at,
    create_incident,
    incident_body,
    make_item,
    try_create,
    utc,
)
from tests.conftest import make_tenant


def test_create_answers_201_with_every_field(desk: Desk) -> None:
    body = incident_body(desk)
    response = try_create(desk, body)
    assert response.status_code == 201, response.text
    incident = response.json()
    assert set(incident) >= INCIDENT_FIELDS
    assert (incident["scope"], incident["service"]) == (desk.scope, desk.service)
    assert (incident["name"], incident["severity"]) == (body["name"], "high")


def test_create_gives_an_integer_id_and_a_uuid(desk: Desk) -> None:
    incident = create_incident(desk)
    assert isinstance(incident["id"], int)
    assert not isinstance(incident["id"], bool)
    assert str(UUID(incident["uuid"])) == incident["uuid"]


def test_create_records_the_keys_project(desk: Desk) -> None:
    assert create_incident(desk)["project_id"] == desk.tenant.project_id


def test_a_new_incident_starts_active(desk: Desk) -> None:
    assert create_incident(desk)["status"] == "active"


def test_a_new_incident_has_only_its_start_date(desk: Desk) -> None:
    incident = create_incident(desk)
    assert at(incident["start_impact_date"]) == utc(START)
    dates = ("investigation_date", "stable_date", "resolve_date")
    assert [incident[f] for f in dates] == [None, None, None]


def test_optional_fields_are_null_when_left_out(desk: Desk) -> None:
    incident = create_incident(desk)
    assert [incident[f] for f in ("description", "external_reference", "external_link")] == [
        None,
        None,
        None,
    ]


def test_optional_fields_are_stored_as_given(desk: Desk) -> None:
    extra = {
        "description": "Line one\nline two",
        "external_reference": "JIRA-42",
        "external_link": "https://example.com/x?y=1",
    }
    incident = create_incident(desk, **extra)
    assert {k: incident[k] for k in extra} == extra


def test_created_and_updated_at_are_equal_utc_instants(desk: Desk) -> None:
    incident = create_incident(desk)
    assert at(incident["created_at"]) == at(incident["updated_at"])


def test_create_answer_equals_a_later_get(desk: Desk) -> None:
    incident = create_incident(desk)
    response = desk.client.get(f"/incident/{incident['id']}", headers=desk.headers)
    got = response.json()
    assert {k: got[k] for k in INCIDENT_FIELDS} == {k: incident[k] for k in INCIDENT_FIELDS}


@pytest.mark.parametrize("severity", SEVERITIES)
def test_every_seed_severity_is_accepted(desk: Desk, severity: str) -> None:
    assert create_incident(desk, severity=severity)["severity"] == severity


@pytest.mark.parametrize("severity", ["urgent", "", "HIGHEST", 3, None])
def test_an_unknown_severity_is_a_400(desk: Desk, severity: object) -> None:
    assert "severity" in error(try_create(desk, incident_body(desk, severity=severity)), 400)


@pytest.mark.parametrize("field", CREATE_REQUIRED)
def test_a_missing_required_field_is_a_400_naming_it(desk: Desk, field: str) -> None:
    body = incident_body(desk)
    del body[field]
    assert field in error(try_create(desk, body), 400)


@pytest.mark.parametrize("field", ["name", "severity", "start_impact_date"])
def test_a_blank_required_field_is_a_400_naming_it(desk: Desk, field: str) -> None:
    assert field in error(try_create(desk, incident_body(desk, **{field: "  "})), 400)


def test_an_empty_body_is_a_400(desk: Desk) -> None:
    error(desk.client.post("/incident/create", headers=desk.headers), 400)


@pytest.mark.parametrize("field", ["scope", "service"])
def test_an_unknown_scope_or_service_is_a_400(desk: Desk, field: str) -> None:
    assert field in error(try_create(desk, incident_body(desk, **{field: 999_999_999})), 400)


@pytest.mark.parametrize("kind", ["scope", "service"])
def test_another_projects_scope_or_service_is_a_400(desk: Desk, kind: str) -> None:
    theirs = make_item(desk.api, make_tenant(desk.api.services).headers, kind)["id"]
    assert kind in error(try_create(desk, incident_body(desk, **{kind: theirs})), 400)


@pytest.mark.parametrize("value", ["one", 1.5, -1, True, [1], {"id": 1}])
def test_a_scope_that_is_not_an_integer_is_a_400(desk: Desk, value: object) -> None:
    assert "scope" in error(try_create(desk, incident_body(desk, scope=value)), 400)


@pytest.mark.parametrize(
    "link",
    ["ftp://example.com/x", "example.com", "javascript:alert(1)", "http://", "not a url"],
)
def test_an_external_link_that_is_not_http_is_a_400(desk: Desk, link: str) -> None:
    assert "external_link" in error(try_create(desk, incident_body(desk, external_link=link)), 400)


@pytest.mark.parametrize("link", ["http://example.com", "https://status.example.org/i/7#top"])
def test_http_and_https_links_are_accepted(desk: Desk, link: str) -> None:
    assert create_incident(desk, external_link=link)["external_link"] == link


def test_a_failed_create_leaves_no_incident(desk: Desk) -> None:
    error(try_create(desk, incident_body(desk, severity="nope")), 400)
    response = desk.client.get("/incident", headers=desk.headers)
    assert response.json() == []
    assert response.headers["X-Total"] == "0"


def test_ids_increase_and_are_unique_across_projects(desk: Desk) -> None:
    other = make_tenant(desk.api.services)
    other_desk = Desk(desk.api, other, *_catalog(desk, other.headers))
    ids = [create_incident(d)["id"] for _ in range(3) for d in (desk, other_desk)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def _catalog(desk: Desk, headers: dict[str, str]) -> tuple[int, int]:
    scope = make_item(desk.api, headers, "scope")["id"]
    return scope, make_item(desk.api, headers, "service")["id"]
