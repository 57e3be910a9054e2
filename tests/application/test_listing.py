"""List, count and get on the read model: the list language end to end."""

from __future__ import annotations

from typing import Any

import pytest

from application.access import Principal
from application.query import parse_query
from application.resources import INCIDENT_STATE
from application.services import Services
from domain.errors import NotFound
from tests.application.support import create, item, new_principal, page, state_named

DEFAULT_NAMES = ["Active", "Investigating", "Stable", "Resolved"]


def names(services: Services, who: Principal, **request: Any) -> list[str]:
    """The names of one page of a list request."""
    select = request.pop("select", {"name": True})
    return [i["name"] for i in page(services, who, select=select, **request).items]


def matching(services: Services, who: Principal, query: dict[str, Any]) -> set[str]:
    """The names of every state matching the query."""
    return set(names(services, who, query=query, limit=100))


def test_items_hold_only_the_id_by_default(memory_services: Services, who: Principal) -> None:
    items = page(memory_services, who).items
    assert len(items) == 4
    assert all(set(i) == {"_id"} for i in items)


def test_items_hold_exactly_the_id_and_the_selected_fields(
    memory_services: Services, who: Principal
) -> None:
    items = page(memory_services, who, select={"name": True, "color": True}).items
    assert all(set(i) == {"_id", "name", "color"} for i in items)


def test_the_project_relation_gives_id_and_name(memory_services: Services) -> None:
    who = new_principal(memory_services, "Payments")
    first = page(memory_services, who, select={"project": True}).items[0]
    assert first["project"] == {"_id": who.project_id, "name": "Payments"}


def test_the_default_sort_is_newest_first(memory_services: Services, who: Principal) -> None:
    create(memory_services, who, "Paged")
    assert names(memory_services, who) == ["Paged", *reversed(DEFAULT_NAMES)]


def test_sorting_by_name_ascending_and_descending(
    memory_services: Services, who: Principal
) -> None:
    assert names(memory_services, who, sort={"name": "ASC"}) == sorted(DEFAULT_NAMES)
    assert names(memory_services, who, sort={"name": -1}) == sorted(DEFAULT_NAMES, reverse=True)


def test_sorting_by_order(memory_services: Services, who: Principal) -> None:
    assert names(memory_services, who, sort={"order": 1}) == DEFAULT_NAMES


def test_ties_are_broken_by_id(memory_services: Services, who: Principal) -> None:
    items = page(memory_services, who, sort={"isCreatedState": 1}, limit=100).items
    non_created = [i["_id"] for i in items][:3]
    assert non_created == sorted(non_created)


def test_the_count_is_the_total_matching_not_the_page(
    memory_services: Services, who: Principal
) -> None:
    result = page(memory_services, who, limit=2)
    assert (result.count, len(result.items), result.limit, result.skip) == (4, 2, 2, 0)


def test_pages_do_not_overlap_and_cover_everything(
    memory_services: Services, who: Principal
) -> None:
    for n in range(7):
        create(memory_services, who, f"Extra {n}")
    seen: list[str] = []
    for skip in range(0, 11, 3):
        seen += [i["_id"] for i in page(memory_services, who, skip=skip, limit=3).items]
    assert len(seen) == len(set(seen)) == 11


def test_skipping_past_the_end_gives_an_empty_page_with_the_count(
    memory_services: Services, who: Principal
) -> None:
    result = page(memory_services, who, skip=50)
    assert (result.count, result.items) == (4, ())


def test_the_default_limit_is_ten(memory_services: Services, who: Principal) -> None:
    for n in range(8):
        create(memory_services, who, f"Extra {n}")
    assert len(page(memory_services, who).items) == 10


def test_equality_on_a_name(memory_services: Services, who: Principal) -> None:
    assert matching(memory_services, who, {"name": "Stable"}) == {"Stable"}


def test_equality_on_a_flag(memory_services: Services, who: Principal) -> None:
    assert matching(memory_services, who, {"isResolvedState": True}) == {"Resolved"}


def test_any_of_an_array(memory_services: Services, who: Principal) -> None:
    assert matching(memory_services, who, {"order": [1, 4, 9]}) == {"Active", "Resolved"}


def test_is_null_and_not_null(memory_services: Services, who: Principal) -> None:
    create(memory_services, who, "Bare")
    assert matching(memory_services, who, {"description": None}) == {"Bare"}
    not_null = {"description": {"_type": "NotNull"}}
    assert matching(memory_services, who, not_null) == set(DEFAULT_NAMES)


