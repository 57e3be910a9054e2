"""Helpers for the incident tests: a scope and service to point at, incidents
opened and moved through the application, and business dates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from application.access import Principal
from application.history import HistoryEntry
from application.services import Services

DAY = "2026-01-01"
UPDATE_REQUIRED = ("scope", "service", "name", "severity", "status", "start_impact_date")


def at(hour: int, minute: int = 0) -> str:
    """A business date as clients send it: YYYY-MM-DDTHH:MM (UTC)."""
    return f"{DAY}T{hour:02d}:{minute:02d}"


def stored(hour: int, minute: int = 0) -> str:
    """The same date as the service returns it: ISO 8601 UTC."""
    return f"{DAY}T{hour:02d}:{minute:02d}:00.000000Z"


@dataclass(frozen=True)
class Refs:
    """The ids of a scope and a service of one project."""

    scope: int
    service: int


def refs(services: Services, who: Principal, *, public: bool = False) -> Refs:
    """A new scope and service in the principal's project."""
    scope = services.scopes.create(who, {"name": "Europe", "public": public})
    service = services.services.create(who, {"name": "Checkout"})
    return Refs(int(scope["id"]), int(service["id"]))


def fields(ids: Refs, **values: Any) -> dict[str, Any]:
    """A valid create payload pointing at the refs, with overrides."""
    return {
        "scope": ids.scope,
        "service": ids.service,
        "name": "Checkout down",
        "severity": "high",
        "start_impact_date": at(10),
        **values,
    }


def open_incident(services: Services, who: Principal, ids: Refs, **values: Any) -> str:
    """Create an incident; return its integer id as the path text."""
    return str(services.incidents.create(who, fields(ids, **values))["id"])


def current(services: Services, who: Principal, number: str) -> Mapping[str, Any]:
    """The incident as the service returns it."""
    return services.incidents.get(who, number)


def full_update(services: Services, who: Principal, number: str, **values: Any) -> dict[str, Any]:
    """The required fields as they are now, with overrides (a client's PUT)."""
    now = current(services, who, number)
    return {**{f: now[f] for f in UPDATE_REQUIRED}, **values}


def update(services: Services, who: Principal, number: str, **values: Any) -> Mapping[str, Any]:
    """Update with the current required fields plus the given values."""
    return services.incidents.update(who, number, full_update(services, who, number, **values))


def move(
    services: Services, who: Principal, number: str, status: str, **values: Any
) -> Mapping[str, Any]:
    """Move the incident to a status, with any dates given."""
    return update(services, who, number, status=status, **values)


def history(services: Services, who: Principal, number: str) -> tuple[HistoryEntry, ...]:
    """The incident's audit history."""
    return services.incidents.history(who, number)


def types(entries: tuple[HistoryEntry, ...]) -> list[str]:
    """The event types of a history."""
    return [e.type for e in entries]
