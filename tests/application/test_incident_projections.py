"""How incident, scope and service events become read-model rows (pure: no store)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from application.ports import Patch, PatchWhere, Remove, RowChange, Upsert
from application.projections import row_changes
from domain.catalog_item import Scope, Service
from domain.incident import Incident
from domain.incident_rules import StateRef
from domain.incident_state import IncidentState
from tests.builders import new_incident as built

T10 = "2026-01-01T10:00:00.000000Z"
T11 = "2026-01-01T11:00:00.000000Z"
INVESTIGATING = StateRef("s-inv", "investigating", 2)
ACTIVE = StateRef("s-active", "active", 1)


def new_incident() -> Incident:
    """An incident in the active state; its Created event is still pending."""
    values = {"number": 3, "project_id": "project-1", "name": "Down", "external_reference": "R"}
    return built(**values, start_impact_date=T10)


def settled() -> Incident:
    """An incident whose Created event is already collected."""
    incident = new_incident()
    incident.collect_events()
    return incident


def last_changes(aggregate: Any) -> list[RowChange]:
    """The row changes of the aggregate's only pending event."""
    (event,) = aggregate.collect_events()
    return row_changes(event)


def test_a_created_incident_becomes_a_whole_row() -> None:
    incident = new_incident()
    (change,) = last_changes(incident)
    assert isinstance(change, Upsert)
    assert (change.table, change.key) == ("incidents", str(incident.id))
    assert change.row["number"] == 3
    assert (change.row["status"], change.row["current_state_id"]) == ("active", "s-active")
    assert change.row["start_impact_date"] == T10
    assert change.row["resolve_date"] is None
    assert change.row["created_at"] == change.row["updated_at"]


def test_an_update_patches_only_the_changed_columns_and_updated_at() -> None:
    incident = settled()
    incident.revise({"severity": "low", "name": "Down"}, "key")
    (change,) = last_changes(incident)
    assert isinstance(change, Patch)
    assert set(change.values) == {"severity", "updated_at"}
    assert change.values["severity"] == "low"


def test_a_transition_patches_the_status_and_state() -> None:
    incident = settled()
    incident.transition(INVESTIGATING, T11, [], "key")
    (change,) = last_changes(incident)
    assert isinstance(change, Patch)
    assert (change.values["status"], change.values["current_state_id"]) == (
        "investigating",
        "s-inv",
    )
    assert "investigation_date" not in change.values


def test_a_reopening_transition_nulls_the_cleared_dates() -> None:
    incident = settled()
    incident.revise({"investigation_date": T11}, "key")
    incident.transition(INVESTIGATING, T11, [], "key")
    incident.collect_events()
    incident.transition(ACTIVE, T11, ["investigation_date"], "key")
    (change,) = last_changes(incident)
    assert isinstance(change, Patch)
    assert change.values["investigation_date"] is None
    assert change.values["status"] == "active"


def test_a_comment_becomes_a_comment_row_keyed_by_incident_and_number() -> None:
    incident = settled()
    incident.comment("hello", True, "key-9")
    (change,) = last_changes(incident)
    assert isinstance(change, Upsert)
    assert (change.table, change.key) == ("comments", f"{incident.id}:1")
    assert (change.row["comment"], change.row["internal"]) == ("hello", True)
    assert change.row["author"] == "key-9"


def test_a_deleted_incident_row_is_removed() -> None:
    incident = settled()
    incident.delete("key")
    assert last_changes(incident) == [Remove("incidents", str(incident.id))]


def new_state() -> IncidentState:
    """A state whose Created event is already collected."""
    state = IncidentState(
        id=uuid4(),
        project_id="project-1",
        actor="key",
        name="Stable",
        slug="stable",
        description=None,
        color="#abc",
        created_by_user_id=None,
        created_by_user=None,
        is_created_state=False,
        is_acknowledged_state=False,
        is_resolved_state=False,
        order=3,
    )
    state.collect_events()
    return state


def test_renaming_a_state_renames_the_status_of_its_incidents() -> None:
    state = new_state()
    state.revise({"name": "Monitoring"}, "key")
    wheres = [c for c in last_changes(state) if isinstance(c, PatchWhere)]
    assert wheres == [
        PatchWhere("incidents", "current_state_id", str(state.id), {"status": "monitoring"})
    ]


def test_a_state_change_without_a_rename_leaves_incidents_alone() -> None:
    state = new_state()
    state.revise({"color": "#def"}, "key")
    assert not [c for c in last_changes(state) if isinstance(c, PatchWhere)]


def test_a_scope_row_holds_its_number_and_public_flag() -> None:
    scope = Scope.start(4, "project-1", "key", {"name": "Europe", "public": True})
    (change,) = last_changes(scope)
    assert isinstance(change, Upsert)
    assert change.table == "scopes"
    assert (change.row["number"], change.row["public"], change.row["name"]) == (4, True, "Europe")


def test_a_service_row_has_no_public_flag() -> None:
    service = Service.start(4, "project-1", "key", {"name": "Checkout"})
    (change,) = last_changes(service)
    assert isinstance(change, Upsert)
    assert change.table == "services"
    assert "public" not in change.row


def test_a_catalog_update_patches_its_own_table() -> None:
    service = Service.start(4, "project-1", "key", {"name": "Checkout"})
    service.collect_events()
    service.revise({"description": "pay"}, "key")
    (change,) = last_changes(service)
    assert isinstance(change, Patch)
    assert (change.table, change.values["description"]) == ("services", "pay")


def test_a_deleted_scope_row_is_removed() -> None:
    scope = Scope.start(4, "project-1", "key", {"name": "Europe"})
    scope.collect_events()
    scope.delete("key")
    assert last_changes(scope) == [Remove("scopes", str(scope.id))]
