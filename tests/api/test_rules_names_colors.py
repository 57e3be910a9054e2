"""Name and colour rules: required, trimmed, length, per-project uniqueness, hex colours."""

from __future__ import annotations

import pytest

from tests.api.helpers import (
    create,
    delete,
    error,
    get,
    names,
    try_create,
    try_update,
    unique,
    update,
)
from tests.conftest import Api, Tenant, make_tenant


def test_name_is_required(api: Api, tenant: Tenant) -> None:
    assert "name" in error(try_create(api, tenant.headers, color="#123"), 400)


def test_name_must_not_be_null(api: Api, tenant: Tenant) -> None:
    assert "name" in error(try_create(api, tenant.headers, name=None, color="#123"), 400)


@pytest.mark.parametrize("name", ["", " ", "\t\n "])
def test_blank_name_is_rejected(api: Api, tenant: Tenant, name: str) -> None:
    assert "name" in error(try_create(api, tenant.headers, name=name, color="#123"), 400)


def test_name_of_101_characters_is_rejected(api: Api, tenant: Tenant) -> None:
    assert "name" in error(try_create(api, tenant.headers, name="n" * 101, color="#123"), 400)


def test_name_of_100_characters_is_accepted(api: Api, tenant: Tenant) -> None:
    name = unique()[:10].ljust(100, "x")
    assert create(api, tenant.headers, name=name)["name"] == name


def test_name_of_one_character_is_accepted(api: Api, tenant: Tenant) -> None:
    assert create(api, tenant.headers, name="Q")["name"] == "Q"


def test_name_is_stored_trimmed(api: Api, tenant: Tenant) -> None:
    name = unique()
    created = create(api, tenant.headers, name=f"  {name}\t")
    assert created["name"] == name
    assert get(api, tenant.headers, created["_id"])["name"] == name


def test_trimmed_name_of_100_characters_is_accepted(api: Api, tenant: Tenant) -> None:
    name = "y" * 100
    assert create(api, tenant.headers, name=f"   {name}   ")["name"] == name


def test_duplicate_name_in_a_project_is_a_conflict(api: Api, tenant: Tenant) -> None:
    name = unique()
    create(api, tenant.headers, name=name)
    assert "name" in error(try_create(api, tenant.headers, name=name, color="#123"), 409)


def test_duplicate_name_in_another_case_is_a_conflict(api: Api, tenant: Tenant) -> None:
    name = unique("Case")
    create(api, tenant.headers, name=name)
    error(try_create(api, tenant.headers, name=name.upper(), color="#123"), 409)


def test_duplicate_name_with_surrounding_space_is_a_conflict(api: Api, tenant: Tenant) -> None:
    name = unique()
    create(api, tenant.headers, name=name)
    error(try_create(api, tenant.headers, name=f" {name} ", color="#123"), 409)


def test_default_state_names_are_taken_in_a_new_project(api: Api, tenant: Tenant) -> None:
    error(try_create(api, tenant.headers, name="active", color="#123"), 409)


def test_conflicting_create_leaves_one_state_with_the_name(api: Api, tenant: Tenant) -> None:
    name = unique()
    create(api, tenant.headers, name=name)
    try_create(api, tenant.headers, name=name, color="#123")
    assert names(api, tenant.headers, {"name": name}) == [name]


def test_another_project_may_reuse_a_name(api: Api, tenant: Tenant) -> None:
    name = unique()
    create(api, tenant.headers, name=name)
    other = make_tenant(api.services, "Other")
    assert create(api, other.headers, name=name)["name"] == name


def test_renaming_to_a_taken_name_is_a_conflict(api: Api, tenant: Tenant) -> None:
    taken = unique()
    create(api, tenant.headers, name=taken)
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], name=taken.lower()), 409)
    assert get(api, tenant.headers, state["_id"])["name"] == state["name"]


def test_renaming_a_state_to_its_own_name_in_another_case_is_allowed(
    api: Api, tenant: Tenant
) -> None:
    state = create(api, tenant.headers, name=unique("lower"))
    update(api, tenant.headers, state["_id"], name=state["name"].upper())
    assert get(api, tenant.headers, state["_id"])["name"] == state["name"].upper()


def test_rename_is_trimmed(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    name = unique()
    update(api, tenant.headers, state["_id"], name=f"  {name} ")
    assert get(api, tenant.headers, state["_id"])["name"] == name


def test_rename_to_blank_is_rejected(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], name="  "), 400)


def test_rename_to_null_is_rejected(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    error(try_update(api, tenant.headers, state["_id"], name=None), 400)


def test_name_of_a_deleted_state_can_be_reused(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    assert delete(api, tenant.headers, state["_id"]).status_code == 200
    assert create(api, tenant.headers, name=state["name"])["name"] == state["name"]


def test_old_name_is_free_after_a_rename(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], name=unique())
    assert create(api, tenant.headers, name=state["name"])["name"] == state["name"]


def test_color_is_required(api: Api, tenant: Tenant) -> None:
    assert "color" in error(try_create(api, tenant.headers, name=unique()), 400)


@pytest.mark.parametrize("color", ["#32a852", "#3AD", "#ABCDEF", "#000", "#fFfFfF"])
def test_hex_colors_are_accepted(api: Api, tenant: Tenant, color: str) -> None:
    assert create(api, tenant.headers, color=color)["color"] == color


@pytest.mark.parametrize(
    "color",
    ["red", "32a852", "#32a85", "#32a8521", "#ggg", "#12", "", "# 123", "#1234", " #123"],
)
def test_non_hex_colors_are_rejected(api: Api, tenant: Tenant, color: str) -> None:
    assert "color" in error(try_create(api, tenant.headers, name=unique(), color=color), 400)


def test_color_must_not_be_null(api: Api, tenant: Tenant) -> None:
    error(try_create(api, tenant.headers, name=unique(), color=None), 400)


def test_update_to_a_non_hex_color_is_rejected_and_changes_nothing(
    api: Api, tenant: Tenant
) -> None:
    state = create(api, tenant.headers, color="#101010")
    error(try_update(api, tenant.headers, state["_id"], color="blue", name=unique()), 400)
    after = get(api, tenant.headers, state["_id"])
    assert (after["color"], after["name"]) == ("#101010", state["name"])


def test_update_to_a_hex_color_is_applied(api: Api, tenant: Tenant) -> None:
    state = create(api, tenant.headers)
    update(api, tenant.headers, state["_id"], color="#abc")
    assert get(api, tenant.headers, state["_id"])["color"] == "#abc"
