"""Errors are {"error": "..."} JSON with a 4xx status; bad input never gets a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    Desk,
    create_incident,
    incident_body,
    listing,
    send,
    try_comment,
    try_create,
    try_update,
    update_body,
)

ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    "",
    " ",
    "\x00",
    "x" * 30_000,
    [],
    ["a"],
    {},
    {"$gt": ""},
)
FIELDS = (
    "scope",
    "service",
    "name",
    "description",
    "external_reference",
    "external_link",
    "severity",
    "start_impact_date",
)
UPDATE_ONLY = ("status", "investigation_date", "stable_date", "resolve_date")


def server_errors(responses: dict[str, Any]) -> dict[str, str]:
    """The responses, by field, that are a server error or lack the error shape."""
    return {
        field: response.text
        for field, response in responses.items()
        if response.status_code >= 500 or not _shaped(response)
    }


def _shaped(response: Any) -> bool:
    return response.status_code < 400 or list(response.json()) == ["error"]


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_odd_create_values_never_cause_a_server_error(desk: Desk, value: Any) -> None:
    responses = {f: try_create(desk, incident_body(desk, **{f: value})) for f in FIELDS}
    assert server_errors(responses) == {}


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_odd_update_values_never_cause_a_server_error(desk: Desk, value: Any) -> None:
    incident = create_incident(desk)
    responses = {
        f: try_update(desk, incident["id"], update_body(incident, **{f: value}))
        for f in FIELDS + UPDATE_ONLY
    }
    assert server_errors(responses) == {}


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_odd_comment_values_never_cause_a_server_error(desk: Desk, value: Any) -> None:
    incident = create_incident(desk)
    responses = {
        f: try_comment(desk, incident["id"], {"comment": "ok", f: value})
        for f in ("comment", "internal")
    }
    assert server_errors(responses) == {}


@pytest.mark.parametrize("value", [None, True, 0, 1.5, [], {}, "x" * 30_000], ids=repr)
def test_odd_values_are_refused_where_the_field_needs_text(desk: Desk, value: Any) -> None:
    for field in ("name", "severity", "start_impact_date"):
        response = try_create(desk, incident_body(desk, **{field: value}))
        assert field in error(response, 400), field


@pytest.mark.parametrize(
    "number", ["0", "99999999999999999999", "1e3", "%00", "abc", " 1", "１"], ids=repr
)
@pytest.mark.parametrize("what", ["", "/comments", "/history", "/timeline"])
def test_odd_incident_ids_are_client_errors(desk: Desk, number: str, what: str) -> None:
    response = send(desk, "GET", f"/incident/{number}{what}")
    assert response.status_code in (400, 404), response.text
    error(response, response.status_code)


@pytest.mark.parametrize(
    "params",
    [
        {"scope": "9" * 30},
        {"impact_before": "9999-99-99T99:99"},
        {"severity": "\x00"},
        {"external_reference": "x" * 5000},
        {"page": "9" * 30},
        {"per_page": "１０"},
    ],
    ids=repr,
)
def test_odd_list_parameters_never_cause_a_server_error(desk: Desk, params: dict[str, str]) -> None:
    assert server_errors({"list": listing(desk, **params)}) == {}


def test_unknown_routes_answer_404_in_the_error_shape(desk: Desk) -> None:
    error(send(desk, "GET", "/incident/1/nothing"), 404)


def test_a_wrong_method_is_a_405_in_the_error_shape(desk: Desk) -> None:
    incident = create_incident(desk)
    error(send(desk, "GET", f"/incident/{incident['id']}/update"), 405)


def test_a_400_names_the_field_at_fault(desk: Desk) -> None:
    message = error(try_create(desk, incident_body(desk, severity="bad")), 400)
    assert "severity" in message
    assert "Traceback" not in message


def test_a_404_says_which_incident(desk: Desk) -> None:
    assert "424242424" in error(send(desk, "GET", "/incident/424242424"), 404)
