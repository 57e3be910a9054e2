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
    later correction of the current state's date moves that start.

    A transition dated before the start of a period recorded earlier (a reopen
    that says the incident went back to investigating before it was marked
    resolved) tells the story anew from that time: the periods it overtakes
    are left out, so no period ends before it starts. History keeps them."""
    starts: list[list[str]] = []  # [status, started_at]
    for event in events:
        kind = type(event).__name__
        if kind == "Created":
            starts.append([event.status, event.start_impact_date])
        elif kind == "Transitioned":
            starts.append([event.to_status, event.occurred_at])
        elif kind == "Updated" and starts:
            _correct(starts, event.changes)
    told = _in_time_order(starts)
    return tuple(_period(told, i) for i in range(len(told)))


def _in_time_order(starts: list[list[str]]) -> list[list[str]]:
    """The periods still standing once each start has overtaken the later-dated ones
    recorded before it."""
    told: list[list[str]] = []
    for status, started in starts:
        at = parse_instant(started)
        while told and parse_instant(told[-1][1]) > at:
            told.pop()
        told.append([status, started])
    return told


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


def _period(starts: list[list[str]], index: int) -> Period:
    status, started = starts[index]
    if index + 1 == len(starts):
        return Period(status, started, None, None)
    ended = starts[index + 1][1]
    seconds = (parse_instant(ended) - parse_instant(started)).total_seconds()
    return Period(status, started, ended, seconds)
