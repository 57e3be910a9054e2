"""Use cases of the Incident State API: commands through the writer, reads from
the projected read model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from uuid import UUID

from application import state_commands
from application.access import Principal
from application.errors import InvalidRequest
from application.history import HistoryEntry, entry
from application.ledger import Ledger
from application.ports import ReadModel
from application.query import Condition, ListSpec
from application.resources import INCIDENT_STATE, STATE_FIELD_NAMES
from application.writer import Writer
from domain.incident_state import IncidentState, IncidentStateNotFound

Item = Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    """One page of a list: the total matching count and the selected items."""

    count: int
    skip: int
    limit: int
    items: tuple[Item, ...]


ALL_FIELDS = tuple(f.name for f in INCIDENT_STATE.fields)


class IncidentStates:
    """Create, change, delete, read and audit a project's incident states.

    The caller's permission is checked by the interface (declared on each route).
    """

    def __init__(self, ledger: Ledger, writer: Writer, reads: ReadModel) -> None:
        self._ledger = ledger
        self._writer = writer
        self._reads = reads

    def create(self, who: Principal, values: Mapping[str, Any]) -> UUID:
        """Create a state from domain-named values; return its id once readable."""
        return self._writer.run(
            lambda s: state_commands.create_state(s, who.project_id, values, who.key_id)
        )

    def update(self, who: Principal, state_id: str, values: Mapping[str, Any]) -> None:
        """Change the given fields of a state."""
        sid = parse_id(state_id)
        if not values:
            raise InvalidRequest("data: give at least one field to change")
        self._writer.run(
            lambda s: state_commands.update_state(s, who.project_id, sid, values, who.key_id)
        )

    def delete(self, who: Principal, state_id: str) -> None:
        """Delete a state; its history stays."""
        sid = parse_id(state_id)
        self._writer.run(lambda s: state_commands.delete_state(s, who.project_id, sid, who.key_id))

    def list(self, who: Principal, spec: ListSpec) -> Page:
        """A page of the project's states and the total matching count."""
        rows = self._reads.list(INCIDENT_STATE, who.project_id, spec)
        total = self._reads.count(INCIDENT_STATE, who.project_id, spec.conditions)
        items = tuple(self._finish(who, row, spec.fields) for row in rows)
        return Page(count=total, skip=spec.skip, limit=spec.limit, items=items)

    def count(self, who: Principal, conditions: Sequence[Condition]) -> int:
        """How many of the project's states match."""
        return self._reads.count(INCIDENT_STATE, who.project_id, conditions)

    def get(self, who: Principal, state_id: str, fields: Sequence[str] = ALL_FIELDS) -> Item:
        """One state with the selected fields."""
        sid = parse_id(state_id)
        row = self._reads.get(INCIDENT_STATE, who.project_id, str(sid), fields)
        if row is None:
            raise IncidentStateNotFound(str(sid))
        return self._finish(who, row, fields)

    def history(self, who: Principal, state_id: str) -> tuple[HistoryEntry, ...]:
        """Every event of the state, also after deletion."""
        sid = parse_id(state_id)
        events = self._ledger.events_of(sid)
        created = events[0] if events else None
        if not isinstance(created, IncidentState.Created) or created.project_id != who.project_id:  # type: ignore[attr-defined]
            raise IncidentStateNotFound(str(sid))
        fields = ("project_id", *(f for f in STATE_FIELD_NAMES if f != "project_id"))
        return tuple(entry(e, STATE_FIELD_NAMES, fields) for e in events)

    def _finish(self, who: Principal, row: dict[str, Any], fields: Sequence[str]) -> Item:
        if "project" in fields:
            name = self._reads.project_name(who.project_id)
            row["project"] = {"_id": who.project_id, "name": name}
        return MappingProxyType(row)


def parse_id(value: str) -> UUID:
    """A path id as a UUID, or a 400 naming it."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidRequest(f"id: {value!r} is not a valid id") from None
