"""Order (positive, unique, shifting) and the created/acknowledged/resolved flags."""

from __future__ import annotations

import pytest

from tests.api.helpers import (
    DEFAULT_STATES,
    Json,
    by_order,
    create,
    delete,
    error,
    get,
    holder,
    names,
    try_create,
    try_update,
    update,
)
from tests.conftest import Api, Tenant

FLAGS = ("isCreatedState", "isAcknowledgedState", "isResolvedState")


def orders(states: list[Json]) -> list[int]:
    """The order values, in list order."""
    return [s["order"] for s in states]


def state_named(api: Api, tenant: Tenant, name: str) -> Json:
    """The state with this name."""
    return next(s for s in by_order(api, tenant.headers) if s["name"] == name)


def test_new_project_has_the_four_default_states_in_order(api: Api, tenant: Tenant) -> None:
    states = by_order(api, tenant.headers)
    assert [s["name"] for s in states] == list(DEFAULT_STATES)
    assert orders(states) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("flag", "name"),
    [
        ("isCreatedState", "Active"),
        ("isAcknowledgedState", "Investigating"),
        ("isResolvedState", "Resolved"),
    ],
)
def test_new_project_gives_each_flag_to_its_default_state(
    api: Api, tenant: Tenant, flag: str, name: str
) -> None:
    assert holder(api, tenant.headers, flag) == [name]


def test_stable_default_state_holds_no_flag(api: Api, tenant: Tenant) -> None:
    stable = state_named(api, tenant, "Stable")
    assert [stable[f] for f in FLAGS] == [False, False, False]


def test_new_state_goes_last_by_default(api: Api, tenant: Tenant) -> None:
    assert create(api, tenant.headers)["order"] == 5
    assert create(api, tenant.headers)["order"] == 6


def test_default_order_follows_the_highest_order_not_the_count(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, order=40)
    assert create(api, tenant.headers)["order"] == 41


def test_free_order_is_taken_without_moving_others(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers, order=9)
    assert created["order"] == 9
    assert orders(by_order(api, tenant.headers)) == [1, 2, 3, 4, 9]


def test_taking_a_held_order_shifts_that_state_and_later_ones(api: Api, tenant: Tenant) -> None:
    created = create(api, tenant.headers, name="Triage", order=2)
    states = by_order(api, tenant.headers)
    assert [s["name"] for s in states] == [
        "Active",
        "Triage",
        "Investigating",
        "Stable",
        "Resolved",
    ]
    assert orders(states) == [1, 2, 3, 4, 5]
    assert created["order"] == 2


def test_taking_order_one_shifts_every_state(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, name="First", order=1)
    assert names(api, tenant.headers) == ["First", *DEFAULT_STATES]
    assert orders(by_order(api, tenant.headers)) == [1, 2, 3, 4, 5]


def test_shifting_leaves_earlier_states_in_place(api: Api, tenant: Tenant) -> None:
    before = {s["name"]: s["updatedAt"] for s in by_order(api, tenant.headers)}
    create(api, tenant.headers, order=3)
    after = {s["name"]: s for s in by_order(api, tenant.headers)}
    assert after["Active"]["order"] == 1
    assert after["Investigating"]["order"] == 2
    assert after["Active"]["updatedAt"] == before["Active"]


def test_taking_a_held_order_shifts_every_later_state_even_past_a_gap(
    api: Api, tenant: Tenant
) -> None:
    create(api, tenant.headers, name="Far", order=10)
    create(api, tenant.headers, name="Mid", order=4)
    assert state_named(api, tenant, "Resolved")["order"] == 5
    assert state_named(api, tenant, "Far")["order"] == 11


def test_moving_a_state_to_a_held_order_shifts_the_holder(api: Api, tenant: Tenant) -> None:
    resolved = state_named(api, tenant, "Resolved")
    update(api, tenant.headers, resolved["_id"], order=2)
    assert names(api, tenant.headers) == ["Active", "Resolved", "Investigating", "Stable"]
    assert len(set(orders(by_order(api, tenant.headers)))) == 4


def test_moving_a_state_to_a_free_order_moves_only_it(api: Api, tenant: Tenant) -> None:
    active = state_named(api, tenant, "Active")
    update(api, tenant.headers, active["_id"], order=20)
    assert orders(by_order(api, tenant.headers)) == [2, 3, 4, 20]


def test_setting_a_state_to_its_own_order_moves_nothing(api: Api, tenant: Tenant) -> None:
    stable = state_named(api, tenant, "Stable")
    update(api, tenant.headers, stable["_id"], order=3)
    assert orders(by_order(api, tenant.headers)) == [1, 2, 3, 4]


