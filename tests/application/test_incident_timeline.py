"""An incident's history and timeline as the service returns them."""

from __future__ import annotations

import re

import pytest

from application.access import Principal
from application.services import Services
from application.timeline import Period
from domain.errors import NotFound
from tests.application.incident_support import (
    at,
    history,
    move,
    open_incident,
    refs,
    stored,
    update,
)
from tests.application.support import new_principal, state_named

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def opened(services: Services, who: Principal) -> str:
    """A new incident with its impact at 10:00."""
    return open_incident(services, who, refs(services, who))


def periods(services: Services, who: Principal, number: str) -> tuple[Period, ...]:
    """The incident's timeline."""
    return services.incidents.timeline(who, number)


def test_the_created_entry_holds_the_fields_after_and_nothing_before(
    memory_services: Services, who: Principal
) -> None:
    ids = refs(memory_services, who)
    number = open_incident(memory_services, who, ids, external_reference="R")
    (created,) = history(memory_services, who, number)
    assert created.version == 1
    assert created.changes["scope"] == {"before": None, "after": ids.scope}
    assert created.changes["status"] == {"before": None, "after": "active"}
    assert created.changes["start_impact_date"] == {"before": None, "after": stored(10)}
    assert created.changes["external_reference"] == {"before": None, "after": "R"}


def test_history_versions_count_up_and_times_are_iso(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    entries = history(memory_services, who, number)
    assert [e.version for e in entries] == [1, 2, 3]
    assert all(ISO.match(e.recorded_at) for e in entries)


def test_only_transitions_carry_a_business_time(memory_services: Services, who: Principal) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    assert [e.occurred_at for e in history(memory_services, who, number)] == [
        None,
        None,
        stored(11),
    ]


def test_a_new_incident_has_one_open_period(memory_services: Services, who: Principal) -> None:
    number = opened(memory_services, who)
    assert periods(memory_services, who, number) == (Period("active", stored(10), None, None),)


def test_each_state_gives_a_period_from_its_business_date(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    move(memory_services, who, number, "stable", stable_date=at(11, 30))
    move(memory_services, who, number, "resolved", resolve_date=at(13))
    assert periods(memory_services, who, number) == (
        Period("active", stored(10), stored(11), 3600.0),
        Period("investigating", stored(11), stored(11, 30), 1800.0),
        Period("stable", stored(11, 30), stored(13), 5400.0),
        Period("resolved", stored(13), None, None),
    )


def test_a_move_giving_several_dates_adds_one_period(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", investigation_date=at(11), stable_date=at(12))
    assert [p.status for p in periods(memory_services, who, number)] == ["active", "stable"]


def test_a_reopened_incident_has_a_second_period_in_the_earlier_state(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    move(memory_services, who, number, "resolved", resolve_date=at(12))
    move(memory_services, who, number, "investigating")
    statuses = [p.status for p in periods(memory_services, who, number)]
    assert statuses == ["active", "investigating", "resolved", "investigating"]
    assert periods(memory_services, who, number)[-1].ended_at is None


def test_correcting_the_current_date_moves_the_current_start(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    update(memory_services, who, number, stable_date=at(11))
    assert periods(memory_services, who, number)[-1] == Period("stable", stored(11), None, None)
    assert periods(memory_services, who, number)[0].duration_seconds == 3600.0


def test_correcting_the_impact_moves_the_first_start(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    update(memory_services, who, number, start_impact_date=at(9))
    assert periods(memory_services, who, number) == (Period("active", stored(9), None, None),)


def test_correcting_the_impact_after_moving_on_moves_the_first_start(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    move(memory_services, who, number, "investigating", investigation_date=at(11))
    update(memory_services, who, number, start_impact_date=at(9))
    assert periods(memory_services, who, number)[0] == Period(
        "active", stored(9), stored(11), 7200.0
    )


def test_the_timeline_of_another_projects_incident_is_not_found(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    with pytest.raises(NotFound):
        periods(memory_services, new_principal(memory_services, "Other"), number)


def test_a_renamed_state_renames_its_incidents_status(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    other = opened(memory_services, who)
    move(memory_services, who, number, "stable", stable_date=at(12))
    stable = str(state_named(memory_services, who, "Stable")["_id"])
    memory_services.incident_states.update(who, stable, {"name": "Contained"})
    assert memory_services.incidents.get(who, number)["status"] == "contained"
    assert memory_services.incidents.get(who, other)["status"] == "active"


def test_a_renamed_status_can_be_filtered_and_moved_to(
    memory_services: Services, who: Principal
) -> None:
    number = opened(memory_services, who)
    stable = str(state_named(memory_services, who, "Stable")["_id"])
    memory_services.incident_states.update(who, stable, {"name": "Contained"})
    move(memory_services, who, number, "Contained", stable_date=at(12))
    page = memory_services.incidents.list(who, {"status": "contained"}, None, None)
    assert [str(i["id"]) for i in page.items] == [number]
