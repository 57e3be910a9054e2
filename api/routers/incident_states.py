"""The Incident State API (seed 000): OneUptime's generic routes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from api.blocking import respond
from api.body import documented, raw_body
from api.paths import by_id
from api.routers.generic import add_generic_reads
from api.routes import add_routes
from api.schemas.common import HistoryEntryOut
from api.schemas.incident_states import CreateBody, StateOut, UpdateBody, _StateFields
from api.security import Access, allowed
from application.access import (
    CREATE_INCIDENT_STATE,
    DELETE_INCIDENT_STATE,
    EDIT_INCIDENT_STATE,
    READ_INCIDENT_STATE,
    Principal,
)
from application.errors import Forbidden, InvalidRequest
from application.ports import Work

router = APIRouter(prefix="/api/incident-state", tags=["Incident State"])

READER = Depends(allowed(READ_INCIDENT_STATE))
CREATOR = Depends(allowed(CREATE_INCIDENT_STATE))
EDITOR = Depends(allowed(EDIT_INCIDENT_STATE))
DELETER = Depends(allowed(DELETE_INCIDENT_STATE))


async def create(request: Request, access: Access = CREATOR) -> Response:
    """Create an incident state; returns it with every field."""
    body = await raw_body(request)

    def work() -> dict[str, Any]:
        who = access.caller()
        checked = body.model(CreateBody)
        if checked is None:
            raise InvalidRequest('body: send {"data": {...}}')
        _check_project(who, checked.data)
        return dict(access.services.incident_states.create(who, checked.data.domain_values()))

    return await respond(request, work)


async def update_item(state_id: str, request: Request, access: Access = EDITOR) -> Response:
    """Change the given fields; returns {}."""
    body = await raw_body(request)

    def work() -> dict[str, Any]:
        who = access.caller()
        checked = body.model(UpdateBody)
        if checked is None:
            raise InvalidRequest('body: send {"data": {...}} with the fields to change')
        _check_project(who, checked.data)
        access.services.incident_states.update(who, state_id, checked.data.domain_values())
        return {}

    return await respond(request, work)


async def delete_item(state_id: str, request: Request, access: Access = DELETER) -> Response:
    """Delete the state; its history stays readable."""

    def work() -> dict[str, Any]:
        access.services.incident_states.delete(access.caller(), state_id)
        return {}

    return await respond(request, work)


async def history(state_id: str, request: Request, access: Access = READER) -> Response:
    """Every event of the state in order, also after deletion."""

    def work() -> list[dict[str, Any]]:
        return [
            {
                "version": e.version,
                "type": e.type,
                "recordedAt": e.recorded_at,
                "actor": e.actor,
                "changes": {k: dict(v) for k, v in e.changes.items()},
                "causedBy": e.caused_by,
            }
            for e in access.services.incident_states.history(access.caller(), state_id)
        ]

    return await respond(request, work, kind=Work.EVENTS)


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
    by_id("state_id"),
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
add_routes(router, by_id("state_id"), delete_item, ("DELETE",))
add_routes(router, "/{state_id}/delete-item", delete_item, ("POST", "GET"))
add_routes(router, "/{state_id}/history", history, ("GET",), response_model=list[HistoryEntryOut])
