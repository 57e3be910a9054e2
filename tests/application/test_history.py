"""Audit history: every event of a state, with version, type, actor and changes."""

from __future__ import annotations

import re

import pytest

from application.access import Principal
from application.errors import InvalidRequest
from application.history import HistoryEntry
from application.services import Services
from domain.errors import Conflict, NotFound
from tests.application.support import create, key_of, new_principal, state_named

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def history(services: Services, who: Principal, name: str) -> tuple[HistoryEntry, ...]:
    """The history of the state with this name."""
    return services.incident_states.history(who, str(state_named(services, who, name)["_id"]))


def types(entries: tuple[HistoryEntry, ...]) -> list[str]:
    """The event types of a history."""
    return [e.type for e in entries]


def test_a_new_state_has_one_created_entry(memory_services: Services, who: Principal) -> None:
    create(memory_services, who, "Paged")
    (created,) = history(memory_services, who, "Paged")
    assert (created.version, created.type) == (1, "IncidentState.Created")


def test_the_created_entry_names_the_key_as_actor(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Paged")
    assert history(memory_services, who, "Paged")[0].actor == who.key_id


def test_the_created_entry_holds_every_field_after_and_nothing_before(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Paged", color="#abc", description="d")
    changes = history(memory_services, who, "Paged")[0].changes
    assert changes["projectId"] == {"before": None, "after": who.project_id}
    assert changes["name"] == {"before": None, "after": "Paged"}
    assert changes["slug"] == {"before": None, "after": "paged"}
    assert changes["color"] == {"before": None, "after": "#abc"}
    assert changes["order"] == {"before": None, "after": 5}
    assert changes["isCreatedState"] == {"before": None, "after": False}


def test_the_default_states_were_created_by_the_command_line(
    memory_services: Services, who: Principal
) -> None:
    assert history(memory_services, who, "Active")[0].actor == "cli"


def test_an_update_records_only_changed_fields_with_before_and_after(
    memory_services: Services, who: Principal
) -> None:
    state_id = create(memory_services, who, "Paged", color="#abc")
    memory_services.incident_states.update(who, state_id, {"name": "Paging", "color": "#abc"})
    updated = history(memory_services, who, "Paging")[-1]
    assert (updated.version, updated.type) == (2, "IncidentState.Updated")
    assert dict(updated.changes) == {"name": {"before": "Paged", "after": "Paging"}}


def test_an_update_entry_names_fields_as_clients_do(
    memory_services: Services, who: Principal
) -> None:
    state_id = create(memory_services, who, "Paged")
    memory_services.incident_states.update(who, state_id, {"is_acknowledged_state": True})
    updated = history(memory_services, who, "Paged")[-1]
    assert dict(updated.changes) == {"isAcknowledgedState": {"before": False, "after": True}}


def test_the_update_entry_names_the_updating_key(memory_services: Services, who: Principal) -> None:
    editor = key_of(memory_services, who.project_id, None, "EditIncidentState")
    state_id = create(memory_services, who, "Paged")
    memory_services.incident_states.update(editor, state_id, {"description": "x"})
    entries = history(memory_services, who, "Paged")
    assert [e.actor for e in entries] == [who.key_id, editor.key_id]


def test_an_update_that_changes_nothing_records_no_event(
    memory_services: Services, who: Principal
) -> None:
    state_id = create(memory_services, who, "Paged", color="#abc")
    memory_services.incident_states.update(who, state_id, {"name": " Paged ", "color": "#abc"})
    assert types(history(memory_services, who, "Paged")) == ["IncidentState.Created"]


def test_a_rejected_update_records_no_event(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged")
    with pytest.raises(Conflict):
        memory_services.incident_states.update(who, state_id, {"name": "Stable"})
    assert types(history(memory_services, who, "Paged")) == ["IncidentState.Created"]


def test_a_shifted_state_records_a_reordered_entry_by_the_moving_key(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Paged", order=3)
    moved = history(memory_services, who, "Stable")[-1]
    assert moved.type == "IncidentState.Reordered"
    assert dict(moved.changes) == {"order": {"before": 3, "after": 4}}
    assert moved.actor == who.key_id


def test_a_state_before_the_taken_order_records_nothing(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Paged", order=3)
    assert types(history(memory_services, who, "Investigating")) == ["IncidentState.Created"]


def test_a_moved_state_records_its_order_change_as_an_update(
    memory_services: Services, who: Principal
) -> None:
    state_id = str(state_named(memory_services, who, "Resolved")["_id"])
    memory_services.incident_states.update(who, state_id, {"order": 1})
    moved = history(memory_services, who, "Resolved")[-1]
    assert moved.type == "IncidentState.Updated"
    assert dict(moved.changes) == {"order": {"before": 4, "after": 1}}


def test_the_former_flag_holder_records_losing_the_flag(
    memory_services: Services, who: Principal
) -> None:
    triage = create(memory_services, who, "Triage", is_created_state=True)
    lost = history(memory_services, who, "Active")[-1]
    assert lost.type == "IncidentState.Updated"
    assert dict(lost.changes) == {"isCreatedState": {"before": True, "after": False}}
    assert (lost.actor, lost.caused_by) == (who.key_id, triage)


def test_a_state_shifted_by_another_names_its_cause(
    memory_services: Services, who: Principal
) -> None:
    paged = create(memory_services, who, "Paged", order=2)
    shifted = history(memory_services, who, "Investigating")[-1]
    assert (shifted.type, shifted.caused_by) == ("IncidentState.Reordered", paged)


def test_a_change_of_its_own_names_no_cause(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged")
    memory_services.incident_states.update(who, state_id, {"description": "x"})
    assert memory_services.incident_states.history(who, state_id)[-1].caused_by is None


def test_history_stays_readable_after_deletion(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged")
    memory_services.incident_states.update(who, state_id, {"description": "x"})
    memory_services.incident_states.delete(who, state_id)
    entries = memory_services.incident_states.history(who, state_id)
    assert types(entries) == [
        "IncidentState.Created",
        "IncidentState.Updated",
        "IncidentState.Deleted",
    ]
    assert entries[-1].actor == who.key_id


def test_versions_count_up_from_one(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged")
    for text in ("a", "b", "c"):
        memory_services.incident_states.update(who, state_id, {"description": text})
    entries = memory_services.incident_states.history(who, state_id)
    assert [e.version for e in entries] == [1, 2, 3, 4]


def test_entries_carry_utc_timestamps_in_order(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged")
    memory_services.incident_states.update(who, state_id, {"description": "x"})
    stamps = [e.recorded_at for e in memory_services.incident_states.history(who, state_id)]
    assert all(ISO.match(stamp) for stamp in stamps)
    assert stamps == sorted(stamps)


def test_another_projects_history_is_not_found(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    state_id = str(state_named(memory_services, first, "Stable")["_id"])
    with pytest.raises(NotFound):
        memory_services.incident_states.history(second, state_id)


def test_the_history_of_an_unknown_id_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(NotFound):
        memory_services.incident_states.history(who, "9f1b7c1e-0000-4000-8000-000000000000")


def test_the_history_of_a_project_id_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(NotFound):
        memory_services.incident_states.history(who, who.project_id)


def test_the_history_of_a_malformed_id_is_an_invalid_request(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidRequest):
        memory_services.incident_states.history(who, "abc")
