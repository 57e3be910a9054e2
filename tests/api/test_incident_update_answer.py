"""An update answers the incident exactly as a get then reads it (built without reading back)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import helpers as states
from tests.api.helpers import Json
from tests.api.incident_helpers import (
    Desk,
    comment,
    create_incident,
    get_incident,
    move_to,
    new_in,
    try_update,
    update_body,
)


def answered(desk: Desk, incident: Json, **over: Any) -> Json:
    """The answer to an update that must succeed."""
    response = try_update(desk, incident["id"], update_body(incident, **over))
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


@pytest.mark.parametrize(
    "over",
    [
        {"name": "Renamed", "severity": "high"},
        {"description": "", "external_link": "https://example.com/2"},
        {"status": "investigating", "investigation_date": "2024-03-01T10:05:00Z"},
        {"status": "investigating", "investigation_date": "2024-03-01T10:05:00Z", "name": "Both"},
    ],
)
def test_an_update_answers_what_get_then_reads(desk: Desk, over: dict[str, Any]) -> None:
    incident = create_incident(desk, description="first")
    assert answered(desk, incident, **over) == get_incident(desk, incident["id"])


def test_a_reopen_answers_its_cleared_dates_as_get_reads_them(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    reopened = answered(desk, incident, status="active", investigation_date="", stable_date="")
    assert reopened == get_incident(desk, incident["id"])
    assert reopened["resolve_date"] is None


def test_an_update_answers_every_comment_internal_ones_too(desk: Desk) -> None:
    incident = create_incident(desk)
    comment(desk, incident["id"], "public")
    comment(desk, incident["id"], "private", internal=True)
    updated = answered(desk, incident, name="With comments")
    assert [c["comment"] for c in updated["comments"]] == ["public", "private"]
    assert updated == get_incident(desk, incident["id"])


def test_an_update_that_changes_nothing_answers_the_incident_as_stored(desk: Desk) -> None:
    incident = move_to(desk, create_incident(desk), "investigating")
    assert answered(desk, incident) == get_incident(desk, incident["id"]) == incident


def test_an_update_after_its_state_was_renamed_answers_the_new_status(desk: Desk) -> None:
    monitoring = states.create(desk.api, desk.headers, name="Monitoring")
    incident = answered(desk, create_incident(desk), status="monitoring")
    states.update(desk.api, desk.headers, monitoring["_id"], name="Watching")
    updated = answered(desk, incident, status="watching", name="Later")
    assert updated["status"] == "watching"
    assert updated == get_incident(desk, incident["id"])
