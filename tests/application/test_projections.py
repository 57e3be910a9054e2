"""How events become read-model rows (pure: no store)."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from application.ports import Patch, Remove, Upsert
from application.projections import row_changes
from domain.api_key import ApiKey
from domain.incident_state import IncidentState
from domain.project import Project
from domain.slug_claim import SlugClaim
from domain.state_catalog import StateCatalog


def new_state(**extra: Any) -> IncidentState:
    """A fresh state; its Created event is still pending."""
    values: dict[str, Any] = {
        "description": "d",
        "created_by_user": None,
        "order": 2,
        **extra,
    }
    return IncidentState(
        id=uuid4(),
        project_id="project-1",
        actor="key",
        name="Paged",
        slug="paged",
        color="#abc",
        created_by_user_id=None,
        is_created_state=False,
        is_acknowledged_state=True,
        is_resolved_state=False,
        **values,
    )


def only_change(event: Any) -> Any:
    """The single row change an event makes."""
    (change,) = row_changes(event)
    return change


def test_a_created_state_becomes_a_whole_row() -> None:
    state = new_state()
    change = only_change(state.collect_events()[0])
    assert isinstance(change, Upsert)
    assert (change.table, change.key) == ("incident_states", str(state.id))
    assert change.row["order_no"] == 2
    assert change.row["project_id"] == "project-1"
    assert change.row["is_acknowledged_state"] is True
    assert change.row["created_at"] == change.row["updated_at"]


def test_created_by_user_is_stored_as_json() -> None:
    state = new_state(created_by_user={"name": "Ada", "id": 7})
    change = only_change(state.collect_events()[0])
    assert json.loads(change.row["created_by_user"]) == {"name": "Ada", "id": 7}


def test_an_absent_created_by_user_stays_null() -> None:
    change = only_change(new_state().collect_events()[0])
    assert change.row["created_by_user"] is None


def test_an_update_patches_only_the_changed_columns_and_updated_at() -> None:
    state = new_state()
    state.collect_events()
    state.revise({"description": "e", "order": 5, "color": "#abc"}, "key")
    change = only_change(state.collect_events()[0])
    assert isinstance(change, Patch)
    assert set(change.values) == {"description", "order_no", "updated_at"}
    assert (change.values["description"], change.values["order_no"]) == ("e", 5)


def test_a_rename_patches_the_state_row_name() -> None:
    state = new_state()
    state.collect_events()
    state.revise({"name": "Paging"}, "key")
    (row,) = [c for c in row_changes(state.collect_events()[0]) if c.table == "incident_states"]
    assert isinstance(row, Patch)
    assert (row.key, row.values["name"]) == (str(state.id), "Paging")


def test_a_reorder_patches_the_order() -> None:
    state = new_state()
    state.collect_events()
    state.move(3, "key", caused_by="other")
    change = only_change(state.collect_events()[0])
    assert isinstance(change, Patch)
    assert change.values["order_no"] == 3


def test_a_deletion_removes_the_row() -> None:
    state = new_state()
    state.collect_events()
    state.delete("key")
    assert only_change(state.collect_events()[0]) == Remove("incident_states", str(state.id))


def test_a_new_project_becomes_a_project_row() -> None:
    project = Project.start("Payments", "cli")
    change = only_change(project.collect_events()[0])
    assert isinstance(change, Upsert)
    assert (change.table, change.row["name"]) == ("projects", "Payments")


def test_an_issued_key_row_holds_its_hash_and_permissions() -> None:
    key = ApiKey.issue("project-1", "digest", None, ["ReadIncidentState"], "cli")
    change = only_change(key.collect_events()[0])
    assert isinstance(change, Upsert)
    assert change.row["key_hash"] == "digest"
    assert json.loads(change.row["permissions"]) == ["ReadIncidentState"]
    assert change.row["revoked"] is False


def test_a_revoked_key_is_patched_as_revoked() -> None:
    key = ApiKey.issue("project-1", "digest", "owner", [], "cli")
    key.collect_events()
    key.revoke("cli")
    assert only_change(key.collect_events()[0]) == Patch("api_keys", str(key.id), {"revoked": True})


def test_index_aggregates_make_no_rows() -> None:
    catalog = StateCatalog(project_id="project-1", actor="cli")
    catalog.admit("s", "S", None, {}, "cli")
    claim = SlugClaim(slug="s", owner_id="s")
    events = [*catalog.collect_events(), *claim.collect_events()]
    assert [row_changes(e) for e in events] == [[], [], []]
