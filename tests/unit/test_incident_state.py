"""The IncidentState aggregate: its events and what each records."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.errors import NotFound
from domain.incident_state import IncidentState, IncidentStateNotFound

PROJECT = "5b4a3c1e-8a1f-4f5e-9a55-0f7d6a1d2c3b"


def new_state(**overrides: Any) -> IncidentState:
    """A fresh state with its Created event already collected."""
    values: dict[str, Any] = {
        "id": uuid4(),
        "project_id": PROJECT,
        "actor": "key-1",
        "name": "Stable",
        "slug": "stable",
        "description": None,
        "color": "#3498db",
        "created_by_user_id": None,
        "created_by_user": None,
        "is_created_state": False,
        "is_acknowledged_state": False,
        "is_resolved_state": False,
        "order": 3,
    }
    values.update(overrides)
    state = IncidentState(**values)
    state.collect_events()
    return state


def event_names(state: IncidentState) -> list[str]:
    """The qualified names of the state's pending events, collected."""
    return [type(e).__qualname__ for e in state.collect_events()]


def test_creating_a_state_records_one_created_event() -> None:
    state = IncidentState(
        id=uuid4(),
        project_id=PROJECT,
        actor="key-1",
        name="Stable",
        slug="stable",
        description="contained",
        color="#3498db",
        created_by_user_id=None,
        created_by_user={"name": "Ada"},
        is_created_state=False,
        is_acknowledged_state=False,
        is_resolved_state=False,
        order=3,
    )
    events = state.collect_events()
    assert [type(e).__qualname__ for e in events] == ["IncidentState.Created"]


def test_the_created_event_records_actor_and_project() -> None:
    state_id = uuid4()
    state = IncidentState(
        id=state_id,
        project_id=PROJECT,
        actor="key-7",
        name="Stable",
        slug="stable",
        description=None,
        color="#3498db",
        created_by_user_id=None,
        created_by_user=None,
        is_created_state=False,
        is_acknowledged_state=False,
        is_resolved_state=False,
        order=3,
    )
    created = state.collect_events()[0]
    assert created.actor == "key-7"  # type: ignore[attr-defined]
    assert created.project_id == PROJECT  # type: ignore[attr-defined]
    assert created.originator_id == state_id


def test_a_new_state_keeps_the_given_id_and_values() -> None:
    state_id = uuid4()
    state = new_state(id=state_id, name="Paged", slug="paged", order=7)
    assert isinstance(state.id, UUID)
    assert state.id == state_id
    assert (state.name, state.slug, state.order, state.deleted) == ("Paged", "paged", 7, False)


def test_revise_records_only_the_fields_that_change() -> None:
    state = new_state()
    changes = state.revise({"name": "Stable", "color": "#000"}, "key-2")
    assert changes == {"color": {"before": "#3498db", "after": "#000"}}
    assert state.color == "#000"


def test_revise_records_an_updated_event_with_before_and_after() -> None:
    state = new_state()
    state.revise({"name": "Contained", "order": 5}, "key-2")
    (updated,) = state.collect_events()
    assert type(updated).__qualname__ == "IncidentState.Updated"
    assert updated.changes == {  # type: ignore[attr-defined]
        "name": {"before": "Stable", "after": "Contained"},
        "order": {"before": 3, "after": 5},
    }


def test_the_updated_event_records_actor_and_project() -> None:
    state = new_state()
    state.revise({"description": "new"}, "key-9")
    (updated,) = state.collect_events()
    assert updated.actor == "key-9"  # type: ignore[attr-defined]
    assert updated.project_id == PROJECT  # type: ignore[attr-defined]


def test_a_revision_that_changes_nothing_records_no_event() -> None:
    state = new_state()
    assert state.revise({"name": "Stable", "color": "#3498db", "order": 3}, "key-2") == {}
    assert state.collect_events() == []


def test_revise_ignores_fields_a_client_may_not_change() -> None:
    state = new_state()
    state.revise({"project_id": "elsewhere", "deleted": True}, "key-2")
    assert state.project_id == PROJECT
    assert state.deleted is False
    assert state.collect_events() == []


def test_revise_can_change_a_flag() -> None:
    state = new_state(is_resolved_state=True)
    state.revise({"is_resolved_state": False}, "key-2")
    assert state.is_resolved_state is False
    assert event_names(state) == ["IncidentState.Updated"]


def test_move_records_a_reordered_event_with_its_cause() -> None:
    state = new_state(order=3)
    state.move(4, "key-2", caused_by="other-state")
    (reordered,) = state.collect_events()
    assert type(reordered).__qualname__ == "IncidentState.Reordered"
    assert (reordered.before, reordered.after) == (3, 4)  # type: ignore[attr-defined]
    assert reordered.caused_by == "other-state"  # type: ignore[attr-defined]
    assert reordered.actor == "key-2"  # type: ignore[attr-defined]
    assert reordered.project_id == PROJECT  # type: ignore[attr-defined]
    assert state.order == 4


def test_moving_to_the_current_order_records_nothing() -> None:
    state = new_state(order=3)
    state.move(3, "key-2", caused_by="other-state")
    assert state.collect_events() == []


def test_delete_marks_the_state_deleted_and_records_actor_and_project() -> None:
    state = new_state()
    state.delete("key-3")
    (deleted,) = state.collect_events()
    assert type(deleted).__qualname__ == "IncidentState.Deleted"
    assert deleted.actor == "key-3"  # type: ignore[attr-defined]
    assert deleted.project_id == PROJECT  # type: ignore[attr-defined]
    assert state.deleted is True


def test_a_deleted_state_cannot_be_revised() -> None:
    state = new_state()
    state.delete("key-3")
    with pytest.raises(IncidentStateNotFound):
        state.revise({"name": "Again"}, "key-3")


def test_a_deleted_state_cannot_be_moved() -> None:
    state = new_state()
    state.delete("key-3")
    with pytest.raises(NotFound):
        state.move(9, "key-3", caused_by="x")


def test_a_deleted_state_cannot_be_deleted_again() -> None:
    state = new_state()
    state.delete("key-3")
    state.collect_events()
    with pytest.raises(NotFound):
        state.delete("key-3")
    assert state.collect_events() == []


def test_events_number_the_versions_of_the_state() -> None:
    state = new_state()
    state.revise({"name": "A"}, "k")
    state.move(8, "k", caused_by="x")
    state.delete("k")
    assert [e.originator_version for e in state.collect_events()] == [2, 3, 4]
