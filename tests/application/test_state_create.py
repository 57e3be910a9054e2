"""Creating incident states: name, colour, slug and order rules end to end."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.services import Services
from domain.errors import Conflict, InvalidValue, NotFound
from tests.application.support import create, item, names_by_order, new_principal, state_named


def test_a_created_state_is_readable_at_once(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged", color="#abc", description="on call")
    got = item(memory_services, who, state_id)
    assert (got["_id"], got["name"], got["color"], got["description"]) == (
        state_id,
        "Paged",
        "#abc",
        "on call",
    )
    assert got["projectId"] == who.project_id


def test_a_created_state_has_no_flags_unless_given(
    memory_services: Services, who: Principal
) -> None:
    got = item(memory_services, who, create(memory_services, who, "Paged"))
    assert (got["isCreatedState"], got["isAcknowledgedState"], got["isResolvedState"]) == (
        False,
        False,
        False,
    )


def test_the_name_is_trimmed(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "   Paged  ")
    assert item(memory_services, who, state_id)["name"] == "Paged"


def test_a_missing_name_is_invalid(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidValue) as caught:
        memory_services.incident_states.create(who, {"color": "#fff"})
    assert caught.value.field == "name"


def test_a_blank_name_is_invalid(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidValue):
        create(memory_services, who, "    ")


def test_a_name_longer_than_100_characters_is_invalid(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue):
        create(memory_services, who, "n" * 101)
    assert len(names_by_order(memory_services, who)) == 4


def test_a_name_of_100_characters_is_accepted(memory_services: Services, who: Principal) -> None:
    assert item(memory_services, who, create(memory_services, who, "n" * 100))["name"] == "n" * 100


def test_a_name_taken_in_the_project_in_another_case_is_a_conflict(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        create(memory_services, who, "  sTABLE ")


def test_the_same_name_in_another_project_is_allowed(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    create(memory_services, first, "Paged")
    create(memory_services, second, "Paged")
    assert state_named(memory_services, first, "Paged")["order"] == 5
    assert state_named(memory_services, second, "Paged")["order"] == 5


def test_a_missing_colour_is_invalid(memory_services: Services, who: Principal) -> None:
    with pytest.raises(InvalidValue) as caught:
        memory_services.incident_states.create(who, {"name": "Paged"})
    assert caught.value.field == "color"


@pytest.mark.parametrize("color", ["red", "#12345", "#xyz", "123456", "#fff\n"])
def test_a_colour_that_is_not_hex_rgb_is_invalid(
    memory_services: Services, who: Principal, color: str
) -> None:
    with pytest.raises(InvalidValue):
        create(memory_services, who, "Paged", color=color)


def test_the_slug_is_made_from_the_name(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "On Call -- Paged!")
    assert item(memory_services, who, state_id)["slug"] == "on-call-paged"


def test_a_slug_made_from_a_long_name_is_at_most_100_characters(
    memory_services: Services, who: Principal
) -> None:
    state_id = create(memory_services, who, "word " * 20)
    slug = item(memory_services, who, state_id)["slug"]
    assert len(slug) <= 100
    assert slug.startswith("word-word")
    assert not slug.endswith("-")


def test_a_taken_slug_gets_the_next_free_number(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    third = new_principal(memory_services, "Third")
    slugs = [
        item(memory_services, p, create(memory_services, p, "Paged"))["slug"]
        for p in (
            first,
            second,
            third,
        )
    ]
    assert slugs == ["paged", "paged-2", "paged-3"]


def test_a_number_suffix_skips_a_slug_a_client_chose(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    create(memory_services, first, "Custom", slug="paged-2")
    create(memory_services, first, "Paged")
    state_id = create(memory_services, second, "Paged")
    assert item(memory_services, second, state_id)["slug"] == "paged-3"


def test_a_given_slug_is_kept(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged", slug="sev-1-paged")
    assert item(memory_services, who, state_id)["slug"] == "sev-1-paged"


@pytest.mark.parametrize("slug", ["Paged", "paged_now", "-paged", "paged-", "a--b", "", "x" * 101])
def test_a_given_slug_of_the_wrong_shape_is_invalid(
    memory_services: Services, who: Principal, slug: str
) -> None:
    with pytest.raises(InvalidValue):
        create(memory_services, who, "Paged", slug=slug)


def test_a_given_slug_followed_by_a_newline_is_invalid(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(InvalidValue):
        create(memory_services, who, "Paged", slug="paged\n")


def test_a_given_slug_held_in_another_project_is_a_conflict(memory_services: Services) -> None:
    new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    with pytest.raises(Conflict):
        create(memory_services, second, "Begun", slug="active")
    assert [n for n, _ in names_by_order(memory_services, second)] == [
        "Active",
        "Investigating",
        "Stable",
        "Resolved",
    ]


def test_the_default_order_is_last_plus_one(memory_services: Services, who: Principal) -> None:
    create(memory_services, who, "Paged")
    create(memory_services, who, "Closed")
    assert names_by_order(memory_services, who)[-2:] == [("Paged", 5), ("Closed", 6)]


def test_taking_a_held_order_shifts_that_state_and_later_ones_down(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Paged", order=2)
    assert names_by_order(memory_services, who) == [
        ("Active", 1),
        ("Paged", 2),
        ("Investigating", 3),
        ("Stable", 4),
        ("Resolved", 5),
    ]


def test_taking_a_free_order_shifts_nothing(memory_services: Services, who: Principal) -> None:
    create(memory_services, who, "Paged", order=9)
    assert names_by_order(memory_services, who)[-2:] == [("Resolved", 4), ("Paged", 9)]


@pytest.mark.parametrize("order", [0, -3])
def test_an_order_below_one_is_invalid(
    memory_services: Services, who: Principal, order: int
) -> None:
    with pytest.raises(InvalidValue):
        create(memory_services, who, "Paged", order=order)


def test_creating_with_the_created_flag_moves_it_off_active(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Triage", is_created_state=True)
    assert state_named(memory_services, who, "Triage")["isCreatedState"] is True
    assert state_named(memory_services, who, "Active")["isCreatedState"] is False


def test_creating_with_the_acknowledged_flag_moves_it_off_investigating(
    memory_services: Services, who: Principal
) -> None:
    create(memory_services, who, "Seen", is_acknowledged_state=True)
    assert state_named(memory_services, who, "Investigating")["isAcknowledgedState"] is False
    assert state_named(memory_services, who, "Seen")["isAcknowledgedState"] is True


def test_a_failed_create_changes_nothing(memory_services: Services, who: Principal) -> None:
    before = names_by_order(memory_services, who)
    with pytest.raises(Conflict):
        create(memory_services, who, "stable", order=1, is_created_state=True)
    assert names_by_order(memory_services, who) == before
    assert state_named(memory_services, who, "Active")["isCreatedState"] is True


def test_creating_in_a_project_that_does_not_exist_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    ghost = Principal("key", "9f1b7c1e-0000-4000-8000-000000000000", "owner", frozenset())
    with pytest.raises(NotFound):
        create(memory_services, ghost, "Paged")


def test_a_create_refused_for_its_slug_leaves_its_name_and_order_free(
    memory_services: Services, who: Principal
) -> None:
    with pytest.raises(Conflict):
        create(memory_services, who, "Paged", slug="stable", is_created_state=True)
    create(memory_services, who, "Paged")
    assert state_named(memory_services, who, "Paged")["order"] == 5
    assert state_named(memory_services, who, "Active")["isCreatedState"] is True
