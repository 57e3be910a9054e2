"""Deleting incident states: what may go and what it frees."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.errors import InvalidRequest
from application.services import Services
from domain.errors import Conflict, NotFound
from tests.application.support import (
    create,
    holders,
    item,
    names_by_order,
    new_principal,
    page,
    state_named,
)


def sid(services: Services, who: Principal, name: str) -> str:
    """The id of the state with this name."""
    return str(state_named(services, who, name)["_id"])


def test_a_deleted_state_is_gone_from_the_list(memory_services: Services, who: Principal) -> None:
    memory_services.incident_states.delete(who, sid(memory_services, who, "Stable"))
    assert [n for n, _ in names_by_order(memory_services, who)] == [
        "Active",
        "Investigating",
        "Resolved",
    ]
    assert page(memory_services, who).count == 3


def test_getting_a_deleted_state_is_not_found(memory_services: Services, who: Principal) -> None:
    state_id = sid(memory_services, who, "Stable")
    memory_services.incident_states.delete(who, state_id)
    with pytest.raises(NotFound):
        item(memory_services, who, state_id)


def test_deleting_twice_is_not_found(memory_services: Services, who: Principal) -> None:
    state_id = sid(memory_services, who, "Stable")
    memory_services.incident_states.delete(who, state_id)
    with pytest.raises(NotFound):
        memory_services.incident_states.delete(who, state_id)


def test_updating_a_deleted_state_is_not_found(memory_services: Services, who: Principal) -> None:
    state_id = sid(memory_services, who, "Stable")
    memory_services.incident_states.delete(who, state_id)
    with pytest.raises(NotFound):
        memory_services.incident_states.update(who, state_id, {"name": "Back"})


def test_deleting_the_created_state_holder_is_a_conflict(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        memory_services.incident_states.delete(who, sid(memory_services, who, "Active"))
    assert state_named(memory_services, who, "Active")["isCreatedState"] is True


def test_deleting_the_resolved_state_holder_is_a_conflict(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        memory_services.incident_states.delete(who, sid(memory_services, who, "Resolved"))
    assert len(names_by_order(memory_services, who)) == 4


def test_the_former_created_holder_can_be_deleted_once_the_flag_moved(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.update(
        who, sid(memory_services, who, "Stable"), {"is_created_state": True}
    )
    memory_services.incident_states.delete(who, sid(memory_services, who, "Active"))
    assert [n for n, _ in names_by_order(memory_services, who)] == [
        "Investigating",
        "Stable",
        "Resolved",
    ]


def test_deleting_the_acknowledged_state_holder_is_allowed(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.delete(who, sid(memory_services, who, "Investigating"))
    assert holders(memory_services, who, "isAcknowledgedState") == []
    assert len(names_by_order(memory_services, who)) == 3


def test_a_deleted_states_name_is_free_again(memory_services: Services, who: Principal) -> None:
    memory_services.incident_states.delete(who, sid(memory_services, who, "Stable"))
    create(memory_services, who, "stable")
    assert state_named(memory_services, who, "stable")["order"] == 5


def test_a_deleted_states_slug_is_free_again(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    memory_services.incident_states.delete(first, sid(memory_services, first, "Stable"))
    create(memory_services, second, "Calm", slug="stable")
    assert state_named(memory_services, second, "Calm")["slug"] == "stable"


def test_a_deleted_states_order_is_not_reused_by_default(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.delete(who, sid(memory_services, who, "Stable"))
    create(memory_services, who, "Paged")
    assert names_by_order(memory_services, who)[-1] == ("Paged", 5)


def test_deleting_another_projects_state_is_not_found(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    with pytest.raises(NotFound):
        memory_services.incident_states.delete(second, sid(memory_services, first, "Stable"))
    assert len(names_by_order(memory_services, first)) == 4


def test_deleting_with_a_malformed_id_is_an_invalid_request(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidRequest):
        memory_services.incident_states.delete(who, "12")
