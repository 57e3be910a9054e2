"""Input a new user may well send: the seed's id in the body, ids no incident can
have, NUL in filters, odd types and bytes; and what history and timeline tell."""

from __future__ import annotations

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    Desk,
    comment,
    create_incident,
    history,
    listing,
    send,
    timeline,
    try_comment,
    try_update,
    update_body,
    update_incident,
)


@pytest.mark.parametrize("form", [False, True], ids=["json", "form"])
def test_an_update_may_repeat_the_paths_id_in_its_body(desk: Desk, form: bool) -> None:
    incident = create_incident(desk)
    body = update_body(incident, id=incident["id"], name="Renamed")
    response = try_update(desk, incident["id"], body, form=form)
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Renamed"


def test_an_update_naming_another_incident_in_its_body_is_refused(desk: Desk) -> None:
    incident, other = create_incident(desk), create_incident(desk)
    response = try_update(desk, incident["id"], update_body(incident, id=other["id"]))
    assert "id" in error(response, 400)


def test_a_comment_may_repeat_the_paths_id_in_its_body(desk: Desk) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"id": incident["id"], "comment": "on it"})
    assert response.status_code == 201, response.text


def test_a_comment_with_an_unknown_field_is_refused_naming_it(desk: Desk) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"comment": "on it", "extra": 1})
    assert "extra" in error(response, 400)


def test_a_comment_that_is_no_string_is_refused_as_such(desk: Desk) -> None:
    incident = create_incident(desk)
    response = try_comment(desk, incident["id"], {"comment": 123})
    assert "must be a string" in error(response, 400)


@pytest.mark.parametrize("number", ["-1", str(2**63), "9" * 25])
@pytest.mark.parametrize("what", ["", "/comments", "/history", "/timeline"])
def test_an_id_no_incident_can_have_is_not_found(desk: Desk, number: str, what: str) -> None:
    error(send(desk, "GET", f"/incident/{number}{what}"), 404)


@pytest.mark.parametrize("kind", ["scope", "service"])
def test_a_catalog_id_no_item_can_have_is_not_found(desk: Desk, kind: str) -> None:
    error(send(desk, "GET", f"/{kind}/{2**63}"), 404)


def test_a_comment_naming_another_incident_in_its_body_is_refused(desk: Desk) -> None:
    incident, other = create_incident(desk), create_incident(desk)
    response = try_comment(desk, incident["id"], {"id": other["id"], "comment": "on it"})
    assert "id" in error(response, 400)


def test_a_form_comment_may_repeat_the_paths_id(desk: Desk) -> None:
    incident = create_incident(desk)
    body = {"id": incident["id"], "comment": "on it", "internal": "0"}
    assert try_comment(desk, incident["id"], body, form=True).status_code == 201


@pytest.mark.parametrize("kind", ["scope", "service"])
def test_a_catalog_update_may_repeat_the_paths_id_in_its_body(desk: Desk, kind: str) -> None:
    number = desk.scope if kind == "scope" else desk.service
    response = send(desk, "POST", f"/{kind}/{number}/update", {"id": number, "name": "Renamed"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("kind", ["scope", "service"])
def test_a_catalog_name_that_is_no_string_is_refused_as_such(desk: Desk, kind: str) -> None:
    response = send(desk, "POST", f"/{kind}/create", {"name": 5})
    assert "name: must be a string" in error(response, 400)


@pytest.mark.parametrize("number", ["-1", str(2**63), "9" * 40])
@pytest.mark.parametrize("what", ["update", "comment", "delete"])
def test_a_write_to_an_id_no_incident_can_have_is_not_found(
    desk: Desk, number: str, what: str
) -> None:
    error(send(desk, "POST", f"/incident/{number}/{what}", {"comment": "x"}), 404)


@pytest.mark.parametrize("number", ["-1", "9" * 40])
@pytest.mark.parametrize("kind", ["scope", "service"])
def test_every_catalog_call_on_an_id_no_item_can_have_is_not_found(
    desk: Desk, kind: str, number: str
) -> None:
    error(send(desk, "POST", f"/{kind}/{number}/update", {"name": "x"}), 404)
    error(send(desk, "POST", f"/{kind}/{number}/delete"), 404)


def test_a_page_past_any_offset_is_refused_naming_page(desk: Desk) -> None:
    assert "page" in error(listing(desk, page=str(2**62), per_page="100"), 400)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"per_page": "9" * 40}, "per_page: must be between 1 and 100"),
        ({"page": "-" + "9" * 40}, "page: must be 1 or more"),
    ],
)
def test_huge_paging_values_get_the_ranges_message(
    desk: Desk, params: dict[str, str], message: str
) -> None:
    assert message in error(listing(desk, **params), 400)


