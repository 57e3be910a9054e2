"""The list language: query, select, sort and paging checked into specs (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from application.errors import InvalidRequest
from application.query import (
    QUERY_VALUES_MAX,
    Condition,
    Kind,
    parse_paging,
    parse_query,
    parse_select,
    parse_sort,
)
from application.query_values import shown
from application.resources import INCIDENT_STATE as STATE

STATE_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
DEFAULT_ORDER = (("created_at", True), ("id", True))


def one(raw: dict[str, Any]) -> Condition:
    """The single condition a one-key query makes."""
    (condition,) = parse_query(STATE, raw)
    return condition


def rejected(raw: object) -> str:
    """The message of the InvalidRequest a query raises."""
    with pytest.raises(InvalidRequest) as caught:
        parse_query(STATE, raw)
    return str(caught.value)


def test_no_query_means_no_conditions() -> None:
    assert parse_query(STATE, None) == ()


def test_a_query_that_is_not_an_object_is_invalid() -> None:
    assert "query" in rejected(["name"])


def test_a_plain_value_means_equality() -> None:
    assert one({"name": "Stable"}) == Condition("name", Kind.TEXT, "EqualTo", ("Stable",))


def test_fields_map_to_their_columns() -> None:
    assert one({"order": 3}) == Condition("order_no", Kind.INT, "EqualTo", (3,))


def test_null_means_is_null() -> None:
    assert one({"description": None}) == Condition("description", Kind.TEXT, "IsNull")


def test_an_array_means_any_of() -> None:
    assert one({"name": ["A", "B"]}) == Condition("name", Kind.TEXT, "Includes", ("A", "B"))


def test_several_keys_make_several_conditions() -> None:
    conditions = parse_query(STATE, {"name": "A", "isCreatedState": True})
    assert [c.column for c in conditions] == ["name", "is_created_state"]


@pytest.mark.parametrize(
    "op",
    ["EqualTo", "NotEqual", "GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual"],
)
def test_comparison_operators_take_a_value(op: str) -> None:
    assert one({"order": {"_type": op, "value": 2}}) == Condition("order_no", Kind.INT, op, (2,))


def test_equal_to_null_means_is_null() -> None:
    assert one({"description": {"_type": "EqualTo", "value": None}}).op == "IsNull"


def test_not_equal_to_null_means_not_null() -> None:
    assert one({"description": {"_type": "NotEqual", "value": None}}).op == "NotNull"


@pytest.mark.parametrize("op", ["Search", "StartsWith", "EndsWith"])
def test_text_matches_take_a_string(op: str) -> None:
    assert one({"name": {"_type": op, "value": "ab"}}) == Condition("name", Kind.TEXT, op, ("ab",))


@pytest.mark.parametrize("op", ["Search", "StartsWith", "EndsWith"])
def test_text_matches_on_other_kinds_are_invalid(op: str) -> None:
    assert "order" in rejected({"order": {"_type": op, "value": "1"}})


def test_a_text_match_with_a_number_is_invalid() -> None:
    rejected({"name": {"_type": "Search", "value": 5}})


def test_includes_takes_an_array() -> None:
    condition = one({"order": {"_type": "Includes", "value": [1, 2]}})
    assert condition == Condition("order_no", Kind.INT, "Includes", (1, 2))


def test_includes_with_a_single_value_is_invalid() -> None:
    rejected({"order": {"_type": "Includes", "value": 1}})


@pytest.mark.parametrize("op", ["IsNull", "NotNull"])
def test_null_tests_need_no_value(op: str) -> None:
    assert one({"slug": {"_type": op}}) == Condition("slug", Kind.TEXT, op)


def test_in_between_takes_a_start_and_an_end() -> None:
    condition = one({"order": {"_type": "InBetween", "startValue": 2, "endValue": 4}})
    assert condition == Condition("order_no", Kind.INT, "InBetween", (2, 4))


def test_in_between_without_an_end_is_invalid() -> None:
    assert "endValue" in rejected({"order": {"_type": "InBetween", "startValue": 2}})


def test_in_between_on_a_boolean_is_invalid() -> None:
    rejected({"isCreatedState": {"_type": "InBetween", "startValue": False, "endValue": True}})


def test_greater_than_on_a_boolean_is_invalid() -> None:
    rejected({"isCreatedState": {"_type": "GreaterThan", "value": False}})


def test_a_comparison_without_a_value_is_invalid() -> None:
    assert "value" in rejected({"order": {"_type": "LessThan"}})


def test_an_unknown_operator_is_invalid_and_named() -> None:
    assert "Like" in rejected({"name": {"_type": "Like", "value": "a"}})


def test_an_operator_object_without_a_type_is_invalid() -> None:
    rejected({"name": {"value": "a"}})


def test_an_unknown_field_is_invalid_and_named() -> None:
    assert "colour" in rejected({"colour": "#fff"})


@pytest.mark.parametrize("field", ["createdByUser", "project"])
def test_free_form_and_relation_fields_cannot_be_queried(field: str) -> None:
    assert field in rejected({field: "x"})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 5),
        ("name", True),
        ("order", "3"),
        ("order", True),
        ("order", 2.5),
        ("isCreatedState", "true"),
        ("isCreatedState", 1),
        ("_id", "not-an-id"),
        ("_id", 7),
        ("createdAt", "yesterday"),
        ("createdAt", 1700000000),
    ],
)
def test_a_value_of_the_wrong_type_is_invalid(field: str, value: object) -> None:
    assert field in rejected({field: value})


def test_a_wrong_value_inside_an_array_is_invalid() -> None:
    rejected({"order": [1, "2"]})


def test_a_wrong_bound_of_in_between_is_invalid() -> None:
    rejected({"order": {"_type": "InBetween", "startValue": 1, "endValue": "9"}})


def test_instants_are_read_as_utc_in_the_stored_form() -> None:
    condition = one({"createdAt": {"_type": "GreaterThan", "value": "2024-01-01T01:00:00+01:00"}})
    assert condition.values == ("2024-01-01T00:00:00.000000Z",)


def test_a_date_alone_is_midnight_utc() -> None:
    assert one({"updatedAt": "2024-03-05"}).values == ("2024-03-05T00:00:00.000000Z",)


def test_ids_are_read_in_their_canonical_form() -> None:
    assert one({"_id": STATE_ID.upper()}).values == (STATE_ID,)


def test_no_select_returns_only_the_id() -> None:
    assert parse_select(STATE, None) == ("_id",)


def test_selected_fields_follow_the_id() -> None:
    assert parse_select(STATE, {"name": True, "order": True}) == ("_id", "name", "order")


def test_fields_selected_false_are_left_out() -> None:
    assert parse_select(STATE, {"name": True, "slug": False}) == ("_id", "name")


def test_selecting_the_id_does_not_repeat_it() -> None:
    assert parse_select(STATE, {"_id": True, "name": True}) == ("_id", "name")


def test_the_project_relation_and_free_form_fields_can_be_selected() -> None:
    assert parse_select(STATE, {"project": True, "createdByUser": True}) == (
        "_id",
        "project",
        "createdByUser",
    )


def test_selecting_an_unknown_field_is_invalid() -> None:
    with pytest.raises(InvalidRequest, match="nickname"):
        parse_select(STATE, {"nickname": True})


@pytest.mark.parametrize("raw", [{"name": 1}, {"name": "true"}, ["name"], "name"])
def test_a_select_that_is_not_field_true_is_invalid(raw: object) -> None:
    with pytest.raises(InvalidRequest):
        parse_select(STATE, raw)


def test_the_default_sort_is_newest_first_then_by_id() -> None:
    assert parse_sort(STATE, None) == DEFAULT_ORDER


def test_an_empty_sort_is_the_default_sort() -> None:
    assert parse_sort(STATE, {}) == DEFAULT_ORDER


@pytest.mark.parametrize(
    ("direction", "descending"), [(1, False), (-1, True), ("ASC", False), ("DESC", True)]
)
def test_sort_directions(direction: object, descending: bool) -> None:
    # The id tie-breaker follows the last key's direction (one index, read either way).
    assert parse_sort(STATE, {"name": direction}) == (("name", descending), ("id", descending))


def test_sort_keys_keep_their_order() -> None:
    assert parse_sort(STATE, {"order": -1, "name": 1}) == (
        ("order_no", True),
        ("name", False),
        ("id", False),
    )


def test_sorting_by_id_adds_no_second_id_key() -> None:
    assert parse_sort(STATE, {"_id": -1}) == (("id", True),)


@pytest.mark.parametrize("direction", [0, 2, "up", True, 1.0, None])
def test_an_unknown_sort_direction_is_invalid(direction: object) -> None:
    with pytest.raises(InvalidRequest):
        parse_sort(STATE, {"name": direction})


@pytest.mark.parametrize("raw", [{"rank": 1}, {"createdByUser": 1}, {"project": 1}, ["name"]])
def test_sorting_by_an_unknown_or_unsortable_field_is_invalid(raw: object) -> None:
    with pytest.raises(InvalidRequest):
        parse_sort(STATE, raw)


def test_paging_defaults_to_skip_zero_and_limit_ten() -> None:
    assert parse_paging(None, None) == (0, 10)


def test_paging_reads_whole_numbers_given_as_text() -> None:
    assert parse_paging("5", "20") == (5, 20)


@pytest.mark.parametrize("limit", [1, 100])
def test_limits_from_one_to_a_hundred_are_accepted(limit: int) -> None:
    assert parse_paging(0, limit) == (0, limit)


@pytest.mark.parametrize("limit", [0, 101, -1, "0"])
def test_limits_outside_one_to_a_hundred_are_invalid(limit: object) -> None:
    with pytest.raises(InvalidRequest, match="limit"):
        parse_paging(0, limit)


@pytest.mark.parametrize("skip", [-1, "-3"])
def test_a_negative_skip_is_invalid(skip: object) -> None:
    with pytest.raises(InvalidRequest, match="skip"):
        parse_paging(skip, 10)


@pytest.mark.parametrize("value", [2.5, "abc", True, "1e3", [1]])
def test_paging_values_that_are_not_whole_numbers_are_invalid(value: object) -> None:
    with pytest.raises(InvalidRequest):
        parse_paging(value, 10)


@pytest.mark.parametrize("value", ["--1", "²"])
def test_malformed_numeric_text_is_an_invalid_request(value: str) -> None:
    with pytest.raises(InvalidRequest, match="skip"):
        parse_paging(value, 10)


def test_an_error_repeats_at_most_200_characters_of_the_clients_value() -> None:
    assert len(shown("x" * 5_000)) == 200


def test_an_error_names_the_type_of_a_value_too_deep_to_show() -> None:
    value: object = 1
    for _ in range(100_000):
        value = [value]
    assert shown(value) == "list"


def test_an_includes_list_of_up_to_the_cap_is_taken() -> None:
    values = list(range(QUERY_VALUES_MAX))
    assert len(one({"order": {"_type": "Includes", "value": values}}).values) == QUERY_VALUES_MAX


def test_an_includes_list_past_the_cap_is_refused_naming_the_field() -> None:
    message = rejected({"order": list(range(QUERY_VALUES_MAX + 1))})
    assert message == f"query.order: at most {QUERY_VALUES_MAX} values"


def test_lists_past_the_cap_together_are_refused() -> None:
    half = list(range(QUERY_VALUES_MAX // 2 + 1))
    assert rejected({"order": half, "name": [str(n) for n in half]}).startswith("query: at most")


@pytest.mark.parametrize("name", ["skip", "limit"])
def test_a_whole_number_of_many_digits_is_out_of_range_not_malformed(name: str) -> None:
    paging = {"skip": None, "limit": None, name: "9" * 30}
    with pytest.raises(InvalidRequest) as caught:
        parse_paging(paging["skip"], paging["limit"])
    assert str(caught.value).startswith(f"{name}: must be between")


def test_leading_zeros_do_not_make_a_whole_number_out_of_range() -> None:
    assert parse_paging("0" * 25 + "5", None) == (5, 10)
