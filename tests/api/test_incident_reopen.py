"""Reopening: moving back to an earlier state is allowed, recorded, and clears later dates
in the read model only."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    INVESTIGATED,
    RESOLVED,
    STABLE,
    Desk,
    at,
    history,
    move_to,
    new_in,
    try_update,
    update_body,
    update_incident,
    utc,
)

LATER = {
    "active": ("investigation_date", "stable_date", "resolve_date"),
    "investigating": ("stable_date", "resolve_date"),
    "stable": ("resolve_date",),
}
KEPT = {
    "active": (),
    "investigating": ("investigation_date",),
    "stable": ("investigation_date", "stable_date"),
}


@pytest.mark.parametrize("target", ["active", "investigating", "stable"])
def test_a_resolved_incident_can_be_reopened(desk: Desk, target: str) -> None:
    incident = new_in(desk, "resolved")
    assert update_incident(desk, incident, status=target)["status"] == target


@pytest.mark.parametrize("target", ["active", "investigating", "stable"])
def test_reopening_clears_the_dates_of_later_states(desk: Desk, target: str) -> None:
    incident = new_in(desk, "resolved")
    reopened = update_incident(desk, incident, status=target)
    assert [reopened[f] for f in LATER[target]] == [None] * len(LATER[target])


@pytest.mark.parametrize("target", ["investigating", "stable"])
def test_reopening_keeps_the_dates_of_the_target_and_earlier_states(
    desk: Desk, target: str
) -> None:
    incident = new_in(desk, "resolved")
    reopened = update_incident(desk, incident, status=target)
    assert all(at(reopened[f]) == at(incident[f]) for f in KEPT[target])
    assert at(reopened["start_impact_date"]) == at(incident["start_impact_date"])


def test_the_cleared_dates_stay_in_the_read_model_cleared(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    update_incident(desk, incident, status="active")
    got = desk.client.get(f"/incident/{incident['id']}", headers=desk.headers).json()
    assert (got["status"], got["investigation_date"], got["resolve_date"]) == ("active", None, None)


def test_reopening_is_recorded_as_a_transition(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    before = len(history(desk, incident["id"]))
    update_incident(desk, incident, status="investigating")
    entries = history(desk, incident["id"])
    assert len(entries) == before + 1
    assert entries[-1]["changes"]["status"] == {"before": "resolved", "after": "investigating"}


def test_the_history_keeps_the_cleared_dates(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    update_incident(desk, incident, status="active")
    entries = history(desk, incident["id"])
    recorded = [
        e["changes"][f]["after"]
        for e in entries[:-1]
        for f in ("investigation_date", "stable_date", "resolve_date")
        if f in e["changes"] and e["changes"][f]["after"]
    ]
    assert sorted(at(v) for v in recorded) == [utc(INVESTIGATED), utc(STABLE), utc(RESOLVED)]
    reopen = entries[-1]["changes"]
    cleared = {f: reopen[f]["before"] for f in LATER["active"] if f in reopen}
    assert all(at(v) for v in cleared.values())
    assert all(reopen[f]["after"] is None for f in cleared)


def test_after_reopening_entering_a_dated_state_again_needs_a_new_date(desk: Desk) -> None:
    incident = update_incident(desk, new_in(desk, "resolved"), status="active")
    body = update_body(incident, status="investigating")
    assert "investigation_date" in error(try_update(desk, incident["id"], body), 400)


def test_after_reopening_the_incident_can_be_resolved_again(desk: Desk) -> None:
    incident = update_incident(desk, new_in(desk, "resolved"), status="active")
    again = update_incident(desk, incident, status="resolved", resolve_date="2024-03-02T09:00")
    assert again["status"] == "resolved"
    assert at(again["resolve_date"]) == utc("2024-03-02T09:00")


def test_reopening_with_a_date_of_a_later_state_is_a_400(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    body = update_body(incident, status="investigating", resolve_date=RESOLVED)
    assert "resolve_date" in error(try_update(desk, incident["id"], body), 400)
    assert (
        desk.client.get(f"/incident/{incident['id']}", headers=desk.headers).json()["status"]
        == "resolved"
    )


def test_reopening_with_blank_later_dates_is_allowed(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    reopened = update_incident(desk, incident, status="stable", resolve_date="")
    assert (reopened["status"], reopened["resolve_date"]) == ("stable", None)


def test_reopening_may_correct_the_target_states_date(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    reopened = update_incident(
        desk, incident, status="investigating", investigation_date="2024-03-01T10:30"
    )
    assert at(reopened["investigation_date"]) == utc("2024-03-01T10:30")


def test_a_reopened_stable_incident_moves_forward_again(desk: Desk) -> None:
    incident = update_incident(desk, new_in(desk, "stable"), status="investigating")
    assert incident["stable_date"] is None
    assert move_to(desk, incident, "stable")["status"] == "stable"


def test_reopen_and_resolve_cycles_are_all_recorded(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    for _ in range(3):
        incident = update_incident(desk, incident, status="active")
        incident = move_to(desk, incident, "resolved")
    statuses = [
        e["changes"]["status"]["after"]
        for e in history(desk, incident["id"])
        if "status" in e["changes"]
    ]
    assert statuses[-6:] == ["active", "resolved"] * 3


def test_after_reopening_with_a_blank_resolve_date_resolving_needs_one(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    reopened = update_incident(desk, incident, status="stable", resolve_date="")
    body = update_body(reopened, status="resolved")
    assert "resolve_date" in error(try_update(desk, incident["id"], body), 400)
