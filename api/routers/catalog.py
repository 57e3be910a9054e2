"""Scopes and services (seed 001's catalog): the same five routes for each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from api.blocking import respond, run
from api.body import documented, raw_body
from api.pagination import PAGING, list_params, paged_response
from api.paths import by_id
from api.schemas.incidents import ScopeIn, ScopeOut, ServiceIn, ServiceOut
from api.security import Access, allowed
from application.access import MANAGE_CATALOG, READ_CATALOG, Principal
from application.catalog import CatalogItems
from application.ports import Work
from application.services import Services


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
    reader = Depends(allowed(READ_CATALOG))
    writer = Depends(allowed(MANAGE_CATALOG))

    def who_reads(access: Access) -> Principal | None:
        # Scopes are listed without a key (public ones); services need a key.
        return access.reader() if public else access.caller()

    @router.get("", response_model=list[out_model])  # type: ignore[valid-type]
    async def list_items(request: Request, access: Access = reader) -> Response:
        """A page, newest first (scopes without a key: public ones only)."""
        params = list_params(request, only=PAGING)
        page = await run(
            request,
            lambda: items_of(access.services).list(
                who_reads(access), params.get("page"), params.get("per_page")
            ),
            kind=Work.READ,
        )
        return paged_response(request, page)

    @router.get(by_id("item_id"), response_model=out_model)
    async def get_item(item_id: str, request: Request, access: Access = reader) -> Response:
        """One by id."""
        work = lambda: dict(items_of(access.services).get(who_reads(access), item_id))  # noqa: E731
        return await respond(request, work, kind=Work.READ)

    @router.post(
        "/create",
        status_code=201,
        response_model=out_model,
        openapi_extra=documented(body_model, required=True, form=True),
    )
    async def create_item(request: Request, access: Access = writer) -> Response:
        """Create one; name is required."""
        body = await raw_body(request)

        def work() -> dict[str, Any]:
            return dict(items_of(access.services).create(access.caller(), body.fields()))

        return await respond(request, work, 201)

    @router.post(
        "/{item_id}/update",
        response_model=out_model,
        openapi_extra=documented(body_model, required=True, form=True),
    )
    async def update_item(item_id: str, request: Request, access: Access = writer) -> Response:
        """Change it; name is required."""
        body = await raw_body(request)

        def work() -> dict[str, Any]:
            items = items_of(access.services)
            return dict(items.update(access.caller(), item_id, body.fields()))

        return await respond(request, work)

    @router.post("/{item_id}/delete", status_code=204, response_class=Response)
    async def delete_item(item_id: str, request: Request, access: Access = writer) -> Response:
        """Delete it, unless a live incident uses it (409)."""
        await run(request, lambda: items_of(access.services).delete(access.caller(), item_id))
        return Response(status_code=204)

    return router


scope_router = catalog_router("scope", lambda s: s.scopes, ScopeIn, ScopeOut, public=True)
service_router = catalog_router(
    "service", lambda s: s.services, ServiceIn, ServiceOut, public=False
)
