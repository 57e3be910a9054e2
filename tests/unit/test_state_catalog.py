"""The StateCatalog aggregate: a project's rules across its incident states."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.domain import Snapshot

from domain.errors import Conflict
from domain.state_catalog import FLAGS, NameTaken, NoRoomForOrder, StateCatalog, StateRequired
from domain.state_rules import ORDER_MAX

PROJECT = "0c6f3f1e-3b0a-4d2c-9f7e-1a2b3c4d5e6f"
DEFAULTS = (
    ("active", "Active", {"is_created_state": True}),
    ("investigating", "Investigating", {"is_acknowledged_state": True}),
    ("stable", "Stable", {}),
    ("resolved", "Resolved", {"is_resolved_state": True}),
)


def default_catalog() -> StateCatalog:
    """A catalog holding the four default states, orders 1-4, events collected."""
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    for state_id, name, flags in DEFAULTS:
        catalog.admit(state_id, name, None, flags, "cli")
    catalog.collect_events()
    return catalog


def orders(catalog: StateCatalog) -> dict[str, int]:
    """Each state's order."""
    return {sid: int(entry["order"]) for sid, entry in catalog.entries.items()}


def holders(catalog: StateCatalog, flag: str) -> list[str]:
    """The states holding a flag."""
    return sorted(sid for sid, entry in catalog.entries.items() if entry[flag])


def test_the_catalog_id_comes_from_the_project_id() -> None:
    assert StateCatalog.create_id(PROJECT) == StateCatalog.create_id(PROJECT)
    assert StateCatalog.create_id(PROJECT) != StateCatalog.create_id("another")


def test_a_new_catalog_records_an_opened_event() -> None:
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    events = catalog.collect_events()
    assert [type(e).__qualname__ for e in events] == ["StateCatalog.Opened"]
    assert catalog.id == StateCatalog.create_id(PROJECT)


def test_the_first_state_gets_order_one() -> None:
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    assert catalog.admit("a", "A", None, {}, "k").order == 1


def test_a_state_without_order_goes_last() -> None:
    catalog = default_catalog()
    effects = catalog.admit("new", "New", None, {}, "k")
    assert effects.order == 5
    assert effects.shifts == {}


def test_default_order_is_one_past_the_highest_even_with_gaps() -> None:
    catalog = default_catalog()
    catalog.admit("far", "Far", 10, {}, "k")
    assert catalog.admit("next", "Next", None, {}, "k").order == 11


def test_no_state_goes_last_once_the_last_holds_the_highest_order() -> None:
    catalog = default_catalog()
    catalog.admit("top", "Top", ORDER_MAX, {}, "k")
    catalog.collect_events()
    with pytest.raises(NoRoomForOrder):
        catalog.admit("next", "Next", None, {}, "k")
    assert catalog.collect_events() == []


def test_taking_an_order_that_would_shift_a_state_past_the_highest_is_refused() -> None:
    catalog = default_catalog()
    catalog.admit("top", "Top", ORDER_MAX, {}, "k")
    with pytest.raises(NoRoomForOrder):
        catalog.admit("new", "New", 2, {}, "k")
    assert max(orders(catalog).values()) == ORDER_MAX


def test_a_state_stored_past_the_highest_order_keeps_it_when_otherwise_changed() -> None:
    catalog = default_catalog()
    catalog.admit("old", "Old", ORDER_MAX, {}, "k")
    # The event the catalog recorded before the rule, for a shift past the cap.
    moved = {**catalog.entries["old"], "order": ORDER_MAX + 5}
    catalog._revised(entries={"old": moved}, actor="k", project_id=PROJECT)
    effects = catalog.amend("old", "Old renamed", None, {}, "k")
    assert effects.order == ORDER_MAX + 5


def test_a_free_order_below_the_highest_is_still_given() -> None:
    catalog = default_catalog()
    catalog.admit("top", "Top", ORDER_MAX, {}, "k")
    assert catalog.admit("new", "New", 9, {}, "k").order == 9


