"""Rules of an incident's status and business dates.

A status is the lowercased name of one of the project's incident states; the
states' order says which statuses come later. Three states take a date: those
first named investigating, stable and resolved (the defaults), also once renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidValue

SEVERITIES = ("critical", "high", "moderate", "low", "minor")
DATE_FIELDS = ("start_impact_date", "investigation_date", "stable_date", "resolve_date")
DATE_OF_STATUS = {
    "investigating": "investigation_date",
    "stable": "stable_date",
    "resolved": "resolve_date",
}


@dataclass(frozen=True)
class StateRef:
    """One incident state as incidents see it."""

    state_id: str
    status: str
    order: int
    date_field: str | None = None  # the date entering this state takes, if any


@dataclass(frozen=True)
class Ladder:
    """The project's incident states in order, and which one new incidents start in."""

    states: tuple[StateRef, ...]
    created_state_id: str

    def by_status(self, status: str) -> StateRef:
        """The state named status, or a 400 listing the valid ones."""
        for state in self.states:
            if state.status == status:
                return state
        valid = ", ".join(s.status for s in self.states)
        raise InvalidValue("status", f"must be one of: {valid}")

    def by_id(self, state_id: str) -> StateRef | None:
        """The state with this id, if it still exists."""
        return next((s for s in self.states if s.state_id == state_id), None)

    def created(self) -> StateRef:
        """The state new incidents start in."""
        state = self.by_id(self.created_state_id)
        assert state is not None  # the catalog always has a created state
        return state

    def by_date(self, date_field: str) -> StateRef | None:
        """The state that takes this date, if the project has one."""
        return next((s for s in self.states if s.date_field == date_field), None)


def check_severity(severity: Any) -> str:
    """A severity from the seed's list."""
    if severity not in SEVERITIES:
        raise InvalidValue("severity", f"must be one of: {', '.join(SEVERITIES)}")
    return str(severity)


def check_dates_allowed(target: StateRef, dates: dict[str, str | None], ladder: Ladder) -> None:
    """A state's date may be set only when the incident ends in that state or a later one."""
    for field in DATE_OF_STATUS.values():
        if not dates.get(field):
            continue
        state = ladder.by_date(field)
        if state is None:
            raise InvalidValue(field, "no incident state of this project takes this date")
        if state.order > target.order:
            raise InvalidValue(
                field, f"may only be given when the incident is {state.status} or in a later state"
            )


def check_entry_date(
    current: StateRef | None, target: StateRef, dates: dict[str, str | None]
) -> None:
    """Entering (or staying in) a dated status needs its date."""
    field = target.date_field
    if field and not dates.get(field):
        entering = current is None or current.state_id != target.state_id
        verb = "entering" if entering else "being"
        raise InvalidValue(field, f"is required when {verb} {target.status}")


def check_dates_in_order(dates: dict[str, str | None]) -> None:
    """start_impact_date <= investigation_date <= stable_date <= resolve_date."""
    previous: tuple[str, str] | None = None
    for field in DATE_FIELDS:
        value = dates.get(field)
        if not value:
            continue
        if previous and value < previous[1]:
            raise InvalidValue(field, f"must not be before {previous[0]}")
        previous = (field, value)


def cleared_on_reopen(target: StateRef, ladder: Ladder) -> list[str]:
    """The date fields of states after the target, cleared when moving back to it."""
    return [s.date_field for s in ladder.states if s.date_field and s.order > target.order]
