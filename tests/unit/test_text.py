"""Rules every stored text obeys: no NUL, no lone surrogate, bounded length."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.text import check_text, nested_within


def test_ordinary_text_is_returned_unchanged() -> None:
    assert check_text("name", " Zürich ☃ ", 20) == " Zürich ☃ "


def test_a_nul_character_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_text("description", "a\x00b", 20)
    assert refused.value.field == "description"
    assert "NUL" in str(refused.value)


def test_a_lone_surrogate_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_text("name", "a\ud800b", 20)
    assert refused.value.field == "name"


def test_text_of_the_maximum_length_is_accepted() -> None:
    assert check_text("name", "x" * 5, 5) == "x" * 5


def test_text_one_character_too_long_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_text("name", "x" * 6, 5)
    assert refused.value.field == "name"
    assert "at most 5" in str(refused.value)


def nest(depth: int) -> object:
    """A JSON value whose arrays and objects nest depth deep."""
    value: object = 1
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


@pytest.mark.parametrize(("depth", "within"), [(0, True), (3, True), (32, True), (33, False)])
def test_nesting_is_measured_in_arrays_and_objects(depth: int, within: bool) -> None:
    assert nested_within(nest(depth), 32) is within


def test_nesting_far_past_the_interpreters_recursion_limit_is_measured() -> None:
    assert nested_within(nest(100_000), 32) is False
