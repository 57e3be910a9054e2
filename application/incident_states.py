"""Use cases of the Incident State API: commands through the writer, reads from
the projected read model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from application import state_commands
from application.access import Principal
from application.errors import InvalidRequest
from application.history import HistoryEntry, entry
from application.ledger import Ledger
from application.listing import Listing, Page, parse_id
from application.ports import ReadModel
from application.projections import state_row
from application.query import Condition, ListSpec
from application.resources import INCIDENT_STATE, STATE_FIELD_NAMES
from application.writer import Writer
from domain.errors import NotFound
from domain.incident_state import IncidentState, IncidentStateNotFound

Item = Mapping[str, Any]
__all__ = ["IncidentStates", "Page"]


class IncidentStates:
    """Create, change, delete, read and audit a project's incident states.

    The caller's permission is checked by the interface (declared on each route).
    """

    def __init__(self, ledger: Ledger, writer: Writer, reads: ReadModel) -> None:
        self._ledger = ledger
        self._writer = writer
        self._reads = reads
        self.listing = Listing(INCIDENT_STATE, reads)

    def create(self, who: Principal, values: Mapping[str, Any]) -> Item:
        """Create a state from domain-named values; return it, every field, once readable.

        The answer is the row the projection stores for the Created event, not
        read back: the state as this request created it, even when a later
        command of the same batch already moved it (took its order).
        """
        created = self._writer.run(
            lambda s: state_commands.create_state(s, who.project_id, values, who.key_id),
            prefetch=state_commands.create_hints(values),
        )
        return self.listing.present(who, state_row(created))

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
        self._writer.run(
            lambda s: state_commands.delete_state(s, self._reads, who.project_id, sid, who.key_id),
            exclusive=True,
        )

    def list(self, who: Principal, spec: ListSpec) -> Page:
        """A page of the project's states and the total matching count."""
        return self.listing.list(who, spec)

    def count(self, who: Principal, conditions: Sequence[Condition]) -> int:
        """How many of the project's states match."""
        return self.listing.count(who, conditions)

    def get(self, who: Principal, state_id: str, fields: Sequence[str] | None = None) -> Item:
        """One state with the selected fields (default: all)."""
        try:
            return self.listing.get(who, state_id, fields)
        except NotFound:
            raise IncidentStateNotFound(str(parse_id(state_id))) from None

    def history(self, who: Principal, state_id: str) -> tuple[HistoryEntry, ...]:
        """Every event of the state, also after deletion."""
        sid = parse_id(state_id)
        events = self._ledger.events_of(sid)
        created = events[0] if events else None
        if not isinstance(created, IncidentState.Created) or created.project_id != who.project_id:  # type: ignore[attr-defined]
            raise IncidentStateNotFound(str(sid))
        fields = ("project_id", *(f for f in STATE_FIELD_NAMES if f != "project_id"))
        return tuple(entry(e, STATE_FIELD_NAMES, fields) for e in events)
