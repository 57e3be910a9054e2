"""Helpers for the application tests: principals, creates and list reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from application.access import Principal
from application.incident_states import Page
from application.query import ListSpec, parse_paging, parse_query, parse_select, parse_sort
from application.resources import INCIDENT_STATE
from application.services import Services

SUMMARY = {
    "name": True,
    "slug": True,
    "order": True,
    "isCreatedState": True,
    "isAcknowledgedState": True,
    "isResolvedState": True,
}


def new_principal(services: Services, name: str = "Test project", role: str = "owner") -> Principal:
    """A new project (with its default states) and a key of it, authenticated."""
    project = services.projects.create(name)
    issued = services.projects.issue_key(project.project_id, role, [])
    return services.auth.authenticate(issued.api_key)


def key_of(services: Services, project_id: str, role: str | None, *perms: str) -> Principal:
    """Another key of the project with this role or these permissions."""
    issued = services.projects.issue_key(project_id, role, list(perms))
    return services.auth.authenticate(issued.api_key)


def create(services: Services, who: Principal, name: str, **values: Any) -> str:
    """Create a state (colour defaults to #123456); return its id as text."""
    data: dict[str, Any] = {"name": name, "color": "#123456", **values}
    return str(services.incident_states.create(who, data)["_id"])


def page(
    services: Services,
    who: Principal,
    *,
    query: object = None,
    select: object = None,
    sort: object = None,
    skip: object = None,
    limit: object = None,
) -> Page:
    """A list read through the same parsers the API uses."""
    skip_n, limit_n = parse_paging(skip, limit)
    spec = ListSpec(
        conditions=parse_query(INCIDENT_STATE, query),
        fields=parse_select(INCIDENT_STATE, select),
        sort=parse_sort(INCIDENT_STATE, sort),
        skip=skip_n,
        limit=limit_n,
    )
    return services.incident_states.list(who, spec)


def states(services: Services, who: Principal) -> list[dict[str, Any]]:
    """Every state of the principal's project with its summary fields, by order."""
    items = page(services, who, select=SUMMARY, sort={"order": 1}, limit=100).items
    return [dict(item) for item in items]


def names_by_order(services: Services, who: Principal) -> list[tuple[str, int]]:
    """(name, order) of every state, by order."""
    return [(s["name"], s["order"]) for s in states(services, who)]


def state_named(services: Services, who: Principal, name: str) -> dict[str, Any]:
    """The summary of the one state with this name."""
    (found,) = [s for s in states(services, who) if s["name"] == name]
    return found


def holders(services: Services, who: Principal, flag: str) -> list[str]:
    """Names of the states holding a flag (client field name)."""
    return [s["name"] for s in states(services, who) if s[flag]]


def item(services: Services, who: Principal, state_id: str) -> Mapping[str, Any]:
    """One state with every field."""
    return services.incident_states.get(who, state_id)
