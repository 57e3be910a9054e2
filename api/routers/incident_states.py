"""The Incident State API (seed 000): OneUptime's generic routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.body import body_of, documented
from api.routers.generic import add_generic_reads
from api.routes import add_routes
from api.schemas.common import HistoryEntryOut
from api.schemas.incident_states import CreateBody, StateOut, UpdateBody, _StateFields
from api.security import ServicesDep, allowed
from application.access import (
    CREATE_INCIDENT_STATE,
    DELETE_INCIDENT_STATE,
    EDIT_INCIDENT_STATE,
    READ_INCIDENT_STATE,
    Principal,
)
from application.errors import Forbidden, InvalidRequest

router = APIRouter(prefix="/api/incident-state", tags=["Incident State"])

Reader = Annotated[Principal, Depends(allowed(READ_INCIDENT_STATE))]
Creator = Annotated[Principal, Depends(allowed(CREATE_INCIDENT_STATE))]
Editor = Annotated[Principal, Depends(allowed(EDIT_INCIDENT_STATE))]
Deleter = Annotated[Principal, Depends(allowed(DELETE_INCIDENT_STATE))]
Paging = Annotated[str | None, Query(description="skip: objects to skip; limit: 1-100, default 10")]


def create(
    who: Creator,
    svc: ServicesDep,
    body: Annotated[CreateBody | None, Depends(body_of(CreateBody))],
) -> dict[str, Any]:
    """Create an incident state; returns it with every field."""
    if body is None:
        raise InvalidRequest('body: send {"data": {...}}')
    _check_project(who, body.data)
    state_id = svc.incident_states.create(who, body.data.domain_values())
    return dict(svc.incident_states.get(who, str(state_id)))


def update_item(
    state_id: str,
    who: Editor,
    svc: ServicesDep,
    body: Annotated[UpdateBody | None, Depends(body_of(UpdateBody))],
) -> dict[str, Any]:
    """Change the given fields; returns {}."""
    if body is None:
        raise InvalidRequest('body: send {"data": {...}} with the fields to change')
    _check_project(who, body.data)
    svc.incident_states.update(who, state_id, body.data.domain_values())
    return {}


def delete_item(state_id: str, who: Deleter, svc: ServicesDep) -> dict[str, Any]:
    """Delete the state; its history stays readable."""
    svc.incident_states.delete(who, state_id)
    return {}


def history(state_id: str, who: Reader, svc: ServicesDep) -> list[dict[str, Any]]:
    """Every event of the state in order, also after deletion."""
    return [
        {
            "version": e.version,
            "type": e.type,
            "recordedAt": e.recorded_at,
            "actor": e.actor,
            "changes": {k: dict(v) for k, v in e.changes.items()},
        }
        for e in svc.incident_states.history(who, state_id)
    ]


def _check_project(who: Principal, data: _StateFields) -> None:
    if data.projectId is not None and str(data.projectId) != who.project_id:
        raise Forbidden("projectId: this API key belongs to another project")


add_routes(
    router,
    "",
    create,
    ("POST",),
    response_model=StateOut,
    openapi_extra=documented(CreateBody, required=True),
)
add_generic_reads(router, lambda svc: svc.incident_states.listing, READ_INCIDENT_STATE)
add_routes(
    router,
    "/{state_id}",
    update_item,
    ("PUT",),
    openapi_extra=documented(UpdateBody, required=True),
)
add_routes(
    router,
    "/{state_id}/update-item",
    update_item,
    ("POST", "GET"),
    openapi_extra=documented(UpdateBody, required=True),
)
add_routes(router, "/{state_id}", delete_item, ("DELETE",))
add_routes(router, "/{state_id}/delete-item", delete_item, ("POST", "GET"))
add_routes(router, "/{state_id}/history", history, ("GET",), response_model=list[HistoryEntryOut])
