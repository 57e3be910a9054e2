"""Reopening: moving an incident back to an earlier state clears the later
states' dates in the read model, never in the history."""

from __future__ import annotations

import pytest

from application.access import Principal
from application.services import Services
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
)


def resolved(services: Services, who: Principal) -> str:
    """An incident resolved with every date set (10, 11, 12, 13 o'clock)."""
    number = open_incident(services, who, refs(services, who))
    move(
        services,
        who,
        number,
        "resolved",
        investigation_date=at(11),
        stable_date=at(12),
        resolve_date=at(13),
    )
    return number


def dates(services: Services, who: Principal, number: str) -> tuple[object, ...]:
    """The incident's four business dates."""
    now = current(services, who, number)
    return (
        now["start_impact_date"],
        now["investigation_date"],
        now["stable_date"],
        now["resolve_date"],
    )


def test_reopening_is_allowed_and_recorded(memory_services: Services, who: Principal) -> None:
    number = resolved(memory_services, who)
    assert move(memory_services, who, number, "investigating")["status"] == "investigating"
    last = history(memory_services, who, number)[-1]
    assert last.type == "Incident.Transitioned"
    assert last.changes["status"] == {"before": "resolved", "after": "investigating"}


def test_reopening_to_investigating_clears_the_later_dates(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "investigating")
    assert dates(memory_services, who, number) == (stored(10), stored(11), None, None)


def test_reopening_to_active_clears_every_state_date(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "active")
    assert dates(memory_services, who, number) == (stored(10), None, None, None)


def test_reopening_to_stable_clears_only_the_resolve_date(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "stable")
    assert dates(memory_services, who, number) == (stored(10), stored(11), stored(12), None)


def test_the_transition_shows_the_cleared_dates_going_to_null(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "investigating")
    assert dict(history(memory_services, who, number)[-1].changes) == {
        "status": {"before": "resolved", "after": "investigating"},
        "stable_date": {"before": stored(12), "after": None},
        "resolve_date": {"before": stored(13), "after": None},
    }


def test_the_history_keeps_the_old_dates(memory_services: Services, who: Principal) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "active")
    set_dates = history(memory_services, who, number)[1]
    assert set_dates.type == "Incident.Updated"
    assert set_dates.changes["resolve_date"] == {"before": None, "after": stored(13)}
    assert set_dates.changes["stable_date"] == {"before": None, "after": stored(12)}


def test_reopening_records_no_updated_event_for_the_cleared_dates(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "stable")
    assert types(history(memory_services, who, number)) == [
        "Incident.Created",
        "Incident.Updated",
        "Incident.Transitioned",
        "Incident.Transitioned",
    ]


def test_a_later_states_date_given_while_reopening_is_refused(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    with pytest.raises(InvalidValue) as refused:
        move(memory_services, who, number, "investigating", resolve_date=at(13))
    assert refused.value.field == "resolve_date"
    assert current(memory_services, who, number)["status"] == "resolved"


def test_a_later_states_date_given_empty_while_reopening_is_cleared(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "investigating", stable_date="", resolve_date="")
    assert dates(memory_services, who, number) == (stored(10), stored(11), None, None)


def test_an_earlier_date_may_be_corrected_while_reopening(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    incident = move(memory_services, who, number, "investigating", investigation_date=at(10, 30))
    assert (incident["investigation_date"], incident["stable_date"]) == (stored(10, 30), None)
    assert history(memory_services, who, number)[-1].occurred_at == stored(10, 30)


def test_a_reopened_incident_needs_the_date_again_to_move_on(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "investigating")
    with pytest.raises(InvalidValue) as refused:
        move(memory_services, who, number, "resolved")
    assert refused.value.field == "resolve_date"


def test_a_reopened_incident_may_take_a_new_later_date(
    memory_services: Services, who: Principal
) -> None:
    number = resolved(memory_services, who)
    move(memory_services, who, number, "active")
    move(memory_services, who, number, "resolved", resolve_date=at(15))
    assert dates(memory_services, who, number) == (stored(10), None, None, stored(15))


def test_a_custom_state_before_resolved_clears_only_the_resolve_date(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(
        who, {"name": "Monitoring", "color": "#123456", "order": 4}
    )
    number = resolved(memory_services, who)
    assert move(memory_services, who, number, "monitoring")["status"] == "monitoring"
    assert dates(memory_services, who, number) == (stored(10), stored(11), stored(12), None)


def test_moving_on_to_a_state_after_resolved_clears_nothing(
    memory_services: Services, who: Principal
) -> None:
    memory_services.incident_states.create(who, {"name": "Postmortem", "color": "#123456"})
    number = resolved(memory_services, who)
    move(memory_services, who, number, "postmortem")
    assert dates(memory_services, who, number) == (stored(10), stored(11), stored(12), stored(13))
