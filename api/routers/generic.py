"""OneUptime's generic read routes (get-list, count, get-item), for any resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from api.blocking import respond
from api.body import documented, raw_body
from api.pagination import list_params
from api.routes import add_routes
from api.schemas.common import CountBody, CountOut, ListBody, ListOut, SelectBody
from api.security import Access, allowed
from application.access import Grant
from application.listing import Listing
from application.ports import Work
from application.query import ListSpec, parse_paging, parse_query, parse_select, parse_sort
from application.services import Services

Paging = Annotated[str | None, Query(description="skip: objects to skip; limit: 1-100, default 10")]


def list_spec(listing: Listing, body: ListBody | None, skip: Any, limit: Any) -> ListSpec:
    """A checked get-list request (paging from the query string, else the body)."""
    b = body or ListBody.model_validate({})
    skip_n, limit_n = parse_paging(
        skip if skip is not None else b.skip, limit if limit is not None else b.limit
    )
    return ListSpec(
        conditions=parse_query(listing.resource, b.query),
        fields=parse_select(listing.resource, b.select),
        sort=parse_sort(listing.resource, b.sort),
        skip=skip_n,
        limit=limit_n,
    )


def add_generic_reads(
    router: APIRouter, listing_of: Callable[[Services], Listing], grant: Grant
) -> None:
    """Serve get-list, count and get-item of one resource on the router."""
    # A default, not an Annotated alias: string annotations cannot name a local.
    reader = Depends(allowed(grant))

    async def get_list(
        request: Request,
        skip: Paging = None,
        limit: Paging = None,
        access: Access = reader,
    ) -> Response:
        """A page; count is the total matching the query, not the page size."""
        body = await raw_body(request)
        listing = listing_of(access.services)

        def work() -> dict[str, Any]:
            who = access.caller()
            list_params(request)  # skip or limit given twice: a 400, not the last one
            spec = list_spec(listing, body.model(ListBody), skip, limit)
            page = listing.list(who, spec)
            data = [dict(item) for item in page.items]
            return {"count": page.count, "limit": page.limit, "skip": page.skip, "data": data}

        return await respond(request, work, kind=Work.READ)

    async def count(request: Request, access: Access = reader) -> Response:
        """How many objects match the query."""
        body = await raw_body(request)
        listing = listing_of(access.services)

        def work() -> dict[str, int]:
            who = access.caller()
            checked = body.model(CountBody)
            conditions = parse_query(listing.resource, checked.query if checked else None)
            return {"count": listing.count(who, conditions)}

        return await respond(request, work, kind=Work.READ)

    async def get_item(item_id: str, request: Request, access: Access = reader) -> Response:
        """One object: _id plus the selected fields."""
        body = await raw_body(request)
        listing = listing_of(access.services)

        def work() -> dict[str, Any]:
            who = access.caller()
            checked = body.model(SelectBody)
            fields = parse_select(listing.resource, checked.select if checked else None)
            return dict(listing.get(who, item_id, fields))

        return await respond(request, work, kind=Work.READ)

    add_routes(
        router,
        "/get-list",
        get_list,
        ("POST", "GET"),
        response_model=ListOut,
        openapi_extra=documented(ListBody),
    )
    add_routes(
        router,
        "/count",
        count,
        ("POST", "GET"),
        response_model=CountOut,
        openapi_extra=documented(CountBody),
    )
    add_routes(
        router,
        "/{item_id}/get-item",
        get_item,
        ("POST", "GET"),
        openapi_extra=documented(SelectBody),
    )
