"""Moving incidents between states: the dates each state needs or allows, their
order, and the transition each move records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from application.access import Principal
from application.services import Services
from application.times import iso
from domain.errors import InvalidValue
from tests.application.incident_support import (
    at,
    current,
    history,
    move,
    open_incident,
    refs,
    stored,
    types,
    update,
)


def opened(services: Services, who: Principal) -> str:
    """A new incident (impact at 10:00) in the active state."""
    return open_incident(services, who, refs(services, who))


def refusal(services: Services, who: Principal, number: str, status: str, **dates: str) -> str:
    """The field named when this move is refused."""
    with pytest.raises(InvalidValue) as refused:
        move(services, who, number, status, **dates)
    return refused.value.field


@pytest.mark.parametrize(
    ("status", "field"),
    [
        ("investigating", "investigation_date"),
        ("stable", "stable_date"),
        ("resolved", "resolve_date"),
    ],
)
def test_entering_a_dated_state_needs_its_date(
    memory_services: Services, who: Principal, status: str, field: str
) -> None:
    number = opened(memory_services, who)
    assert refusal(memory_services, who, number, status) == field
    assert current(memory_services, who, number)["status"] == "active"


def test_entering_investigating_with_its_date(memory_services: Services, who: Principal) -> None:
    number = opened(memory_services, who)
    incident = move(memory_services, who, number, "investigating", investigation_date=at(11))
    assert incident["status"] == "investigating"
    assert incident["investigation_date"] == stored(11)


def test_a_state_may_be_skipped(memory_services: Services, who: Principal) -> None:
    number = opened(memory_services, who)
    incident = move(memory_services, who, number, "resolved", resolve_date=at(12))
    assert (incident["status"], incident["resolve_date"]) == ("resolved", stored(12))
    assert incident["investigation_date"] is None


def test_earlier_states_dates_may_be_given_with_a_later_state(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    incident = move(
        memory_services, who, number, "stable", investigation_date=at(11), stable_date=at(12)
    )
    assert (incident["investigation_date"], incident["stable_date"]) == (stored(11), stored(12))


@pytest.mark.parametrize(
    ("status", "dates", "field"),
    [
        ("active", {"investigation_date": at(11)}, "investigation_date"),
        ("investigating", {"investigation_date": at(11), "stable_date": at(12)}, "stable_date"),
        ("stable", {"stable_date": at(11), "resolve_date": at(12)}, "resolve_date"),
    ],
)
def test_a_later_states_date_is_refused(
    memory_services: Services, who: Principal, status: str, dates: dict[str, str], field: str
) -> None:
    number = opened(memory_services, who)
    assert refusal(memory_services, who, number, status, **dates) == field


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"investigation_date": at(9), "stable_date": at(13)}, "investigation_date"),
        ({"investigation_date": at(12), "stable_date": at(11)}, "stable_date"),
        ({"stable_date": at(9)}, "stable_date"),
    ],
)
def test_dates_must_not_go_backwards(
    memory_services: Services, who: Principal, dates: dict[str, str], field: str
) -> None:
    number = opened(memory_services, who)
    assert refusal(memory_services, who, number, "stable", **dates) == field


def test_a_resolve_date_before_the_kept_stable_date_is_refused(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    assert refusal(memory_services, who, number, "resolved", resolve_date=at(11)) == (
        "resolve_date"
    )


def test_moving_the_impact_after_a_kept_date_is_refused(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    with pytest.raises(InvalidValue) as refused:
        update(memory_services, who, number, start_impact_date=at(12))
    assert refused.value.field == "investigation_date"


def test_equal_dates_are_accepted(memory_services: Services, who: Principal) -> None:
    number = opened(memory_services, who)
    incident = move(
        memory_services,
        who,
        number,
        "resolved",
        investigation_date=at(10),
        stable_date=at(10),
        resolve_date=at(10),
    )
    assert incident["resolve_date"] == incident["start_impact_date"]


def test_clearing_the_current_states_date_is_refused(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    assert refusal(memory_services, who, number, "stable", stable_date="") == "stable_date"


def test_an_earlier_states_date_may_be_cleared(memory_services: Services, who: Principal) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", investigation_date=at(11), stable_date=at(12))
    incident = update(memory_services, who, number, investigation_date="")
    assert (incident["investigation_date"], incident["stable_date"]) == (None, stored(12))


def test_the_current_states_date_may_be_corrected(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    assert update(memory_services, who, number, stable_date=at(13))["stable_date"] == stored(13)
    assert types(history(memory_services, who, number))[-1] == "Incident.Updated"


def test_a_move_records_the_date_changes_then_the_transition(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    entries = history(memory_services, who, number)
    assert types(entries) == ["Incident.Created", "Incident.Updated", "Incident.Transitioned"]
    assert dict(entries[2].changes) == {"status": {"before": "active", "after": "investigating"}}
    assert entries[2].actor == who.key_id


def test_the_transition_occurs_at_the_targets_given_date(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", investigation_date=at(11), stable_date=at(12))
    assert history(memory_services, who, number)[-1].occurred_at == stored(12)


def test_a_transition_without_a_target_date_occurs_at_the_update(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "resolved", resolve_date=at(12))
    before = iso(datetime.now(UTC))
    move(memory_services, who, number, "active")
    after = iso(datetime.now(UTC))
    moved = history(memory_services, who, number)[-1]
    assert moved.occurred_at is not None
    assert before <= moved.occurred_at <= after


def test_the_transition_keeps_business_and_recorded_time_apart(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    before = iso(datetime.now(UTC))
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    after = iso(datetime.now(UTC))
    moved = history(memory_services, who, number)[-1]
    assert moved.occurred_at == stored(11)
    assert before <= moved.recorded_at <= after


def test_staying_in_the_state_records_no_transition(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    move(memory_services, who, number, "Investigating")
    assert types(history(memory_services, who, number)).count("Incident.Transitioned") == 1


def test_a_custom_state_gives_its_lowercased_name_as_status(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(who, {"name": "Monitoring", "color": "#123456"})
    number = opened(memory_services, who)
    assert move(memory_services, who, number, "monitoring")["status"] == "monitoring"


def test_a_custom_state_after_resolved_allows_the_resolve_date(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(who, {"name": "Monitoring", "color": "#123456"})
    number = opened(memory_services, who)
    incident = move(memory_services, who, number, "Monitoring", resolve_date=at(12))
    assert (incident["status"], incident["resolve_date"]) == ("monitoring", stored(12))


def test_a_custom_state_before_stable_refuses_the_stable_date(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(who, {"name": "Triage", "color": "#123456", "order": 2})
    number = opened(memory_services, who)
    assert refusal(memory_services, who, number, "triage", stable_date=at(12)) == "stable_date"