def test_no_room_for_an_order_is_a_domain_conflict() -> None:
    assert issubclass(NoRoomForOrder, Conflict)


def test_admitting_at_a_free_order_shifts_nothing() -> None:
    catalog = default_catalog()
    effects = catalog.admit("new", "New", 9, {}, "k")
    assert (effects.order, effects.shifts) == (9, {})


def test_admitting_at_a_held_order_shifts_that_state_and_later_ones_down() -> None:
    catalog = default_catalog()
    effects = catalog.admit("new", "New", 2, {}, "k")
    assert effects.shifts == {"investigating": 3, "stable": 4, "resolved": 5}
    assert orders(catalog) == {
        "active": 1,
        "new": 2,
        "investigating": 3,
        "stable": 4,
        "resolved": 5,
    }


def test_amending_to_a_held_order_shifts_that_state_and_later_ones_down() -> None:
    catalog = default_catalog()
    effects = catalog.amend("resolved", None, 2, {}, "k")
    assert effects.order == 2
    assert effects.shifts == {"investigating": 3, "stable": 4}
    assert orders(catalog) == {"active": 1, "resolved": 2, "investigating": 3, "stable": 4}


def test_amending_to_its_own_order_shifts_nothing() -> None:
    catalog = default_catalog()
    effects = catalog.amend("stable", None, 3, {}, "k")
    assert (effects.order, effects.shifts) == (3, {})


def test_amending_without_an_order_keeps_the_order() -> None:
    catalog = default_catalog()
    assert catalog.amend("stable", "Calm", None, {}, "k").order == 3


def test_orders_stay_unique_after_a_shift() -> None:
    catalog = default_catalog()
    catalog.admit("x", "X", 1, {}, "k")
    catalog.amend("stable", None, 1, {}, "k")
    values = list(orders(catalog).values())
    assert len(values) == len(set(values))


def test_state_ids_are_listed_in_order() -> None:
    catalog = default_catalog()
    catalog.admit("first", "First", 1, {}, "k")
    assert catalog.state_ids() == ["first", "active", "investigating", "stable", "resolved"]


def test_a_name_taken_in_another_case_is_a_conflict() -> None:
    catalog = default_catalog()
    with pytest.raises(NameTaken):
        catalog.admit("dup", "  sTaBlE ", None, {}, "k")


def test_name_taken_is_a_domain_conflict() -> None:
    assert issubclass(NameTaken, Conflict)
    assert issubclass(StateRequired, Conflict)


def test_a_rejected_admission_leaves_the_catalog_unchanged() -> None:
    catalog = default_catalog()
    with pytest.raises(NameTaken):
        catalog.admit("dup", "Active", 1, {"is_created_state": True}, "k")
    assert "dup" not in catalog.entries
    assert holders(catalog, "is_created_state") == ["active"]
    assert catalog.collect_events() == []


def test_renaming_to_another_states_name_is_a_conflict() -> None:
    catalog = default_catalog()
    with pytest.raises(NameTaken):
        catalog.amend("stable", "RESOLVED", None, {}, "k")


def test_renaming_a_state_to_its_own_name_in_another_case_is_allowed() -> None:
    catalog = default_catalog()
    catalog.amend("stable", "STABLE", None, {}, "k")
    assert catalog.entries["stable"]["name"] == "stable"


def test_a_renamed_state_frees_its_old_name() -> None:
    catalog = default_catalog()
    catalog.amend("stable", "Calm", None, {}, "k")
    assert catalog.admit("again", "Stable", None, {}, "k").order == 5


def test_admitting_with_the_created_flag_takes_it_from_the_former_holder() -> None:
    catalog = default_catalog()
    effects = catalog.admit("new", "New", None, {"is_created_state": True}, "k")
    assert effects.flag_losses == {"active": ["is_created_state"]}
    assert holders(catalog, "is_created_state") == ["new"]


