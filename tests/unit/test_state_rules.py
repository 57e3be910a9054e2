"""Value rules of an incident state: name, colour, slug, order and slug making."""

from __future__ import annotations

import re

import pytest

from domain.errors import InvalidValue
from domain.state_rules import (
    check_color,
    check_created_by_user,
    check_name,
    check_order,
    check_slug,
    name_key,
    numbered_slug,
    slugify,
)

SLUG_SHAPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_a_name_is_trimmed() -> None:
    assert check_name("  Investigating \t") == "Investigating"


def test_an_empty_name_is_invalid() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_name("")
    assert caught.value.field == "name"


def test_a_blank_name_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_name("   \n ")


def test_a_name_of_one_character_is_accepted() -> None:
    assert check_name("x") == "x"


def test_a_name_of_exactly_100_characters_is_accepted() -> None:
    assert check_name("n" * 100) == "n" * 100


def test_a_name_of_101_characters_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_name("n" * 101)


def test_the_100_character_limit_applies_after_trimming() -> None:
    assert check_name("  " + "n" * 100 + "  ") == "n" * 100


def test_names_differing_only_in_case_and_padding_share_a_key() -> None:
    assert name_key(" Stable ") == name_key("STABLE") == name_key("stable")


def test_different_names_have_different_keys() -> None:
    assert name_key("Stable") != name_key("Stabler")


@pytest.mark.parametrize("color", ["#32a852", "#3ad", "#ABCDEF", "#FfF", "#000000"])
def test_hex_colours_of_three_or_six_digits_are_accepted(color: str) -> None:
    assert check_color(color) == color


@pytest.mark.parametrize(
    "color", ["", "#", "32a852", "#32a85", "#32a8521", "#ggg", "#abcd", "red", "# abc", " #abc"]
)
def test_colours_that_are_not_hex_rgb_are_invalid(color: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_color(color)
    assert caught.value.field == "color"


def test_a_colour_followed_by_a_newline_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_color("#abc\n")


@pytest.mark.parametrize("slug", ["a", "active", "on-call-2", "a1-b2-c3", "x" * 100])
def test_slugs_of_the_slug_shape_are_accepted(slug: str) -> None:
    assert check_slug(slug) == slug


@pytest.mark.parametrize(
    "slug", ["", "-a", "a-", "a--b", "Active", "on call", "a_b", "a.b", "ä", "x" * 101]
)
def test_slugs_not_of_the_slug_shape_are_invalid(slug: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_slug(slug)
    assert caught.value.field == "slug"


def test_a_slug_followed_by_a_newline_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_slug("active\n")


@pytest.mark.parametrize("order", [1, 2, 1000])
def test_positive_orders_are_accepted(order: int) -> None:
    assert check_order(order) == order


@pytest.mark.parametrize("order", [0, -1, -100])
def test_orders_below_one_are_invalid(order: int) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_order(order)
    assert caught.value.field == "order"


def test_a_boolean_order_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_order(True)


def test_a_fractional_order_is_invalid() -> None:
    with pytest.raises(InvalidValue):
        check_order(2.5)  # type: ignore[arg-type]


def test_slugify_lowercases_the_name() -> None:
    assert slugify("Investigating") == "investigating"


def test_slugify_turns_runs_of_other_characters_into_one_dash() -> None:
    assert slugify("On   call / paged!!  now") == "on-call-paged-now"


def test_slugify_keeps_digits() -> None:
    assert slugify("Tier 2 Escalation") == "tier-2-escalation"


def test_slugify_drops_leading_and_trailing_separators() -> None:
    assert slugify("  -- Stable -- ") == "stable"


def test_slugify_folds_accented_letters_to_ascii() -> None:
    assert slugify("Café Élevé") == "cafe-eleve"


def test_slugify_cuts_long_names_to_100_characters() -> None:
    assert slugify("a" * 150) == "a" * 100


def test_slugify_never_ends_a_cut_slug_with_a_dash() -> None:
    slug = slugify("a" * 99 + " b")
    assert slug == "a" * 99
    assert SLUG_SHAPE.match(slug)


def test_slugify_of_a_name_without_letters_or_digits_is_still_a_valid_slug() -> None:
    assert SLUG_SHAPE.match(slugify("!!! ???"))


def test_the_first_numbered_slug_is_the_base_itself() -> None:
    assert numbered_slug("active", 1) == "active"


def test_later_numbered_slugs_get_a_number_suffix() -> None:
    assert [numbered_slug("active", n) for n in (2, 3, 10)] == [
        "active-2",
        "active-3",
        "active-10",
    ]


def test_numbered_slugs_of_a_long_base_stay_within_100_characters() -> None:
    slug = numbered_slug("a" * 100, 12)
    assert slug == "a" * 97 + "-12"
    assert len(slug) == 100


def test_numbered_slugs_cut_before_a_dash_keep_the_slug_shape() -> None:
    slug = numbered_slug("a" * 97 + "-bc", 2)
    assert len(slug) <= 100
    assert SLUG_SHAPE.match(slug)


def test_a_name_far_too_long_is_refused_naming_the_100_character_limit() -> None:
    with pytest.raises(InvalidValue, match="at most 100 characters"):
        check_name("x" * 5_000)


@pytest.mark.parametrize(
    "value", ["Ada", {"name": "Ada", "roles": ["owner", 1, 2.5, None, True]}, [], 7]
)
def test_created_by_user_takes_any_json_value(value: object) -> None:
    assert check_created_by_user(value) == value


@pytest.mark.parametrize(
    "value",
    ["\ud800", {"\udc00": 1}, {"name": ["\ud800b"]}, float("inf"), {"n": float("nan")}],
    ids=["surrogate", "surrogate-key", "nested", "inf", "nan"],
)
def test_created_by_user_keeps_to_the_rules_of_stored_text(value: object) -> None:
    with pytest.raises(InvalidValue, match="createdByUser"):
        check_created_by_user(value)


def test_created_by_user_keeps_a_nul_character_as_given() -> None:
    assert check_created_by_user({"name": "a\x00b"}) == {"name": "a\x00b"}


def test_created_by_user_is_at_most_20000_characters_as_json() -> None:
    with pytest.raises(InvalidValue, match="20000"):
        check_created_by_user({"name": "x" * 20_000})


def test_created_by_user_nesting_past_32_levels_is_refused() -> None:
    value: object = "deep"
    for _ in range(33):
        value = [value]
    with pytest.raises(InvalidValue, match="32 levels"):
        check_created_by_user(value)


def test_created_by_user_of_exactly_20000_compact_characters_is_accepted() -> None:
    value = {"n": "x" * (20_000 - len('{"n":""}'))}
    assert check_created_by_user(value) == value
