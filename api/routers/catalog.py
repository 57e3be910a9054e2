"""Scopes and services (seed 001's catalog): the same five routes for each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.body import documented, payload_or_empty
from api.pagination import paged_response
from api.schemas.incidents import ScopeIn, ScopeOut, ServiceIn, ServiceOut
from api.security import ServicesDep, allowed, allowed_or_anonymous
from application.access import MANAGE_CATALOG, READ_CATALOG, Principal
from application.catalog import CatalogItems
from application.services import Services

Payload = Annotated[dict[str, Any], Depends(payload_or_empty)]


def catalog_router(
    kind: str,
    items_of: Callable[[Services], CatalogItems],
    body_model: type[BaseModel],
    out_model: type[BaseModel],
    *,
    public: bool,
) -> APIRouter:
    """GET list, GET one, create, update, delete of one kind."""
    router = APIRouter(prefix=f"/{kind}", tags=["Catalog"])
    # Defaults, not Annotated aliases: string annotations cannot name a local.
    reader = Depends(allowed_or_anonymous(READ_CATALOG) if public else allowed(READ_CATALOG))
    writer = Depends(allowed(MANAGE_CATALOG))

    @router.get("", response_model=list[out_model])  # type: ignore[valid-type]
    def list_items(
        request: Request, svc: ServicesDep, who: Principal | None = reader
    ) -> JSONResponse:
        """A page, newest first (without a key: public ones only)."""
        params = request.query_params
        page = items_of(svc).list(who, params.get("page"), params.get("per_page"))
        return paged_response(request, page)

    @router.get("/{item_id}", response_model=out_model)
    def get_item(item_id: str, svc: ServicesDep, who: Principal | None = reader) -> dict[str, Any]:
        """One by id."""
        return dict(items_of(svc).get(who, item_id))

    @router.post(
        "/create",
        status_code=201,
        response_model=out_model,
        openapi_extra=documented(body_model, required=True, form=True),
    )
    def create_item(svc: ServicesDep, body: Payload, who: Principal = writer) -> dict[str, Any]:
        """Create one; name is required."""
        return dict(items_of(svc).create(who, body))

    @router.post(
        "/{item_id}/update",
        response_model=out_model,
        openapi_extra=documented(body_model, required=True, form=True),
    )
    def update_item(
        item_id: str, svc: ServicesDep, body: Payload, who: Principal = writer
    ) -> dict[str, Any]:
        """Change it; name is required."""
        return dict(items_of(svc).update(who, item_id, body))

    @router.post("/{item_id}/delete", status_code=204, response_class=Response)
    def delete_item(item_id: str, svc: ServicesDep, who: Principal = writer) -> Response:
        """Delete it, unless a live incident uses it (409)."""
        items_of(svc).delete(who, item_id)
        return Response(status_code=204)

    return router


scope_router = catalog_router("scope", lambda s: s.scopes, ScopeIn, ScopeOut, public=True)
service_router = catalog_router(
    "service", lambda s: s.services, ServiceIn, ServiceOut, public=False
)
