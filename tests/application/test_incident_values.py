"""Checks of incident payloads, JSON or form values: required fields, dates,
links, integers and flags; every problem names its field."""

from __future__ import annotations

from typing import Any

import pytest

from application.incident_values import (
    CREATE_REQUIRED,
    UPDATE_REQUIRED,
    check_incident,
    check_link,
    flag,
    instant,
    whole_number,
)
from domain.errors import InvalidValue

VALID: dict[str, Any] = {
    "scope": 1,
    "service": 2,
    "name": "Checkout down",
    "severity": "high",
    "start_impact_date": "2026-01-01T10:00",
}


def refused_field(values: dict[str, Any], required: tuple[str, ...] = CREATE_REQUIRED) -> str:
    """The field named by the InvalidValue the values raise."""
    with pytest.raises(InvalidValue) as refused:
        check_incident(values, required)
    return refused.value.field


def test_valid_values_come_back_under_domain_names() -> None:
    checked = check_incident(VALID, CREATE_REQUIRED)
    assert checked["scope_id"] == 1
    assert checked["service_id"] == 2
    assert "scope" not in checked


@pytest.mark.parametrize("missing", CREATE_REQUIRED)
def test_a_missing_required_field_is_named(missing: str) -> None:
    values = {k: v for k, v in VALID.items() if k != missing}
    assert refused_field(values) == missing


@pytest.mark.parametrize("missing", UPDATE_REQUIRED)
def test_a_blank_required_update_field_is_named(missing: str) -> None:
    values = {**VALID, "status": "active", missing: "  "}
    assert refused_field(values, UPDATE_REQUIRED) == missing


def test_the_update_requires_the_status_too() -> None:
    assert set(UPDATE_REQUIRED) == {*CREATE_REQUIRED, "status"}


def test_an_unknown_field_is_refused_naming_it() -> None:
    assert refused_field({**VALID, "priority": "p1"}) == "priority"


def test_a_left_out_optional_field_stays_absent() -> None:
    checked = check_incident(VALID, CREATE_REQUIRED)
    assert "description" not in checked
    assert "investigation_date" not in checked


@pytest.mark.parametrize(
    "field", ["description", "external_reference", "external_link", "investigation_date"]
)
def test_an_empty_optional_field_means_clear_it(field: str) -> None:
    assert check_incident({**VALID, field: ""}, CREATE_REQUIRED)[field] is None


def test_form_integers_arrive_as_strings() -> None:
    checked = check_incident({**VALID, "scope": "12", "service": " 7 "}, CREATE_REQUIRED)
    assert (checked["scope_id"], checked["service_id"]) == (12, 7)


def test_the_severity_is_lowercased_and_trimmed() -> None:
    assert check_incident({**VALID, "severity": " Critical "}, CREATE_REQUIRED)["severity"] == (
        "critical"
    )


def test_an_unknown_severity_is_refused_naming_severity() -> None:
    assert refused_field({**VALID, "severity": "urgent"}) == "severity"


def test_the_status_is_lowercased() -> None:
    checked = check_incident({**VALID, "status": "Investigating"}, UPDATE_REQUIRED)
    assert checked["status"] == "investigating"


def test_the_name_is_trimmed() -> None:
    assert check_incident({**VALID, "name": "  Down  "}, CREATE_REQUIRED)["name"] == "Down"


def test_a_description_keeps_its_whitespace() -> None:
    checked = check_incident({**VALID, "description": "  line\n"}, CREATE_REQUIRED)
    assert checked["description"] == "  line\n"


@pytest.mark.parametrize("field", ["name", "description", "external_reference"])
def test_a_nul_character_is_refused_naming_the_field(field: str) -> None:
    assert refused_field({**VALID, field: "a\x00b"}) == field


def test_a_name_over_255_characters_is_refused() -> None:
    assert refused_field({**VALID, "name": "n" * 256}) == "name"
    assert check_incident({**VALID, "name": "n" * 255}, CREATE_REQUIRED)["name"] == "n" * 255


def test_a_text_field_given_as_a_number_is_refused_naming_it() -> None:
    assert refused_field({**VALID, "name": 12}) == "name"


def test_a_minute_date_is_read_as_utc() -> None:
    assert instant("d", "2026-11-22T05:27") == "2026-11-22T05:27:00.000000Z"


def test_a_full_date_with_an_offset_is_returned_in_utc() -> None:
    assert instant("d", "2026-11-22T07:27:52+02:00") == "2026-11-22T05:27:52.000000Z"


def test_a_date_with_z_is_utc() -> None:
    assert instant("d", "2026-11-22T05:27:52Z") == "2026-11-22T05:27:52.000000Z"


@pytest.mark.parametrize(
    "value", ["2026-11-22", "22/11/2026 05:27", "2026-13-01T00:00", "soon", 1_700_000_000]
)
def test_other_date_forms_are_refused_naming_the_field(value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        instant("stable_date", value)
    assert refused.value.field == "stable_date"


@pytest.mark.parametrize("value", ["9999-12-31T23:59-05:00", "0001-01-01T00:00+05:00"])
def test_a_date_out_of_range_in_utc_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        instant("start_impact_date", value)
    assert refused.value.field == "start_impact_date"


def test_an_early_year_is_returned_as_iso_8601() -> None:
    assert instant("d", "0999-01-01T00:00") == "0999-01-01T00:00:00.000000Z"


@pytest.mark.parametrize("url", ["http://status.example.com", "https://x.example/a?b=c"])
def test_http_and_https_links_are_accepted(url: str) -> None:
    assert check_incident({**VALID, "external_link": url}, CREATE_REQUIRED)["external_link"] == url


@pytest.mark.parametrize(
    "url", ["ftp://example.com", "javascript:alert(1)", "example.com", "https://", "http://a b"]
)
def test_other_links_are_refused_naming_external_link(url: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_link(url)
    assert refused.value.field == "external_link"


@pytest.mark.parametrize(("value", "number"), [(0, 0), (5, 5), ("5", 5), (2**63 - 1, 2**63 - 1)])
def test_whole_numbers_are_accepted(value: object, number: int) -> None:
    assert whole_number("scope", value) == number


@pytest.mark.parametrize("value", [2**63, -1, 10**20])
def test_an_integer_out_of_range_is_refused_naming_the_field(value: int) -> None:
    with pytest.raises(InvalidValue) as refused:
        whole_number("scope", value)
    assert refused.value.field == "scope"


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "1.5", "x", "", 1.0, True, None])
def test_other_numbers_are_refused_naming_the_field(value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        whole_number("service", value)
    assert refused.value.field == "service"


@pytest.mark.parametrize(
    ("value", "result"),
    [(0, False), (1, True), (True, True), (False, False), ("1", True), ("false", False)],
)
def test_flags_take_0_1_true_and_false(value: object, result: bool) -> None:
    assert flag("internal", value) is result


@pytest.mark.parametrize("value", [2, "yes", "", None])
def test_other_flags_are_refused_naming_the_field(value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        flag("internal", value)
    assert refused.value.field == "internal"
