"""Typed helpers for the integration tests of incidents: catalog, incidents, reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from application.access import Principal
from application.services import Services

START = "2024-03-01T10:00"


@dataclass(frozen=True)
class Filing:
    """A key's principal with a scope and a service to file incidents under."""

    who: Principal
    scope: int
    service: int


def open_filing(services: Services, who: Principal) -> Filing:
    """Create a scope and a service in the principal's project."""
    scope = services.scopes.create(who, {"name": f"Scope {uuid4().hex[:8]}"})["id"]
    service = services.services.create(who, {"name": f"Service {uuid4().hex[:8]}"})["id"]
    return Filing(who, scope, service)


def file_incident(services: Services, filing: Filing, **over: Any) -> dict[str, Any]:
    """Create an incident through the application; return it."""
    body: dict[str, Any] = {
        "scope": filing.scope,
        "service": filing.service,
        "name": f"Incident {uuid4().hex[:8]}",
        "severity": "high",
        "start_impact_date": START,
        **over,
    }
    return dict(services.incidents.create(filing.who, body))


def change(services: Services, filing: Filing, incident: dict[str, Any], **over: Any) -> None:
    """Update an incident: its required fields as they are, with these changes."""
    fields = ("scope", "service", "name", "severity", "status", "start_impact_date")
    body = {f: incident[f] for f in fields} | over
    services.incidents.update(filing.who, str(incident["id"]), body)


def read(services: Services, filing: Filing, number: int) -> dict[str, Any]:
    """One incident with its comments."""
    return dict(services.incidents.get(filing.who, number))


def listed(services: Services, who: Principal | None) -> list[int]:
    """Numbers of the first 100 visible incidents, newest first."""
    page = services.incidents.list(who, {}, 1, 100)
    return [item["id"] for item in page.items]