@pytest.mark.parametrize("order", [0, -1, -100])
def test_order_must_be_positive(api: Api, tenant: Tenant, order: int) -> None:
    assert "order" in error(
        try_create(api, tenant.headers, name="x", color="#123", order=order), 400
    )


def test_update_to_a_non_positive_order_is_rejected(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], order=0), 400)
    assert get(api, tenant.headers, state["_id"])["order"] == state["order"]


def test_orders_stay_unique_after_many_moves(api: Api, tenant: Tenant) -> None:
    ids = [create(api, tenant.headers, order=1)["_id"] for _ in range(4)]
    for position, state_id in zip((3, 1, 5, 2), ids, strict=True):
        update(api, tenant.headers, state_id, order=position)
    values = orders(by_order(api, tenant.headers))
    assert len(values) == 8
    assert len(set(values)) == 8


def test_created_flag_on_a_new_state_moves_it(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, name="Opened", isCreatedState=True)
    assert holder(api, tenant.headers, "isCreatedState") == ["Opened"]
    assert state_named(api, tenant, "Active")["isCreatedState"] is False


@pytest.mark.parametrize("flag", FLAGS)
def test_setting_a_flag_by_update_moves_it(api: Api, tenant: Tenant, flag: str) -> None:
    stable = state_named(api, tenant, "Stable")
    update(api, tenant.headers, stable["_id"], **{flag: True})
    assert holder(api, tenant.headers, flag) == ["Stable"]


def test_moving_a_flag_keeps_the_former_holders_other_flags(api: Api, tenant: Tenant) -> None:
    active = state_named(api, tenant, "Active")
    update(api, tenant.headers, active["_id"], isResolvedState=True)
    stable = state_named(api, tenant, "Stable")
    update(api, tenant.headers, stable["_id"], isCreatedState=True)
    assert holder(api, tenant.headers, "isResolvedState") == ["Active"]
    assert holder(api, tenant.headers, "isCreatedState") == ["Stable"]


def test_one_state_may_hold_every_flag(api: Api, tenant: Tenant) -> None:
    create(api, tenant.headers, name="All", **dict.fromkeys(FLAGS, True))
    for flag in FLAGS:
        assert holder(api, tenant.headers, flag) == ["All"]


def test_acknowledged_flag_may_be_cleared(api: Api, tenant: Tenant) -> None:
    investigating = state_named(api, tenant, "Investigating")
    update(api, tenant.headers, investigating["_id"], isAcknowledgedState=False)
    assert holder(api, tenant.headers, "isAcknowledgedState") == []


@pytest.mark.parametrize(
    ("flag", "name"), [("isCreatedState", "Active"), ("isResolvedState", "Resolved")]
)
def test_clearing_the_only_required_flag_is_a_conflict(
    api: Api, tenant: Tenant, flag: str, name: str
) -> None:
    state = state_named(api, tenant, name)
    assert flag in error(try_update(api, tenant.headers, state["_id"], **{flag: False}), 409)
    assert holder(api, tenant.headers, flag) == [name]


def test_clearing_a_flag_a_state_does_not_hold_changes_nothing(api: Api, tenant: Tenant) -> None:
    stable = state_named(api, tenant, "Stable")
    update(api, tenant.headers, stable["_id"], isCreatedState=False)
    assert holder(api, tenant.headers, "isCreatedState") == ["Active"]


@pytest.mark.parametrize("name", ["Active", "Resolved"])
def test_deleting_the_holder_of_a_required_flag_is_a_conflict(
    api: Api, tenant: Tenant, name: str
) -> None:
    state = state_named(api, tenant, name)
    error(delete(api, tenant.headers, state["_id"]), 409)
    assert name in names(api, tenant.headers)


def test_deleting_the_acknowledged_holder_is_allowed(api: Api, tenant: Tenant) -> None:
    state = state_named(api, tenant, "Investigating")
    assert delete(api, tenant.headers, state["_id"]).status_code == 200
    assert holder(api, tenant.headers, "isAcknowledgedState") == []


def test_former_holder_of_a_moved_flag_can_be_deleted(api: Api, tenant: Tenant) -> None:
    active = state_named(api, tenant, "Active")
    create(api, tenant.headers, isCreatedState=True)
    assert delete(api, tenant.headers, active["_id"]).status_code == 200


def test_flags_stay_exactly_one_after_many_moves(api: Api, tenant: Tenant) -> None:
    ids = [create(api, tenant.headers)["_id"] for _ in range(3)]
    for state_id in ids + ids[::-1]:
        update(api, tenant.headers, state_id, isCreatedState=True, isResolvedState=True)
    for flag in ("isCreatedState", "isResolvedState"):
        assert len(holder(api, tenant.headers, flag)) == 1