def test_setting_the_resolved_flag_moves_it_off_the_former_holder() -> None:
    catalog = default_catalog()
    effects = catalog.amend("stable", None, None, {"is_resolved_state": True}, "k")
    assert effects.flag_losses == {"resolved": ["is_resolved_state"]}
    assert holders(catalog, "is_resolved_state") == ["stable"]


def test_setting_the_acknowledged_flag_moves_it_off_the_former_holder() -> None:
    catalog = default_catalog()
    catalog.amend("stable", None, None, {"is_acknowledged_state": True}, "k")
    assert holders(catalog, "is_acknowledged_state") == ["stable"]


def test_setting_a_flag_the_state_already_holds_takes_nothing_from_others() -> None:
    catalog = default_catalog()
    effects = catalog.amend("active", None, None, {"is_created_state": True}, "k")
    assert effects.flag_losses == {}


def test_clearing_the_created_flag_is_a_conflict() -> None:
    catalog = default_catalog()
    with pytest.raises(StateRequired):
        catalog.amend("active", None, None, {"is_created_state": False}, "k")
    assert holders(catalog, "is_created_state") == ["active"]


def test_clearing_the_resolved_flag_is_a_conflict() -> None:
    catalog = default_catalog()
    with pytest.raises(StateRequired):
        catalog.amend("resolved", None, None, {"is_resolved_state": False}, "k")


def test_clearing_the_acknowledged_flag_is_allowed() -> None:
    catalog = default_catalog()
    catalog.amend("investigating", None, None, {"is_acknowledged_state": False}, "k")
    assert holders(catalog, "is_acknowledged_state") == []


def test_clearing_a_flag_the_state_does_not_hold_is_allowed() -> None:
    catalog = default_catalog()
    catalog.amend("stable", None, None, {"is_created_state": False}, "k")
    assert holders(catalog, "is_created_state") == ["active"]


def test_removing_the_created_state_holder_is_a_conflict() -> None:
    catalog = default_catalog()
    with pytest.raises(StateRequired):
        catalog.remove("active", "k")
    assert "active" in catalog.entries


def test_removing_the_resolved_state_holder_is_a_conflict() -> None:
    catalog = default_catalog()
    with pytest.raises(StateRequired):
        catalog.remove("resolved", "k")


def test_removing_the_acknowledged_state_holder_is_allowed() -> None:
    catalog = default_catalog()
    catalog.remove("investigating", "k")
    assert "investigating" not in catalog.entries


def test_a_removed_state_frees_its_name() -> None:
    catalog = default_catalog()
    catalog.remove("stable", "k")
    catalog.admit("again", "stable", None, {}, "k")
    assert "again" in catalog.entries


def test_every_change_records_a_revised_event_with_actor_and_project() -> None:
    catalog = default_catalog()
    catalog.admit("new", "New", 1, {}, "key-4")
    (revised,) = catalog.collect_events()
    assert type(revised).__qualname__ == "StateCatalog.Revised"
    assert revised.actor == "key-4"  # type: ignore[attr-defined]
    assert revised.project_id == PROJECT  # type: ignore[attr-defined]
    assert set(revised.entries) == {  # type: ignore[attr-defined]
        "new",
        "active",
        "investigating",
        "stable",
        "resolved",
    }


def test_the_default_order_follows_the_highest_order_held_now() -> None:
    catalog = default_catalog()
    catalog.amend("resolved", None, 10, {}, "k")
    catalog.amend("resolved", None, 4, {}, "k")
    assert catalog.admit("new", "New", None, {}, "k").order == 5


def test_the_default_order_after_removing_the_last_state_reuses_its_place() -> None:
    catalog = default_catalog()
    catalog.admit("tail", "Tail", None, {}, "k")
    catalog.remove("tail", "k")
    assert catalog.admit("new", "New", None, {}, "k").order == 5


def test_amending_a_state_with_its_current_values_records_nothing() -> None:
    catalog = default_catalog()
    catalog.amend("stable", "Stable", 3, {"is_created_state": False}, "k")
    assert catalog.collect_events() == []


