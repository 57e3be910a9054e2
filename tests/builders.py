"""A new Incident aggregate with plain values, for the tests that build one directly."""

from __future__ import annotations

from typing import Any

from domain.incident import Incident
from domain.incident_rules import StateRef

ACTIVE = StateRef("s-active", "active", 1)


def new_incident(**overrides: Any) -> Incident:
    """A fresh incident in the active state; its Created event is still pending."""
    values: dict[str, Any] = {
        "number": 7,
        "project_id": "p1",
        "actor": "k",
        "scope_id": 1,
        "service_id": 2,
        "name": "Database down",
        "description": None,
        "external_reference": None,
        "external_link": None,
        "severity": "high",
        "state_id": ACTIVE.state_id,
        "status": ACTIVE.status,
        "start_impact_date": "2026-11-01T08:00:00Z",
    }
    return Incident(**{**values, **overrides})
