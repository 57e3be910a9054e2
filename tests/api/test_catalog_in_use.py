"""A scope or service still used by a live incident cannot be deleted (409)."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    KINDS,
    Desk,
    create_incident,
    delete_incident,
    incident_body,
    make_item,
    try_create,
    try_update,
    update_body,
    update_incident,
)


def _delete(desk: Desk, kind: str, item_id: int) -> int:
    response = desk.client.post(f"/{kind}/{item_id}/delete", headers=desk.headers)
    if response.status_code != 204:
        error(response, response.status_code)
    return int(response.status_code)


def _used(desk: Desk, kind: str) -> int:
    return desk.scope if kind == "scope" else desk.service


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_what_a_live_incident_uses_is_a_409(desk: Desk, kind: str) -> None:
    create_incident(desk)
    assert _delete(desk, kind, _used(desk, kind)) == 409
    response = desk.client.get(f"/{kind}/{_used(desk, kind)}", headers=desk.headers)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("kind", KINDS)
def test_the_409_names_the_reason(desk: Desk, kind: str) -> None:
    create_incident(desk)
    response = desk.client.post(f"/{kind}/{_used(desk, kind)}/delete", headers=desk.headers)
    assert "incident" in error(response, 409)


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_becomes_possible_once_the_incident_is_deleted(desk: Desk, kind: str) -> None:
    incident = create_incident(desk)
    assert delete_incident(desk, incident["id"]).status_code == 204
    assert _delete(desk, kind, _used(desk, kind)) == 204


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_becomes_possible_once_the_incident_moves_elsewhere(desk: Desk, kind: str) -> None:
    incident = create_incident(desk)
    other = make_item(desk.api, desk.headers, kind)["id"]
    update_incident(desk, incident, **{kind: other})
    assert _delete(desk, kind, _used(desk, kind)) == 204
    assert _delete(desk, kind, other) == 409


@pytest.mark.parametrize("kind", KINDS)
def test_an_unused_object_beside_a_used_one_can_be_deleted(desk: Desk, kind: str) -> None:
    create_incident(desk)
    spare = make_item(desk.api, desk.headers, kind)["id"]
    assert _delete(desk, kind, spare) == 204


@pytest.mark.parametrize("kind", KINDS)
def test_a_resolved_incident_still_uses_its_scope_and_service(desk: Desk, kind: str) -> None:
    incident = create_incident(desk)
    update_incident(desk, incident, status="resolved", resolve_date="2024-03-02T00:00")
    assert _delete(desk, kind, _used(desk, kind)) == 409


@pytest.mark.parametrize("kind", KINDS)
def test_a_deleted_scope_or_service_cannot_be_given_to_an_incident(desk: Desk, kind: str) -> None:
    spare = make_item(desk.api, desk.headers, kind)["id"]
    assert _delete(desk, kind, spare) == 204
    assert kind in error(try_create(desk, incident_body(desk, **{kind: spare})), 400)
    incident = create_incident(desk)
    assert kind in error(
        try_update(desk, incident["id"], update_body(incident, **{kind: spare})), 400
    )
