"""An incident's timeline: one period per stay in a state, from the business dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.times import parse_instant
from domain.incident_rules import DATE_FIELDS, DATE_OF_STATUS, Ladder

DATES = frozenset(DATE_FIELDS)
DEFAULT_STATUS = {field: status for status, field in DATE_OF_STATUS.items()}


@dataclass(frozen=True)
class Period:
    """A stay in one status; the current one has no end."""

    status: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


def timeline(events: list[Any], ladder: Ladder) -> tuple[Period, ...]:
    """Fold the events: a transition starts a period at its business time, and a
    later correction of a state's date moves the start of that state's latest period.

    A period never starts before the one recorded before it: a transition dated
    earlier (a reopen to investigating at 11:00 of an incident resolved at 15:00)
    starts when the previous period started, which then lasts 0 s. Every
    transition keeps its row; the history holds the dates as given. Periods name
    their state as it is named now (as the incident's status does), or as it was
    named when entered if it has since been deleted."""
    states = _States(ladder)
    starts: list[list[str]] = []  # [state_id, status then, started_at]
    for index, event in enumerate(events):
        kind = type(event).__name__
        if kind == "Created":
            starts.append([event.state_id, event.status, event.start_impact_date])
        elif kind == "Transitioned":
            starts.append([event.to_state_id, event.to_status, event.occurred_at])
        elif kind == "Updated" and starts:
            _correct(starts, _corrections(event, events[index + 1 : index + 2], states), states)
    told = _in_time_order([(states.name(sid, then), at) for sid, then, at in starts])
    return tuple(_period(told, i) for i in range(len(told)))


class _States:
    """The project's states as the fold asks for them, indexed once."""

    def __init__(self, ladder: Ladder) -> None:
        self.names = {s.state_id: s.status for s in ladder.states}
        self.takers = {s.date_field: s.state_id for s in ladder.states if s.date_field}

    def name(self, state_id: str, then: str) -> str:
        """The state's name now, or then if it was deleted."""
        return self.names.get(state_id, then)

    def dated_period(self, starts: list[list[str]], date_field: str) -> list[str] | None:
        """The latest period after the first in the state that takes this date now,
        else in a state since deleted that was entered under the date's default name."""
        later = starts[:0:-1]
        taker = self.takers.get(date_field)
        default = DEFAULT_STATUS[date_field]
        return next((p for p in later if p[0] == taker), None) or next(
            (p for p in later if p[1] == default and p[0] not in self.names), None
        )


def _corrections(event: Any, following: list[Any], states: _States) -> dict[str, Any]:
    """An update's date changes, without the date of the state its own transition
    (recorded right after it) enters: that date starts the new period, it corrects
    no earlier one."""
    entered = following[0].to_state_id if following and _is_transition(following[0]) else None
    return {
        field: change
        for field, change in event.changes.items()
        if field in DATES and (entered is None or states.takers.get(field) != entered)
    }


def _is_transition(event: Any) -> bool:
    return type(event).__name__ == "Transitioned"


def _correct(starts: list[list[str]], changes: dict[str, Any], states: _States) -> None:
    """A corrected business date moves the start of its period: the impact date the
    first period, a state's date the latest period in that state."""
    for field, change in changes.items():
        if not change["after"]:
            continue
        period = starts[0] if field == "start_impact_date" else states.dated_period(starts, field)
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
