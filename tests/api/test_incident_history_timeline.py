"""GET /incident/<id>/history (every event in order) and /timeline (periods from the
business dates)."""

from __future__ import annotations

from tests.api.helpers import error
from tests.api.incident_helpers import (
    INVESTIGATED,
    RESOLVED,
    STABLE,
    START,
    Desk,
    at,
    comment,
    create_incident,
    delete_incident,
    history,
    move_to,
    new_in,
    send,
    timeline,
    update_incident,
    utc,
)

ENTRY_KEYS = {"version", "type", "recorded_at", "actor", "changes"}
PERIOD_KEYS = {"status", "started_at", "ended_at", "duration_seconds"}


def transitions(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """The entries that moved the incident to another status."""
    return [e for e in entries if e.get("occurred_at") is not None]


def test_history_starts_with_the_creation(desk: Desk) -> None:
    incident = create_incident(desk)
    entries = history(desk, incident["id"])
    assert len(entries) == 1
    assert set(entries[0]) >= ENTRY_KEYS
    assert entries[0]["version"] == 1
    assert "Created" in entries[0]["type"]
    changes = entries[0]["changes"]
    assert changes["name"] == {"before": None, "after": incident["name"]}
    assert changes["status"]["after"] == "active"
    assert changes["scope"]["after"] == desk.scope


def test_history_records_every_kind_of_event_in_order(desk: Desk) -> None:
    incident = create_incident(desk)
    update_incident(desk, incident, name="Renamed")
    move_to(desk, incident, "investigating")
    comment(desk, incident["id"])
    delete_incident(desk, incident["id"])
    entries = history(desk, incident["id"])
    assert [e["version"] for e in entries] == list(range(1, len(entries) + 1))
    kinds = [e["type"] for e in entries]
    assert "Created" in kinds[0]
    assert "Deleted" in kinds[-1]
    assert len(set(kinds)) == 5
    recorded = [at(e["recorded_at"]) for e in entries]
    assert recorded == sorted(recorded)


def test_each_entry_names_the_acting_key(desk: Desk) -> None:
    incident = create_incident(desk)
    member = desk.tenant.key("member")
    response = send(desk, "POST", f"/incident/{incident['id']}/comment", {"comment": "m"}, member)
    assert response.status_code == 201, response.text
    actors = [e["actor"] for e in history(desk, incident["id"])]
    assert actors == [desk.tenant.owner.api_key_id, desk.tenant.keys[-1].api_key_id]


def test_an_update_records_before_and_after(desk: Desk) -> None:
    incident = create_incident(desk, description="old")
    update_incident(desk, incident, description="new", severity="low")
    assert history(desk, incident["id"])[-1]["changes"] == {
        "description": {"before": "old", "after": "new"},
        "severity": {"before": "high", "after": "low"},
    }


def test_a_transition_records_the_status_and_its_business_time(desk: Desk) -> None:
    incident = new_in(desk, "investigating")
    moved = transitions(history(desk, incident["id"]))
    assert len(moved) == 1
    assert moved[0]["changes"]["status"] == {"before": "active", "after": "investigating"}
    assert at(str(moved[0]["occurred_at"])) == utc(INVESTIGATED)


def test_only_transitions_carry_occurred_at(desk: Desk) -> None:
    incident = create_incident(desk)
    update_incident(desk, incident, name="x")
    comment(desk, incident["id"])
    assert transitions(history(desk, incident["id"])) == []


def test_every_step_to_resolved_is_a_transition(desk: Desk) -> None:
    incident = create_incident(desk)
    for status in ("investigating", "stable", "resolved"):
        incident = move_to(desk, incident, status)
    moved = transitions(history(desk, incident["id"]))
    assert [m["changes"]["status"]["after"] for m in moved] == [
        "investigating",
        "stable",
        "resolved",
    ]
    assert [at(str(m["occurred_at"])) for m in moved] == [
        utc(INVESTIGATED),
        utc(STABLE),
        utc(RESOLVED),
    ]


def test_history_stays_readable_after_deletion(desk: Desk) -> None:
    incident = create_incident(desk)
    before = history(desk, incident["id"])
    assert delete_incident(desk, incident["id"]).status_code == 204
    after = history(desk, incident["id"])
    assert after[:-1] == before
    assert "Deleted" in after[-1]["type"]


def test_history_of_an_unknown_incident_is_a_404(desk: Desk) -> None:
    error(send(desk, "GET", "/incident/999999999/history"), 404)


def test_a_new_incident_has_one_open_period_from_its_start(desk: Desk) -> None:
    incident = create_incident(desk)
    periods = timeline(desk, incident["id"])
    assert len(periods) == 1
    assert set(periods[0]) == PERIOD_KEYS
    assert periods[0]["status"] == "active"
    assert at(periods[0]["started_at"]) == utc(START)
    assert (periods[0]["ended_at"], periods[0]["duration_seconds"]) == (None, None)


def test_the_timeline_has_one_row_per_period_from_the_business_dates(desk: Desk) -> None:
    incident = create_incident(desk)
    for status in ("investigating", "stable", "resolved"):
        incident = move_to(desk, incident, status)
    periods = timeline(desk, incident["id"])
    assert [p["status"] for p in periods] == ["active", "investigating", "stable", "resolved"]
    starts = [at(p["started_at"]) for p in periods]
    assert starts == [utc(d) for d in (START, INVESTIGATED, STABLE, RESOLVED)]
    ends = [p["ended_at"] and at(p["ended_at"]) for p in periods]
    assert ends == [*starts[1:], None]
    assert [p["duration_seconds"] for p in periods] == [3600, 3600, 3600, None]


def test_durations_follow_the_business_dates_not_the_request_times(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2024-01-01T00:00")
    update_incident(desk, incident, status="investigating", investigation_date="2024-01-02T06:30")
    first = timeline(desk, incident["id"])[0]
    assert first["duration_seconds"] == 30.5 * 3600


def test_skipping_states_gives_only_the_visited_periods(desk: Desk) -> None:
    incident = create_incident(desk)
    update_incident(desk, incident, status="resolved", resolve_date=RESOLVED)
    periods = timeline(desk, incident["id"])
    assert [p["status"] for p in periods] == ["active", "resolved"]
    assert periods[0]["duration_seconds"] == 3 * 3600


def test_a_reopening_adds_a_period(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    update_incident(desk, incident, status="investigating", investigation_date="2024-03-01T14:00")
    periods = timeline(desk, incident["id"])
    assert [p["status"] for p in periods][-2:] == ["resolved", "investigating"]
    assert periods[-1]["ended_at"] is None


def test_correcting_the_start_moves_the_first_period(desk: Desk) -> None:
    incident = new_in(desk, "investigating")
    update_incident(desk, incident, start_impact_date="2024-03-01T09:00")
    first = timeline(desk, incident["id"])[0]
    assert at(first["started_at"]) == utc("2024-03-01T09:00")
    assert first["duration_seconds"] == 2 * 3600


def test_correcting_an_earlier_states_date_moves_its_period(desk: Desk) -> None:
    incident = move_to(desk, new_in(desk, "investigating"), "stable")
    update_incident(desk, incident, investigation_date="2024-03-01T10:30")
    periods = timeline(desk, incident["id"])
    assert at(periods[0]["ended_at"]) == utc("2024-03-01T10:30")
    assert at(periods[1]["started_at"]) == utc("2024-03-01T10:30")
    assert periods[1]["duration_seconds"] == 1.5 * 3600


def test_comments_and_edits_add_no_period(desk: Desk) -> None:
    incident = create_incident(desk)
    comment(desk, incident["id"])
    update_incident(desk, incident, name="Edited")
    assert len(timeline(desk, incident["id"])) == 1


def test_the_timeline_of_an_unknown_incident_is_a_404(desk: Desk) -> None:
    error(send(desk, "GET", "/incident/999999999/timeline"), 404)
