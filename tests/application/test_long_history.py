"""Projects with a long history: catalogs reloaded from their snapshots keep every rule."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.ledger import Ledger
from application.services import Services
from domain.errors import Conflict
from domain.state_catalog import StateCatalog
from tests.application.support import create, holders, names_by_order, state_named

PROJECT = "3a9c7e1f-5b2d-4c8e-9f0a-1b2c3d4e5f60"
DEFAULTS = (("a", "Active"), ("b", "Investigating"), ("c", "Stable"), ("d", "Resolved"))
PAST_SNAPSHOT = 210  # catalog events: more than StateCatalog's snapshot interval


def reloaded_long_catalog(ledger: Ledger) -> StateCatalog:
    """A catalog of four states with a long history, saved and loaded back from the store."""
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    for sid, name in DEFAULTS:
        flags = {"is_created_state": sid == "a", "is_resolved_state": sid == "d"}
        catalog.admit(sid, name, None, flags, "cli")
    while catalog.version < PAST_SNAPSHOT or catalog.entries["c"]["name"] != "stable":
        other = "Steady" if catalog.entries["c"]["name"] == "stable" else "Stable"
        catalog.amend("c", other, None, {}, "k")  # each amend a real change: one event
        ledger.record(catalog)
    ledger.record(catalog)
    reloaded = ledger.repository.get(StateCatalog.create_id(PROJECT))
    assert isinstance(reloaded, StateCatalog)
    return reloaded


def touch_catalog(services: Services, who: Principal, times: int) -> None:
    """Record many catalog events through updates of one state."""
    state_id = str(state_named(services, who, "Stable")["_id"])
    for n in range(times):
        # A rename changes the catalog; the last one restores the name.
        name = "Stable" if n % 2 or n == times - 1 else "Steady"
        services.incident_states.update(who, state_id, {"name": name})


def test_a_reloaded_catalog_keeps_its_states_in_order(ledger: Ledger) -> None:
    assert reloaded_long_catalog(ledger).state_ids() == ["a", "b", "c", "d"]


def test_a_reloaded_catalog_still_shifts_a_held_order(ledger: Ledger) -> None:
    catalog = reloaded_long_catalog(ledger)
    effects = catalog.admit("new", "New", 1, {}, "k")
    assert effects.shifts == {"a": 2, "b": 3, "c": 4, "d": 5}


def test_a_reloaded_catalog_can_still_remove_a_state(ledger: Ledger) -> None:
    catalog = reloaded_long_catalog(ledger)
    catalog.remove("b", "k")
    assert catalog.state_ids() == ["a", "c", "d"]


def test_a_reloaded_catalog_still_puts_a_new_state_last(ledger: Ledger) -> None:
    catalog = reloaded_long_catalog(ledger)
    assert catalog.admit("new", "New", None, {}, "k").order == 5


def test_a_reloaded_catalog_still_knows_the_taken_names(ledger: Ledger) -> None:
    catalog = reloaded_long_catalog(ledger)
    with pytest.raises(Conflict):
        catalog.admit("dup", "stable", None, {}, "k")


def test_after_a_refused_create_in_a_long_lived_project_orders_stay_unique(
    memory_services: Services, who: Principal
) -> None:
    touch_catalog(memory_services, who, PAST_SNAPSHOT)
    with pytest.raises(Conflict):
        create(memory_services, who, "Paged", slug="active")
    create(memory_services, who, "First", order=1)
    orders = [order for _, order in names_by_order(memory_services, who)]
    assert orders == [1, 2, 3, 4, 5]


def test_after_a_refused_create_in_a_long_lived_project_states_can_be_deleted(
    memory_services: Services, who: Principal
) -> None:
    touch_catalog(memory_services, who, PAST_SNAPSHOT)
    with pytest.raises(Conflict):
        create(memory_services, who, "Paged", slug="active")
    stable = str(state_named(memory_services, who, "Stable")["_id"])
    memory_services.incident_states.delete(who, stable)
    create(memory_services, who, "Paged")
    assert names_by_order(memory_services, who) == [
        ("Active", 1),
        ("Investigating", 2),
        ("Resolved", 4),
        ("Paged", 5),
    ]


def test_after_a_refused_create_in_a_long_lived_project_flags_still_move(
    memory_services: Services, who: Principal
) -> None:
    touch_catalog(memory_services, who, PAST_SNAPSHOT)
    with pytest.raises(Conflict):
        create(memory_services, who, "Paged", slug="active")
    create(memory_services, who, "Triage", is_created_state=True)
    assert holders(memory_services, who, "isCreatedState") == ["Triage"]
