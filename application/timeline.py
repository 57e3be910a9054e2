"""An incident's timeline: one period per stay in a state, from the business dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.times import parse_instant
from domain.incident_rules import DATE_OF_STATUS


@dataclass(frozen=True)
class Period:
    """A stay in one status; the current one has no end."""

    status: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


def timeline(events: list[Any]) -> tuple[Period, ...]:
    """Fold the events: a transition starts a period at its business time, and a
    later correction of the current state's date moves that start."""
    starts: list[list[str]] = []  # [status, started_at]
    for event in events:
        kind = type(event).__name__
        if kind == "Created":
            starts.append([event.status, event.start_impact_date])
        elif kind == "Transitioned":
            starts.append([event.to_status, event.occurred_at])
        elif kind == "Updated" and starts:
            # The first period starts at the impact; later ones at their state's date.
            field = "start_impact_date" if len(starts) == 1 else DATE_OF_STATUS.get(starts[-1][0])
            change = event.changes.get(field) if field else None
            if change and change["after"]:
                starts[-1][1] = change["after"]
    return tuple(_period(starts, i) for i in range(len(starts)))


def _period(starts: list[list[str]], index: int) -> Period:
    status, started = starts[index]
    if index + 1 == len(starts):
        return Period(status, started, None, None)
    ended = starts[index + 1][1]
    seconds = (parse_instant(ended) - parse_instant(started)).total_seconds()
    return Period(status, started, ended, seconds)
