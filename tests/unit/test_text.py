"""Rules every stored text obeys: no NUL, no lone surrogate, bounded length."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.text import check_text


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
