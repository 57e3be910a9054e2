"""Typed helpers for the integration tests: projects, principals, states and list reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from application.access import Principal
from application.query import ListSpec, parse_paging, parse_query, parse_select, parse_sort
from application.resources import INCIDENT_STATE
from application.services import Services
from infrastructure.wiring import build_services

ALL_FIELDS: dict[str, bool] = {
    f.name: True for f in INCIDENT_STATE.fields if f.name not in ("_id", "project")
}


@dataclass(frozen=True)
class Owner:
    """A project and its owner key, authenticated."""

    project_id: str
    key_id: str
    secret: str
    who: Principal


def unique(prefix: str = "State") -> str:
    """A state name no other test uses."""
    return f"{prefix} {uuid4().hex[:10]}"


def new_owner(services: Services, name: str = "Integration") -> Owner:
    """A new project (with its default states) and its owner key."""
    project = services.projects.create(name)
    issued = services.projects.issue_key(project.project_id, "owner", [])
    who = services.auth.authenticate(issued.api_key)
    return Owner(project.project_id, issued.api_key_id, issued.api_key, who)


def add_state(services: Services, who: Principal, **values: Any) -> str:
    """Create a state from domain-named values (name and colour default); return its id."""
    data: dict[str, Any] = {"name": unique(), "color": "#123456", **values}
    return str(services.incident_states.create(who, data)["_id"])


def read(services: Services, who: Principal, state_id: str) -> dict[str, Any]:
    """Every field of one state."""
    return dict(services.incident_states.get(who, state_id, ("_id", *ALL_FIELDS)))


def listing(
    services: Services,
    who: Principal,
    *,
    query: object = None,
    select: object = None,
    sort: object = None,
    skip: object = None,
    limit: object = 100,
) -> tuple[int, list[dict[str, Any]]]:
    """The total count and the items of a list read, parsed as the API parses it."""
    skip_n, limit_n = parse_paging(skip, limit)
    spec = ListSpec(
        conditions=parse_query(INCIDENT_STATE, query),
        fields=parse_select(INCIDENT_STATE, select),
        sort=parse_sort(INCIDENT_STATE, sort),
        skip=skip_n,
        limit=limit_n,
    )
    page = services.incident_states.list(who, spec)
    return page.count, [dict(item) for item in page.items]


def names(services: Services, who: Principal, query: object = None) -> list[str]:
    """Names of the matching states in ascending order."""
    _, items = listing(services, who, query=query, select={"name": True}, sort={"order": 1})
    return [item["name"] for item in items]


def states(services: Services, who: Principal) -> list[dict[str, Any]]:
    """Every state of the project with every field, in ascending order."""
    _, items = listing(services, who, select=ALL_FIELDS, sort={"order": 1})
    return items


def count(services: Services, who: Principal, query: object = None) -> int:
    """How many states match."""
    return services.incident_states.count(who, parse_query(INCIDENT_STATE, query))


def history_afters(services: Services, who: Principal, state_id: str, field: str) -> list[Any]:
    """The after-values a field took, in event order (creation included)."""
    return [
        e.changes[field]["after"]
        for e in services.incident_states.history(who, state_id)
        if field in e.changes
    ]


@contextmanager
def opened(url: str, *, shared: bool = False) -> Iterator[Services]:
    """Services on the store at url, closed afterwards."""
    services = build_services(url, shared=shared)
    try:
        yield services
    finally:
        services.close()
