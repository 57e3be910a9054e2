"""An incident's timeline: one period per stay in a state, from the business dates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from application.times import parse_instant
from domain.incident_rules import DATE_FIELDS


@dataclass(frozen=True)
class Period:
    """A stay in one status; the current one has no end."""

    status: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


def state_ids(events: list[Any]) -> set[str]:
    """The states an incident's events entered."""
    return {e.to_state_id if _is_transition(e) else e.state_id for e in events if _enters(e)}


def _enters(event: Any) -> bool:
    return type(event).__name__ in ("Created", "Transitioned")


def timeline(events: list[Any], names: Mapping[str, str]) -> tuple[Period, ...]:
    """Fold the events: a transition starts a period at its business time, and a
    later correction of a state's date moves the start of the latest period in a
    state that took that date when entered (as its transition recorded).

    A period never starts before the one recorded before it: a transition dated
    earlier (a reopen to investigating at 11:00 of an incident resolved at 15:00)
    starts when the previous period started, which then lasts 0 s. Every
    transition keeps its row; the history holds the dates as given. Periods name
    their state as names has it now (state id -> status, as the incident's
    status does), or as it was named when entered if it has since been deleted;
    nothing else of the states as they are now changes a past period."""
    starts: list[list[Any]] = []  # [state_id, status then, started_at, date it took]
    for index, event in enumerate(events):
        kind = type(event).__name__
        if kind == "Created":  # its period moves with start_impact_date only
            starts.append([event.state_id, event.status, event.start_impact_date, None])
        elif kind == "Transitioned":
            starts.append([event.to_state_id, event.to_status, event.occurred_at, event.date_field])
        elif kind == "Updated" and starts:
            _correct(starts, _corrections(event, events[index + 1 : index + 2]))
    named = [(names.get(sid, then), at) for sid, then, at, _ in starts]
    told = _in_time_order(named)
    return tuple(_period(told, i) for i in range(len(told)))


def _corrections(event: Any, following: list[Any]) -> dict[str, Any]:
    """An update's date changes, without the date of the state its own transition
    (recorded right after it) enters: that date starts the new period, it corrects
    no earlier one."""
    entered = following[0].date_field if following and _is_transition(following[0]) else None
    return {
        field: change
        for field, change in event.changes.items()
        if field in DATE_FIELDS and field != entered
    }


def _is_transition(event: Any) -> bool:
    return type(event).__name__ == "Transitioned"


def _correct(starts: list[list[Any]], changes: dict[str, Any]) -> None:
    """A corrected business date moves the start of its period: the impact date the
    first period, a state's date the latest later period that took it."""
    for field, change in changes.items():
        if not change["after"]:
            continue
        if field == "start_impact_date":
            starts[0][2] = change["after"]
            continue
        period = next((p for p in reversed(starts[1:]) if p[3] == field), None)
        if period is not None:
            period[2] = change["after"]


def _in_time_order(starts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each start, or the previous period's start where it is earlier."""
    told: list[tuple[str, str]] = []
    for status, given in starts:
        late = told and parse_instant(given) < parse_instant(told[-1][1])
        told.append((status, told[-1][1] if late else given))
    return told


def _period(starts: list[tuple[str, str]], index: int) -> Period:
    status, started = starts[index]
    if index + 1 == len(starts):
        return Period(status, started, None, None)
    ended = starts[index + 1][1]
    seconds = (parse_instant(ended) - parse_instant(started)).total_seconds()
    return Period(status, started, ended, seconds)
