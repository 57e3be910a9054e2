"""The Incident API (seed 001): /incident, JSON or form bodies, public reads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from api.blocking import respond, run
from api.body import documented, raw_body
from api.pagination import PAGING, list_params, paged_response
from api.paths import by_id
from api.schemas.incidents import (
    CommentIn,
    CommentOut,
    IncidentCreateIn,
    IncidentHistoryOut,
    IncidentOut,
    IncidentUpdateIn,
    PeriodOut,
)
from api.security import Access, allowed
from application.access import (
    COMMENT_INCIDENT,
    CREATE_INCIDENT,
    DELETE_INCIDENT,
    EDIT_INCIDENT,
    READ_INCIDENT,
)
from application.history import HistoryEntry
from application.ports import Work

router = APIRouter(prefix="/incident", tags=["Incident"])

READER = Depends(allowed(READ_INCIDENT))
CREATOR = Depends(allowed(CREATE_INCIDENT))
EDITOR = Depends(allowed(EDIT_INCIDENT))
COMMENTER = Depends(allowed(COMMENT_INCIDENT))
DELETER = Depends(allowed(DELETE_INCIDENT))


@router.get("", response_model=list[IncidentOut])
async def list_incidents(request: Request, access: Access = READER) -> Response:
    """Visible incidents, newest first, filtered and paginated (X-Total, Link...).
    Without a key: incidents in public scopes only."""
    params = list_params(request)
    filters = {k: v for k, v in params.items() if k not in PAGING}
    page = await run(
        request,
        lambda: access.services.incidents.list(
            access.reader(), filters, params.get("page"), params.get("per_page")
        ),
        kind=Work.READ,
    )
    return paged_response(request, page)


@router.post(
    "/create",
    status_code=201,
    response_model=IncidentOut,
    openapi_extra=documented(IncidentCreateIn, required=True, form=True),
)
async def create_incident(request: Request, access: Access = CREATOR) -> Response:
    """Open an incident in the project's created state."""
    body = await raw_body(request)
    work = lambda: dict(access.services.incidents.create(access.caller(), body.fields()))  # noqa: E731
    return await respond(request, work, 201)


@router.get(by_id("incident_id"), response_model=IncidentOut)
async def get_incident(incident_id: str, request: Request, access: Access = READER) -> Response:
    """One incident with its visible comments (without a key: public ones, no internal comments)."""
    work = lambda: dict(access.services.incidents.get(access.reader(), incident_id))  # noqa: E731
    return await respond(request, work, kind=Work.READ)


@router.post(
    "/{incident_id}/update",
    response_model=IncidentOut,
    openapi_extra=documented(IncidentUpdateIn, required=True, form=True),
)
async def update_incident(incident_id: str, request: Request, access: Access = EDITOR) -> Response:
    """Change an incident and its status under the date rules."""
    body = await raw_body(request)

    def work() -> dict[str, Any]:
        who = access.caller()
        return dict(access.services.incidents.update(who, incident_id, body.fields()))

    return await respond(request, work)


@router.post("/{incident_id}/delete", status_code=204, response_class=Response)
async def delete_incident(incident_id: str, request: Request, access: Access = DELETER) -> Response:
    """Hide an incident; its history stays readable."""
    await run(request, lambda: access.services.incidents.delete(access.caller(), incident_id))
    return Response(status_code=204)


@router.post(
    "/{incident_id}/comment",
    status_code=201,
    response_model=CommentOut,
    openapi_extra=documented(CommentIn, required=True, form=True),
)
async def comment_incident(
    incident_id: str, request: Request, access: Access = COMMENTER
) -> Response:
    """Add a comment (internal ones are hidden from readers without a key)."""
    body = await raw_body(request)

    def work() -> dict[str, Any]:
        who = access.caller()
        return dict(access.services.incidents.comment(who, incident_id, body.fields()))

    return await respond(request, work, 201)


@router.get("/{incident_id}/comments", response_model=list[CommentOut])
async def list_comments(incident_id: str, request: Request, access: Access = READER) -> Response:
    """The incident's comments, oldest first."""

    def work() -> list[dict[str, Any]]:
        return [dict(c) for c in access.services.incidents.comments(access.caller(), incident_id)]

    return await respond(request, work, kind=Work.READ)


@router.get("/{incident_id}/history", response_model=list[IncidentHistoryOut])
async def incident_history(incident_id: str, request: Request, access: Access = READER) -> Response:
    """Every event in order, with actor, changes and, for transitions, occurred_at."""

    def work() -> list[dict[str, Any]]:
        return [
            _history(e) for e in access.services.incidents.history(access.caller(), incident_id)
        ]

    return await respond(request, work, kind=Work.EVENTS)


@router.get("/{incident_id}/timeline", response_model=list[PeriodOut])
async def incident_timeline(
    incident_id: str, request: Request, access: Access = READER
) -> Response:
    """One row per period in a state, from the business dates."""

    def work() -> list[dict[str, Any]]:
        return [vars(p) for p in access.services.incidents.timeline(access.caller(), incident_id)]

    return await respond(request, work, kind=Work.EVENTS)


def _history(e: HistoryEntry) -> dict[str, Any]:
    return {
        "version": e.version,
        "type": e.type,
        "recorded_at": e.recorded_at,
        "actor": e.actor,
        "changes": {k: dict(v) for k, v in e.changes.items()},
        "occurred_at": e.occurred_at,
    }
