"""Updating incident states: renames, slugs, orders and flags end to end."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.errors import InvalidRequest
from application.services import Services
from domain.errors import Conflict, InvalidValue, NotFound
from tests.application.support import (
    create,
    holders,
    item,
    names_by_order,
    new_principal,
    state_named,
)


def sid(services: Services, who: Principal, name: str) -> str:
    """The id of the state with this name."""
    return str(state_named(services, who, name)["_id"])


def update(services: Services, who: Principal, state: str, **values: object) -> None:
    """Update the state named state with these values."""
    services.incident_states.update(who, sid(services, who, state), values)


def test_an_update_is_readable_at_once(memory_services: Services, who: Principal) -> None:
    update(memory_services, who, "Stable", description="calm", color="#010203")
    got = item(memory_services, who, sid(memory_services, who, "Stable"))
    assert (got["description"], got["color"]) == ("calm", "#010203")


def test_renaming_keeps_the_slug(memory_services: Services, who: Principal) -> None:
    update(memory_services, who, "Stable", name="Contained")
    assert state_named(memory_services, who, "Contained")["slug"] == "stable"


def test_a_new_name_is_trimmed(memory_services: Services, who: Principal) -> None:
    update(memory_services, who, "Stable", name="  Contained ")
    assert state_named(memory_services, who, "Contained")["order"] == 3


def test_renaming_to_another_states_name_in_any_case_is_a_conflict(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        update(memory_services, who, "Stable", name="ACTIVE")


def test_renaming_a_state_to_its_own_name_in_another_case_is_allowed(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Stable", name="STABLE")
    assert state_named(memory_services, who, "STABLE")["order"] == 3


def test_a_renamed_states_old_name_is_free_again(memory_services: Services, who: Principal) -> None:
    update(memory_services, who, "Stable", name="Contained")
    create(memory_services, who, "Stable")
    assert state_named(memory_services, who, "Stable")["order"] == 5


@pytest.mark.parametrize(
    ("field", "value"), [("name", ""), ("name", None), ("color", "blue"), ("color", None)]
)
def test_an_invalid_value_is_rejected(
    memory_services: Services, who: Principal, field: str, value: object
) -> None:
    with pytest.raises(InvalidValue):
        update(memory_services, who, "Stable", **{field: value})


def test_an_empty_update_is_an_invalid_request(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidRequest):
        memory_services.incident_states.update(who, sid(memory_services, who, "Stable"), {})


def test_a_malformed_id_is_an_invalid_request(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidRequest):
        memory_services.incident_states.update(who, "nope", {"name": "X"})


def test_updating_an_unknown_state_is_not_found(memory_services: Services, who: Principal) -> None:
    with pytest.raises(NotFound):
        memory_services.incident_states.update(
            who, "9f1b7c1e-0000-4000-8000-000000000000", {"name": "X"}
        )


def test_updating_another_projects_state_is_not_found(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    with pytest.raises(NotFound):
        memory_services.incident_states.update(
            second, sid(memory_services, first, "Stable"), {"name": "Mine"}
        )
    assert state_named(memory_services, first, "Stable")["order"] == 3


def test_a_new_slug_is_taken_and_the_old_one_freed(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    update(memory_services, first, "Stable", slug="calm")
    assert state_named(memory_services, first, "Stable")["slug"] == "calm"
    create(memory_services, second, "Stable 2", slug="stable")
    assert state_named(memory_services, second, "Stable 2")["slug"] == "stable"


def test_taking_a_held_slug_is_a_conflict(memory_services: Services, who: Principal) -> None:
    with pytest.raises(Conflict):
        update(memory_services, who, "Stable", slug="resolved")
    assert state_named(memory_services, who, "Stable")["slug"] == "stable"


def test_a_slug_of_the_wrong_shape_is_invalid(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidValue):
        update(memory_services, who, "Stable", slug="Not A Slug")


def test_moving_up_to_a_held_order_shifts_that_state_and_later_ones_down(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Resolved", order=2)
    assert names_by_order(memory_services, who) == [
        ("Active", 1),
        ("Resolved", 2),
        ("Investigating", 3),
        ("Stable", 4),
    ]


def test_moving_down_to_a_held_order_shifts_that_state_and_later_ones_down(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Active", order=3)
    assert names_by_order(memory_services, who) == [
        ("Investigating", 2),
        ("Active", 3),
        ("Stable", 4),
        ("Resolved", 5),
    ]


def test_moving_to_a_free_order_shifts_nothing(memory_services: Services, who: Principal) -> None:
    update(memory_services, who, "Stable", order=10)
    assert names_by_order(memory_services, who) == [
        ("Active", 1),
        ("Investigating", 2),
        ("Resolved", 4),
        ("Stable", 10),
    ]


def test_orders_stay_unique_after_many_moves(memory_services: Services, who: Principal) -> None:
    for name, order in (("Resolved", 1), ("Stable", 2), ("Active", 2), ("Investigating", 1)):
        update(memory_services, who, name, order=order)
    orders = [order for _, order in names_by_order(memory_services, who)]
    assert len(orders) == len(set(orders)) == 4


def test_an_order_below_one_is_invalid(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidValue):
        update(memory_services, who, "Stable", order=0)


def test_setting_the_created_flag_moves_it_off_the_former_holder(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Stable", is_created_state=True)
    assert holders(memory_services, who, "isCreatedState") == ["Stable"]


def test_setting_the_resolved_flag_moves_it_off_the_former_holder(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Stable", is_resolved_state=True)
    assert holders(memory_services, who, "isResolvedState") == ["Stable"]


def test_setting_the_acknowledged_flag_moves_it_off_the_former_holder(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Stable", is_acknowledged_state=True)
    assert holders(memory_services, who, "isAcknowledgedState") == ["Stable"]


def test_clearing_the_only_created_flag_is_a_conflict(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        update(memory_services, who, "Active", is_created_state=False)
    assert holders(memory_services, who, "isCreatedState") == ["Active"]


def test_clearing_the_only_resolved_flag_is_a_conflict(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        update(memory_services, who, "Resolved", is_resolved_state=None)
    assert holders(memory_services, who, "isResolvedState") == ["Resolved"]


def test_clearing_the_acknowledged_flag_leaves_no_acknowledged_state(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Investigating", is_acknowledged_state=False)
    assert holders(memory_services, who, "isAcknowledgedState") == []


def test_a_flag_can_be_moved_back_after_moving_away(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Stable", is_created_state=True)
    update(memory_services, who, "Active", is_created_state=True)
    assert holders(memory_services, who, "isCreatedState") == ["Active"]


def test_a_rejected_update_changes_nothing(memory_services: Services, who: Principal) -> None:
    before = names_by_order(memory_services, who)
    with pytest.raises(Conflict):
        update(memory_services, who, "Stable", order=1, name="Resolved")
    assert names_by_order(memory_services, who) == before


def test_an_update_that_changes_nothing_leaves_updated_at_alone(
    memory_services: Services, who: Principal
) -> None:
    state_id = sid(memory_services, who, "Stable")
    before = item(memory_services, who, state_id)["updatedAt"]
    memory_services.incident_states.update(who, state_id, {"name": "Stable", "order": 3})
    assert item(memory_services, who, state_id)["updatedAt"] == before


def test_a_new_state_goes_after_the_highest_order_held_now(
    memory_services: Services, who: Principal
) -> None:
    update(memory_services, who, "Resolved", order=10)
    update(memory_services, who, "Resolved", order=4)
    create(memory_services, who, "Paged")
    assert names_by_order(memory_services, who)[-2:] == [("Resolved", 4), ("Paged", 5)]