def test_an_unknown_field_that_is_a_lone_surrogate_is_a_client_error(desk: Desk) -> None:
    incident = create_incident(desk)
    headers = {**desk.headers, "Content-Type": "application/json"}
    body = b'{"comment": "x", "\\ud800": 1}'
    response = desk.client.post(
        f"/incident/{incident['id']}/comment", content=body, headers=headers
    )
    error(response, 400)


@pytest.mark.parametrize("name", ["status", "external_reference"])
def test_a_filter_with_a_nul_character_is_refused_naming_it(desk: Desk, name: str) -> None:
    assert name in error(listing(desk, **{name: "a\x00b"}), 400)


def test_a_negative_page_is_refused_as_below_one(desk: Desk) -> None:
    assert "page: must be 1 or more" in error(listing(desk, page="-1"), 400)


def test_a_form_body_that_is_not_utf8_is_refused(desk: Desk) -> None:
    headers = {**desk.headers, "Content-Type": "application/x-www-form-urlencoded"}
    for name in (b"\xff\xfe", b"%FF%FE"):
        body = b"scope=1&service=1&severity=high&start_impact_date=2026-11-01T08:00&name=" + name
        response = desk.client.post("/incident/create", content=body, headers=headers)
        assert "UTF-8" in error(response, 400)


def test_a_comments_history_entry_names_the_comment(desk: Desk) -> None:
    incident = create_incident(desk)
    added = comment(desk, incident["id"], "looking", internal=1)
    changes = history(desk, incident["id"])[-1]["changes"]
    assert changes["comment_id"]["after"] == added["id"]
    assert changes["comment"]["after"] == "looking"


def test_a_reopen_dated_before_the_resolution_gives_no_negative_duration(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2026-11-20T10:00")
    update_incident(desk, incident, status="resolved", resolve_date="2026-11-20T15:00")
    update_incident(desk, incident, status="investigating", investigation_date="2026-11-20T11:00")
    periods = timeline(desk, incident["id"])
    assert [p["status"] for p in periods] == ["active", "resolved", "investigating"]
    assert [p["duration_seconds"] for p in periods] == [18000.0, 0.0, None]


def test_a_reopen_with_a_later_date_keeps_the_first_stay_in_that_state(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2026-11-20T10:00")
    for status, field, hour in [
        ("investigating", "investigation_date", 11),
        ("stable", "stable_date", 12),
        ("resolved", "resolve_date", 13),
        ("investigating", "investigation_date", 16),
    ]:
        update_incident(desk, incident, status=status, **{field: f"2026-11-20T{hour}:00"})
    periods = timeline(desk, incident["id"])
    assert [(p["status"], p["started_at"][11:16]) for p in periods] == [
        ("active", "10:00"),
        ("investigating", "11:00"),
        ("stable", "12:00"),
        ("resolved", "13:00"),
        ("investigating", "16:00"),
    ]


def test_a_reopen_that_echoes_the_stored_date_is_dated_when_recorded(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2026-11-20T10:00")
    dates = {"investigation_date": "2026-11-20T11:00", "resolve_date": "2026-11-20T13:00"}
    update_incident(desk, incident, status="investigating", **dates | {"resolve_date": ""})
    update_incident(desk, incident, status="resolved", **dates)
    reopened = update_incident(
        desk, incident, status="investigating", **dates | {"resolve_date": ""}
    )
    last = history(desk, incident["id"])[-1]
    assert last["type"] == "Incident.Transitioned"
    assert last["occurred_at"] >= reopened["updated_at"][:19]


def test_a_body_nested_past_64_levels_is_refused(desk: Desk) -> None:
    headers = {**desk.headers, "Content-Type": "application/json"}
    body = '{"name": ' + "[" * 982 + "]" * 982 + "}"
    response = desk.client.post("/incident/create", content=body.encode(), headers=headers)
    assert "nested" in error(response, 400)


def test_a_body_past_one_mebibyte_is_refused_as_too_large(desk: Desk) -> None:
    headers = {**desk.headers, "Content-Type": "application/json"}
    body = b'{"description": "' + b"x" * (1024 * 1024) + b'"}'
    response = desk.client.post("/incident/create", content=body, headers=headers)
    assert "larger than" in error(response, 413)
