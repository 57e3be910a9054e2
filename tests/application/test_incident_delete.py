"""Deleting incidents hides them and keeps every event; live incidents hold
their state, scope and service in use."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.services import Services
from domain.errors import Conflict, NotFound
from tests.application.incident_support import (
    Refs,
    at,
    full_update,
    history,
    move,
    open_incident,
    refs,
    types,
)
from tests.application.support import names_by_order, new_principal, state_named


def sid(services: Services, who: Principal, name: str) -> str:
    """The id of the state with this name."""
    return str(state_named(services, who, name)["_id"])


def opened(services: Services, who: Principal) -> tuple[Refs, str]:
    """A scope and service and one incident using them."""
    ids = refs(services, who)
    return ids, open_incident(services, who, ids)


def test_a_deleted_incident_is_not_found(memory_services: Services, who: Principal) -> None:
    _, number = opened(memory_services, who)
    memory_services.incidents.delete(who, number)
    with pytest.raises(NotFound):
        memory_services.incidents.get(who, number)


def test_a_deleted_incident_is_gone_from_the_list(
    memory_services: Services, who: Principal
) -> None:
    ids, number = opened(memory_services, who)
    kept = open_incident(memory_services, who, ids)
    memory_services.incidents.delete(who, number)
    listed = memory_services.incidents.list(who, {}, None, None)
    assert [str(i["id"]) for i in listed.items] == [kept]
    assert listed.total == 1


def test_the_history_of_a_deleted_incident_stays_readable(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    memory_services.incidents.comment(who, number, {"comment": "bye"})
    memory_services.incidents.delete(who, number)
    assert types(history(memory_services, who, number)) == [
        "Incident.Created",
        "Incident.Updated",
        "Incident.Transitioned",
        "Incident.Commented",
        "Incident.Deleted",
    ]


def test_the_deletion_is_recorded_with_the_key_as_actor(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    memory_services.incidents.delete(who, number)
    deleted = history(memory_services, who, number)[-1]
    assert (deleted.type, deleted.actor) == ("Incident.Deleted", who.key_id)


def test_the_timeline_of_a_deleted_incident_stays_readable(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    memory_services.incidents.delete(who, number)
    assert [p.status for p in memory_services.incidents.timeline(who, number)] == ["active"]


def test_deleting_twice_is_not_found(memory_services: Services, who: Principal) -> None:
    _, number = opened(memory_services, who)
    memory_services.incidents.delete(who, number)
    with pytest.raises(NotFound):
        memory_services.incidents.delete(who, number)
    assert types(history(memory_services, who, number)).count("Incident.Deleted") == 1


def test_updating_a_deleted_incident_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    values = full_update(memory_services, who, number, name="Back")
    memory_services.incidents.delete(who, number)
    with pytest.raises(NotFound):
        memory_services.incidents.update(who, number, values)


def test_another_project_cannot_delete_the_incident(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    with pytest.raises(NotFound):
        memory_services.incidents.delete(new_principal(memory_services, "Other"), number)
    assert memory_services.incidents.get(who, number)["status"] == "active"


def test_another_project_cannot_read_the_history(memory_services: Services, who: Principal) -> None:
    _, number = opened(memory_services, who)
    with pytest.raises(NotFound):
        history(memory_services, new_principal(memory_services, "Other"), number)


def test_the_history_of_an_unknown_incident_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(NotFound):
        history(memory_services, who, "424242")


def test_a_state_holding_a_live_incident_cannot_be_deleted(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    with pytest.raises(Conflict):
        memory_services.incident_states.delete(who, sid(memory_services, who, "Stable"))
    assert len(names_by_order(memory_services, who)) == 4


def test_a_custom_state_holding_a_live_incident_cannot_be_deleted(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(who, {"name": "Monitoring", "color": "#123456"})
    _, number = opened(memory_services, who)
    move(memory_services, who, number, "monitoring")
    with pytest.raises(Conflict):
        memory_services.incident_states.delete(who, sid(memory_services, who, "Monitoring"))


def test_a_state_is_free_once_its_incident_moved_on(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    move(memory_services, who, number, "resolved", resolve_date=at(13))
    memory_services.incident_states.delete(who, sid(memory_services, who, "Stable"))
    assert [n for n, _ in names_by_order(memory_services, who)] == [
        "Active",
        "Investigating",
        "Resolved",
    ]


def test_a_state_is_free_once_its_incident_is_deleted(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    memory_services.incidents.delete(who, number)
    memory_services.incident_states.delete(who, sid(memory_services, who, "Investigating"))
    assert len(names_by_order(memory_services, who)) == 3


def test_a_state_an_incident_only_passed_through_can_be_deleted(
    memory_services: Services, who: Principal
) -> None:
    _, number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    move(memory_services, who, number, "resolved", resolve_date=at(13))
    memory_services.incident_states.delete(who, sid(memory_services, who, "Investigating"))
    assert memory_services.incidents.get(who, number)["status"] == "resolved"