def test_not_equal(memory_services: Services, who: Principal) -> None:
    query = {"name": {"_type": "NotEqual", "value": "Stable"}}
    assert matching(memory_services, who, query) == {"Active", "Investigating", "Resolved"}


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("GreaterThan", {"Resolved"}),
        ("GreaterThanOrEqual", {"Stable", "Resolved"}),
        ("LessThan", {"Active", "Investigating"}),
        ("LessThanOrEqual", {"Active", "Investigating", "Stable"}),
    ],
)
def test_comparisons_on_order(
    memory_services: Services, who: Principal, op: str, expected: set[str]
) -> None:
    assert matching(memory_services, who, {"order": {"_type": op, "value": 3}}) == expected


def test_in_between_includes_both_ends(memory_services: Services, who: Principal) -> None:
    query = {"order": {"_type": "InBetween", "startValue": 2, "endValue": 3}}
    assert matching(memory_services, who, query) == {"Investigating", "Stable"}


def test_search_ignores_case(memory_services: Services, who: Principal) -> None:
    query = {"name": {"_type": "Search", "value": "TIGA"}}
    assert matching(memory_services, who, query) == {"Investigating"}


def test_search_treats_wildcards_as_plain_text(memory_services: Services, who: Principal) -> None:
    create(memory_services, who, "100% done")
    query = {"name": {"_type": "Search", "value": "0%"}}
    assert matching(memory_services, who, query) == {"100% done"}


def test_starts_with_and_ends_with(memory_services: Services, who: Principal) -> None:
    assert matching(memory_services, who, {"name": {"_type": "StartsWith", "value": "St"}}) == {
        "Stable"
    }
    assert matching(memory_services, who, {"slug": {"_type": "EndsWith", "value": "ed"}}) == {
        "Resolved"
    }


def test_conditions_combine_with_and(memory_services: Services, who: Principal) -> None:
    query = {"order": {"_type": "GreaterThan", "value": 1}, "isAcknowledgedState": False}
    assert matching(memory_services, who, query) == {"Stable", "Resolved"}


def test_created_at_in_between_finds_states_made_in_that_span(
    memory_services: Services, who: Principal
) -> None:
    state_id = create(memory_services, who, "Late")
    stamp = item(memory_services, who, state_id)["createdAt"]
    query = {"createdAt": {"_type": "InBetween", "startValue": stamp, "endValue": stamp}}
    assert matching(memory_services, who, query) == {"Late"}


def test_count_applies_the_conditions(memory_services: Services, who: Principal) -> None:
    conditions = parse_query(INCIDENT_STATE, {"order": {"_type": "LessThan", "value": 3}})
    assert memory_services.incident_states.count(who, conditions) == 2
    assert memory_services.incident_states.count(who, ()) == 4


def test_a_list_never_shows_another_projects_states(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    create(memory_services, first, "Only mine")
    assert matching(memory_services, second, {"name": "Only mine"}) == set()
    assert memory_services.incident_states.count(second, ()) == 4


def test_get_returns_every_field(memory_services: Services, who: Principal) -> None:
    state_id = create(memory_services, who, "Paged", created_by_user={"name": "Ada"})
    got = item(memory_services, who, state_id)
    assert set(got) >= {
        "_id",
        "createdAt",
        "updatedAt",
        "projectId",
        "project",
        "name",
        "slug",
        "description",
        "createdByUserId",
        "createdByUser",
        "color",
        "isCreatedState",
        "isAcknowledgedState",
        "isResolvedState",
        "order",
    }
    assert got["createdByUser"] == {"name": "Ada"}


def test_get_with_selected_fields_returns_only_those(
    memory_services: Services, who: Principal
) -> None:
    state_id = str(state_named(memory_services, who, "Stable")["_id"])
    got = memory_services.incident_states.get(who, state_id, ("_id", "slug"))
    assert dict(got) == {"_id": state_id, "slug": "stable"}


def test_getting_another_projects_state_is_not_found(memory_services: Services) -> None:
    first = new_principal(memory_services, "First")
    second = new_principal(memory_services, "Second")
    state_id = str(state_named(memory_services, first, "Stable")["_id"])
    with pytest.raises(NotFound):
        item(memory_services, second, state_id)