def test_the_default_states_take_the_dates_of_their_names() -> None:
    assert default_catalog().dated == {
        "investigation_date": "investigating",
        "stable_date": "stable",
        "resolve_date": "resolved",
    }


def test_a_renamed_state_keeps_its_date() -> None:
    catalog = default_catalog()
    catalog.amend("stable", "Mitigated", None, {}, "k")
    assert catalog.dated["stable_date"] == "stable"


def test_a_new_state_named_like_a_renamed_default_takes_no_date() -> None:
    catalog = default_catalog()
    catalog.amend("stable", "Mitigated", None, {}, "k")
    catalog.admit("new", "Stable", None, {}, "k")
    assert catalog.dated["stable_date"] == "stable"


def test_a_deleted_states_date_passes_to_the_state_named_like_the_default() -> None:
    catalog = default_catalog()
    catalog.amend("stable", "Mitigated", None, {}, "k")
    catalog.admit("new", "Stable", None, {}, "k")
    catalog.remove("stable", "k")
    assert catalog.dated["stable_date"] == "new"


def test_a_deleted_states_date_is_taken_by_no_state_until_one_is_named_for_it() -> None:
    catalog = default_catalog()
    catalog.remove("stable", "k")
    assert "stable_date" not in catalog.dated
    catalog.admit("again", "stable", None, {}, "k")
    assert catalog.dated["stable_date"] == "again"


def test_replaying_the_events_gives_the_same_dates() -> None:
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    for state_id, name, flags in DEFAULTS:
        catalog.admit(state_id, name, None, flags, "cli")
    catalog.amend("stable", "Mitigated", None, {}, "k")
    assert replay(catalog.collect_events()).dated == catalog.dated


def test_a_state_taking_a_date_takes_no_second_one() -> None:
    catalog = default_catalog()
    catalog.remove("stable", "k")
    catalog.amend("investigating", "Stable", None, {}, "k")
    assert catalog.dated == {"investigation_date": "investigating", "resolve_date": "resolved"}


def old_catalog() -> StateCatalog:
    """The default states, then Stable renamed, recorded as before dates followed
    states: the events carry no dates."""
    catalog = StateCatalog(project_id=PROJECT, actor="cli")
    for order, (state_id, name, flags) in enumerate(DEFAULTS, start=1):
        entry = {"name": name.lower(), "order": order, **{f: bool(flags.get(f)) for f in FLAGS}}
        catalog._revised(entries={state_id: entry}, actor="cli", project_id=PROJECT)
    renamed = {**catalog.entries["stable"], "name": "mitigated"}
    catalog._revised(entries={"stable": renamed}, actor="k", project_id=PROJECT)
    return catalog


def replay(events: list[Any]) -> StateCatalog:
    """The catalog these events make."""
    replayed = None
    for stored in events:
        replayed = stored.mutate(replayed)
    assert isinstance(replayed, StateCatalog)
    return replayed


def test_events_from_before_dates_followed_states_give_dates_by_name() -> None:
    replayed = replay(old_catalog().collect_events())
    assert replayed.dated == {"investigation_date": "investigating", "resolve_date": "resolved"}


def test_a_snapshot_from_before_the_dates_agrees_with_its_events() -> None:
    catalog = old_catalog()
    snapshot = Snapshot.take(catalog)
    older = Snapshot(
        originator_id=snapshot.originator_id,
        originator_version=snapshot.originator_version,
        timestamp=snapshot.timestamp,
        topic=snapshot.topic,
        state={k: v for k, v in snapshot.state.items() if k not in ("dated", "class_version")},
    )
    restored = older.mutate(None)
    assert isinstance(restored, StateCatalog)
    assert restored.dated == replay(catalog.collect_events()).dated


def test_a_change_after_old_events_keeps_their_dates_and_records_them() -> None:
    catalog = old_catalog()
    catalog.collect_events()
    catalog.admit("new", "Watching", None, {}, "k")
    (revised,) = catalog.collect_events()
    assert revised.dated == {"investigation_date": "investigating", "resolve_date": "resolved"}
