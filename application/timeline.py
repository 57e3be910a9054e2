"""An incident's timeline: one period per stay in a state, from the business dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.times import parse_instant
from domain.incident_rules import STATUS_OF_DATE


@dataclass(frozen=True)
class Period:
    """A stay in one status; the current one has no end."""

    status: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


def timeline(events: list[Any]) -> tuple[Period, ...]:
    """Fold the events: a transition starts a period at its business time, and a
    later correction of a state's date moves the start of that state's latest period.

    A period never starts before the one recorded before it: a transition dated
    earlier (a reopen to investigating at 11:00 of an incident resolved at 15:00)
    starts when the previous period started, which then lasts 0 s. Every
    transition keeps its row; the history holds the dates as given."""
    starts: list[list[str]] = []  # [status, started_at]
    for index, event in enumerate(events):
        kind = type(event).__name__
        if kind == "Created":
            starts.append([event.status, event.start_impact_date])
        elif kind == "Transitioned":
            starts.append([event.to_status, event.occurred_at])
        elif kind == "Updated" and starts:
            _correct(starts, _corrections(event, events[index + 1 : index + 2]))
    told = _in_time_order(starts)
    return tuple(_period(told, i) for i in range(len(told)))


def _corrections(event: Any, following: list[Any]) -> dict[str, Any]:
    """An update's date changes, without the date of the state its own transition
    (recorded right after it) enters: that date starts the new period, it corrects
    no earlier one."""
    entered = following[0].to_status if following and _is_transition(following[0]) else None
    return {
        field: change
        for field, change in event.changes.items()
        if entered is None or STATUS_OF_DATE.get(field) != entered
    }


def _is_transition(event: Any) -> bool:
    return type(event).__name__ == "Transitioned"


def _correct(starts: list[list[str]], changes: dict[str, Any]) -> None:
    """A corrected business date moves the start of its period: the impact date the
    first period, a state's date the latest period in that state."""
    for field, change in changes.items():
        if not change["after"]:
            continue
        if field == "start_impact_date":
            starts[0][1] = change["after"]
        elif field in STATUS_OF_DATE:
            for period in reversed(starts[1:]):
                if period[0] == STATUS_OF_DATE[field]:
                    period[1] = change["after"]
                    break


def _in_time_order(starts: list[list[str]]) -> list[tuple[str, str]]:
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
