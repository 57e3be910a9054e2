"""The Incident API (seed 001): /incident, JSON or form bodies, public reads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from api.body import documented, payload_or_empty
from api.pagination import paged_response
from api.schemas.incidents import (
    CommentIn,
    CommentOut,
    IncidentCreateIn,
    IncidentHistoryOut,
    IncidentOut,
    IncidentUpdateIn,
    PeriodOut,
)
from api.security import ServicesDep, allowed, allowed_or_anonymous
from application.access import (
    COMMENT_INCIDENT,
    CREATE_INCIDENT,
    DELETE_INCIDENT,
    EDIT_INCIDENT,
    READ_INCIDENT,
    Principal,
)
from application.history import HistoryEntry

router = APIRouter(prefix="/incident", tags=["Incident"])

Reader = Annotated[Principal, Depends(allowed(READ_INCIDENT))]
PublicReader = Annotated[Principal | None, Depends(allowed_or_anonymous(READ_INCIDENT))]
Creator = Annotated[Principal, Depends(allowed(CREATE_INCIDENT))]
Editor = Annotated[Principal, Depends(allowed(EDIT_INCIDENT))]
Commenter = Annotated[Principal, Depends(allowed(COMMENT_INCIDENT))]
Deleter = Annotated[Principal, Depends(allowed(DELETE_INCIDENT))]
Payload = Annotated[dict[str, Any], Depends(payload_or_empty)]
PAGING = ("page", "per_page")


@router.get("", response_model=list[IncidentOut])
def list_incidents(request: Request, who: PublicReader, svc: ServicesDep) -> JSONResponse:
    """Visible incidents, newest first, filtered and paginated (X-Total, Link...)."""
    params = request.query_params
    filters = {k: v for k, v in params.items() if k not in PAGING}
    page = svc.incidents.list(who, filters, params.get("page"), params.get("per_page"))
    return paged_response(request, page)


@router.post(
    "/create",
    status_code=201,
    response_model=IncidentOut,
    openapi_extra=documented(IncidentCreateIn, required=True, form=True),
)
def create_incident(who: Creator, svc: ServicesDep, body: Payload) -> dict[str, Any]:
    """Open an incident in the project's created state."""
    return dict(svc.incidents.create(who, body))


@router.get("/{incident_id}", response_model=IncidentOut)
def get_incident(incident_id: str, who: PublicReader, svc: ServicesDep) -> dict[str, Any]:
    """One incident with its visible comments."""
    return dict(svc.incidents.get(who, incident_id))


@router.post(
    "/{incident_id}/update",
    response_model=IncidentOut,
    openapi_extra=documented(IncidentUpdateIn, required=True, form=True),
)
def update_incident(
    incident_id: str, who: Editor, svc: ServicesDep, body: Payload
) -> dict[str, Any]:
    """Change an incident and its status under the date rules."""
    return dict(svc.incidents.update(who, incident_id, body))


@router.post("/{incident_id}/delete", status_code=204, response_class=Response)
def delete_incident(incident_id: str, who: Deleter, svc: ServicesDep) -> Response:
    """Hide an incident; its history stays readable."""
    svc.incidents.delete(who, incident_id)
    return Response(status_code=204)


@router.post(
    "/{incident_id}/comment",
    status_code=201,
    response_model=CommentOut,
    openapi_extra=documented(CommentIn, required=True, form=True),
)
def comment_incident(
    incident_id: str, who: Commenter, svc: ServicesDep, body: Payload
) -> dict[str, Any]:
    """Add a comment (internal ones are hidden from readers without a key)."""
    return dict(svc.incidents.comment(who, incident_id, body))


@router.get("/{incident_id}/comments", response_model=list[CommentOut])
def list_comments(incident_id: str, who: Reader, svc: ServicesDep) -> list[dict[str, Any]]:
    """The incident's comments, oldest first."""
    return [dict(c) for c in svc.incidents.comments(who, incident_id)]


@router.get("/{incident_id}/history", response_model=list[IncidentHistoryOut])
def incident_history(incident_id: str, who: Reader, svc: ServicesDep) -> list[dict[str, Any]]:
    """Every event in order, with actor, changes and, for transitions, occurred_at."""
    return [_history(e) for e in svc.incidents.history(who, incident_id)]


@router.get("/{incident_id}/timeline", response_model=list[PeriodOut])
def incident_timeline(incident_id: str, who: Reader, svc: ServicesDep) -> list[dict[str, Any]]:
    """One row per period in a state, from the business dates."""
    return [vars(p) for p in svc.incidents.timeline(who, incident_id)]


def _history(e: HistoryEntry) -> dict[str, Any]:
    row = {
        "version": e.version,
        "type": e.type,
        "recorded_at": e.recorded_at,
        "actor": e.actor,
        "changes": {k: dict(v) for k, v in e.changes.items()},
    }
    if e.occurred_at is not None:
        row["occurred_at"] = e.occurred_at
    return row
