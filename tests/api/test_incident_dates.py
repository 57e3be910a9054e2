"""Business dates: formats, the date each status needs, which dates are allowed, order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.api.helpers import error
from tests.api.incident_helpers import (
    DATE_FIELDS,
    ENTRY_DATE,
    INVESTIGATED,
    RESOLVED,
    STABLE,
    START,
    WALK,
    Desk,
    at,
    create_incident,
    get_incident,
    history,
    incident_body,
    move_to,
    new_in,
    try_create,
    try_update,
    update_body,
    update_incident,
    utc,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-06T07:08", datetime(2024, 5, 6, 7, 8, tzinfo=UTC)),
        ("2024-05-06T07:08:09Z", datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
        ("2024-05-06T07:08:09+00:00", datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
        ("2024-05-06T09:08:09+02:00", datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
        ("2024-05-06T02:08:09-05:00", datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
    ],
)
def test_dates_are_accepted_and_returned_in_utc(desk: Desk, text: str, expected: datetime) -> None:
    incident = create_incident(desk, start_impact_date=text)
    assert at(incident["start_impact_date"]) == expected


def test_returned_dates_are_iso_8601_text(desk: Desk) -> None:
    incident = create_incident(desk)
    value = incident["start_impact_date"]
    assert value.startswith("2024-03-01T10:00")
    assert value.endswith(("Z", "+00:00"))


@pytest.mark.parametrize(
    "text",
    ["yesterday", "2024-13-01T00:00", "2024-02-30T10:00", "01/03/2024 10:00", "2024-03-01T25:00"],
)
def test_an_unreadable_date_is_a_400_naming_the_field(desk: Desk, text: str) -> None:
    response = try_create(desk, incident_body(desk, start_impact_date=text))
    assert "start_impact_date" in error(response, 400)


@pytest.mark.parametrize("value", [20240301, True, ["2024-03-01T10:00"], {"d": 1}])
def test_a_date_that_is_not_text_is_a_400(desk: Desk, value: object) -> None:
    response = try_create(desk, incident_body(desk, start_impact_date=value))
    assert "start_impact_date" in error(response, 400)


@pytest.mark.parametrize("status", ["investigating", "stable", "resolved"])
def test_entering_a_dated_status_without_its_date_is_a_400(desk: Desk, status: str) -> None:
    incident = create_incident(desk)
    dates = {k: v for k, v in WALK[status].items() if k != ENTRY_DATE[status]}
    body = update_body(incident, status=status, **dates)
    assert ENTRY_DATE[status] in error(try_update(desk, incident["id"], body), 400)
    assert get_incident(desk, incident["id"])["status"] == "active"


@pytest.mark.parametrize("status", ["investigating", "stable", "resolved"])
def test_entering_a_dated_status_with_a_blank_date_is_a_400(desk: Desk, status: str) -> None:
    incident = create_incident(desk)
    body = update_body(incident, status=status, **{ENTRY_DATE[status]: ""})
    assert ENTRY_DATE[status] in error(try_update(desk, incident["id"], body), 400)


@pytest.mark.parametrize("status", ["investigating", "stable", "resolved"])
def test_entering_a_dated_status_with_its_date_sets_both(desk: Desk, status: str) -> None:
    incident = new_in(desk, status)
    assert incident["status"] == status
    for field, value in WALK[status].items():
        assert at(incident[field]) == utc(value)


def test_resolving_directly_from_active_needs_only_the_resolve_date(desk: Desk) -> None:
    incident = create_incident(desk)
    updated = update_incident(desk, incident, status="resolved", resolve_date=RESOLVED)
    assert updated["status"] == "resolved"
    assert (updated["investigation_date"], updated["stable_date"]) == (None, None)


@pytest.mark.parametrize(
    ("status", "field"),
    [
        ("active", "investigation_date"),
        ("active", "stable_date"),
        ("active", "resolve_date"),
        ("investigating", "stable_date"),
        ("investigating", "resolve_date"),
        ("stable", "resolve_date"),
    ],
)
def test_a_date_of_a_later_state_than_the_target_is_a_400(
    desk: Desk, status: str, field: str
) -> None:
    incident = create_incident(desk)
    body = update_body(incident, status=status, **WALK[status], **{field: RESOLVED})
    assert field in error(try_update(desk, incident["id"], body), 400)
    assert get_incident(desk, incident["id"])[field] is None


@pytest.mark.parametrize("status", ["investigating", "stable", "resolved"])
def test_dates_of_the_target_and_earlier_states_are_allowed(desk: Desk, status: str) -> None:
    incident = create_incident(desk)
    assert update_incident(desk, incident, status=status, **WALK[status])["status"] == status


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("investigation_date", "2024-03-01T09:59"),
        ("stable_date", "2024-03-01T10:59"),
        ("resolve_date", "2024-03-01T11:59"),
    ],
)
def test_a_date_before_the_previous_one_is_a_400(desk: Desk, field: str, value: str) -> None:
    incident = create_incident(desk)
    body = update_body(incident, status="resolved", **{**WALK["resolved"], field: value})
    assert field in error(try_update(desk, incident["id"], body), 400)


def test_a_start_after_a_stored_investigation_date_is_a_400(desk: Desk) -> None:
    incident = new_in(desk, "investigating")
    body = update_body(incident, start_impact_date="2024-03-01T11:30")
    assert "investigation_date" in error(try_update(desk, incident["id"], body), 400)
    assert at(get_incident(desk, incident["id"])["start_impact_date"]) == utc(START)


def test_equal_dates_are_in_order(desk: Desk) -> None:
    incident = create_incident(desk)
    same = {f: START for f in DATE_FIELDS[1:]}
    updated = update_incident(desk, incident, status="resolved", **same)
    assert len({at(updated[f]) for f in DATE_FIELDS}) == 1


def test_the_order_is_checked_in_utc_not_as_written(desk: Desk) -> None:
    incident = create_incident(desk, start_impact_date="2024-03-01T10:00")
    earlier = "2024-03-01T11:00:00+02:00"  # 09:00 UTC
    body = update_body(incident, status="investigating", investigation_date=earlier)
    assert "investigation_date" in error(try_update(desk, incident["id"], body), 400)
    later = "2024-03-01T07:00:00-04:00"  # 11:00 UTC
    updated = update_incident(desk, incident, status="investigating", investigation_date=later)
    assert at(updated["investigation_date"]) == utc(INVESTIGATED)


def test_a_dated_status_keeps_its_date_when_left_out(desk: Desk) -> None:
    incident = new_in(desk, "stable")
    updated = update_incident(desk, incident, severity="low")
    assert at(updated["stable_date"]) == utc(STABLE)
    assert at(updated["investigation_date"]) == utc(INVESTIGATED)


def test_an_earlier_states_date_can_be_corrected(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    updated = update_incident(desk, incident, investigation_date="2024-03-01T10:30")
    assert at(updated["investigation_date"]) == utc("2024-03-01T10:30")
    assert history(desk, incident["id"])[-1]["changes"]["investigation_date"]["after"]


def test_an_empty_earlier_states_date_clears_it(desk: Desk) -> None:
    incident = new_in(desk, "resolved")
    updated = update_incident(desk, incident, investigation_date="")
    assert (updated["status"], updated["investigation_date"]) == ("resolved", None)
    assert at(updated["resolve_date"]) == utc(RESOLVED)


def test_moving_forward_one_state_at_a_time_sets_each_date(desk: Desk) -> None:
    incident = create_incident(desk)
    for status in ("investigating", "stable", "resolved"):
        incident = move_to(desk, incident, status)
    assert [at(incident[f]) for f in DATE_FIELDS] == [
        utc(d) for d in (START, INVESTIGATED, STABLE, RESOLVED)
    ]
