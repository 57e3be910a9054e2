"""Custom incident states: status is the state's name lowercased; order rules the dates;
a state in use cannot be deleted."""

from __future__ import annotations

from typing import Any

from tests.api import helpers as states
from tests.api.helpers import Json, error
from tests.api.incident_helpers import (
    STABLE,
    WALK,
    Desk,
    at,
    create_incident,
    delete_incident,
    get_incident,
    history,
    listed_ids,
    move_to,
    new_in,
    timeline,
    try_update,
    update_body,
    update_incident,
    utc,
)


def add_state(desk: Desk, name: str = "Monitoring", **data: Any) -> Json:
    """Create a state through the Incident State API."""
    return states.create(desk.api, desk.headers, name=name, **data)


def state_id(desk: Desk, name: str) -> str:
    """The id of the project's state with this name."""
    page = states.get_list(desk.api, desk.headers, {"query": {"name": name}})
    found: str = page["data"][0]["_id"]
    return found


def test_an_incident_can_move_to_a_custom_state(desk: Desk) -> None:
    add_state(desk)
    incident = create_incident(desk)
    assert update_incident(desk, incident, status="monitoring")["status"] == "monitoring"


def test_a_state_name_with_spaces_is_a_status_too(desk: Desk) -> None:
    add_state(desk, "Post Mortem")
    incident = create_incident(desk)
    assert update_incident(desk, incident, status="post mortem")["status"] == "post mortem"


def test_entering_a_custom_state_needs_no_date(desk: Desk) -> None:
    add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    dates = ("investigation_date", "stable_date", "resolve_date")
    assert [incident[f] for f in dates] == [None, None, None]


def test_the_status_filter_finds_a_custom_status(desk: Desk) -> None:
    add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    create_incident(desk)
    assert listed_ids(desk, status="monitoring") == [incident["id"]]


def test_a_custom_state_between_stable_and_resolved_keeps_the_stable_date(desk: Desk) -> None:
    add_state(desk, order=4)  # Active 1, Investigating 2, Stable 3, Monitoring 4, Resolved 5
    incident = update_incident(desk, new_in(desk, "stable"), status="monitoring")
    assert incident["stable_date"] is not None
    assert incident["investigation_date"] is not None


def test_a_later_states_date_may_be_given_in_a_custom_state_after_it(desk: Desk) -> None:
    add_state(desk, order=4)
    incident = create_incident(desk)
    updated = update_incident(desk, incident, status="monitoring", stable_date=STABLE)
    assert updated["status"] == "monitoring"


def test_a_date_of_a_state_after_the_custom_one_is_a_400(desk: Desk) -> None:
    add_state(desk, order=2)  # Active 1, Monitoring 2, Investigating 3, ...
    incident = create_incident(desk)
    body = update_body(incident, status="monitoring", investigation_date="2024-03-01T11:00")
    assert "investigation_date" in error(try_update(desk, incident["id"], body), 400)


def test_moving_from_a_late_custom_state_back_clears_later_dates(desk: Desk) -> None:
    add_state(desk, order=4)
    incident = update_incident(desk, new_in(desk, "stable"), status="monitoring")
    back = update_incident(desk, incident, status="investigating")
    assert (back["status"], back["stable_date"]) == ("investigating", None)
    assert back["investigation_date"] is not None


def test_a_custom_state_appears_in_history_and_timeline(desk: Desk) -> None:
    add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    assert history(desk, incident["id"])[-1]["changes"]["status"]["after"] == "monitoring"
    assert [p["status"] for p in timeline(desk, incident["id"])] == ["active", "monitoring"]


def test_new_incidents_start_in_the_created_state(desk: Desk) -> None:
    add_state(desk, "Triage", isCreatedState=True)
    assert create_incident(desk)["status"] == "triage"


def test_renaming_the_current_state_renames_the_status(desk: Desk) -> None:
    monitoring = add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    states.update(desk.api, desk.headers, monitoring["_id"], name="Watching")
    assert get_incident(desk, incident["id"])["status"] == "watching"
    assert listed_ids(desk, status="watching") == [incident["id"]]


