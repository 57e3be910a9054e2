"""The event-sourced application: one store for every aggregate of the service."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import InterfaceError, OperationalError

from application.errors import StoreUnavailable
from domain.incident_state import IncidentState
from domain.state_catalog import StateCatalog


class Ledger(Application[UUID]):
    """Records every event of incident-ledger in one ordered log."""

    name = "IncidentLedger"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        StateCatalog: 200,
        IncidentState: 50,
    }

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        """Every stored event of one aggregate, in version order."""
        try:
            return list(self.events.get(aggregate_id))
        except (OperationalError, InterfaceError) as error:
            raise StoreUnavailable(f"database unavailable: {error}") from error