def test_a_renamed_state_is_reachable_under_its_new_name(desk: Desk) -> None:
    monitoring = add_state(desk)
    states.update(desk.api, desk.headers, monitoring["_id"], name="Watching")
    incident = create_incident(desk)
    error(try_update(desk, incident["id"], update_body(incident, status="monitoring")), 400)
    assert update_incident(desk, incident, status="watching")["status"] == "watching"


def test_a_state_that_is_a_live_incidents_status_cannot_be_deleted(desk: Desk) -> None:
    monitoring = add_state(desk)
    update_incident(desk, create_incident(desk), status="monitoring")
    error(states.delete(desk.api, desk.headers, monitoring["_id"]), 409)
    assert state_id(desk, "Monitoring") == monitoring["_id"]


def test_a_state_can_be_deleted_once_its_incident_moved_on(desk: Desk) -> None:
    monitoring = add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    move_to(desk, incident, "investigating")
    response = states.delete(desk.api, desk.headers, monitoring["_id"])
    assert response.status_code == 200, response.text


def test_a_state_can_be_deleted_once_its_incident_is_deleted(desk: Desk) -> None:
    monitoring = add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    delete_incident(desk, incident["id"])
    response = states.delete(desk.api, desk.headers, monitoring["_id"])
    assert response.status_code == 200, response.text


def test_a_default_state_in_use_cannot_be_deleted(desk: Desk) -> None:
    new_in(desk, "investigating")
    error(states.delete(desk.api, desk.headers, state_id(desk, "Investigating")), 409)


def test_a_deleted_state_is_no_longer_a_status(desk: Desk) -> None:
    monitoring = add_state(desk)
    assert states.delete(desk.api, desk.headers, monitoring["_id"]).status_code == 200
    incident = create_incident(desk)
    error(try_update(desk, incident["id"], update_body(incident, status="monitoring")), 400)


def rename(desk: Desk, old: str, new: str) -> None:
    """Rename one of the project's states through the Incident State API."""
    states.update(desk.api, desk.headers, state_id(desk, old), name=new)


def test_a_renamed_stable_state_still_takes_the_stable_date(desk: Desk) -> None:
    rename(desk, "Stable", "Mitigated")
    incident = create_incident(desk)
    error(try_update(desk, incident["id"], update_body(incident, status="mitigated")), 400)
    moved = update_incident(desk, incident, status="mitigated", stable_date=STABLE)
    assert moved["status"] == "mitigated"
    assert at(moved["stable_date"]) == utc(STABLE)


def test_a_renamed_states_date_may_be_sent_again_from_a_later_state(desk: Desk) -> None:
    incident = new_in(desk, "stable")
    rename(desk, "Stable", "Mitigated")
    current = get_incident(desk, incident["id"])
    resolved = update_incident(desk, current, status="resolved", **WALK["resolved"])
    assert resolved["status"] == "resolved"
    assert resolved["stable_date"] == incident["stable_date"]


def test_reopening_clears_the_date_of_a_renamed_later_state(desk: Desk) -> None:
    incident = new_in(desk, "stable")
    rename(desk, "Stable", "Mitigated")
    reopened = update_incident(desk, incident, status="active")
    assert (reopened["stable_date"], reopened["investigation_date"]) == (None, None)


def test_the_timeline_names_a_renamed_state_as_the_status_does(desk: Desk) -> None:
    monitoring = add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    states.update(desk.api, desk.headers, monitoring["_id"], name="Watching")
    assert [p["status"] for p in timeline(desk, incident["id"])] == ["active", "watching"]
    assert history(desk, incident["id"])[-1]["changes"]["status"]["after"] == "monitoring"


def test_the_timeline_keeps_a_deleted_states_name_as_entered(desk: Desk) -> None:
    monitoring = add_state(desk)
    incident = update_incident(desk, create_incident(desk), status="monitoring")
    move_to(desk, incident, "investigating")
    states.delete(desk.api, desk.headers, monitoring["_id"])
    statuses = [p["status"] for p in timeline(desk, incident["id"])]
    assert statuses == ["active", "monitoring", "investigating"]
