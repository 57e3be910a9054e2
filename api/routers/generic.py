"""OneUptime's generic read routes (get-list, count, get-item), for any resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.body import body_of, documented
from api.routes import add_routes
from api.schemas.common import CountBody, CountOut, ListBody, ListOut, SelectBody
from api.security import ServicesDep, allowed
from application.access import Grant, Principal
from application.listing import Listing
from application.query import ListSpec, parse_paging, parse_query, parse_select, parse_sort
from application.services import Services

Paging = Annotated[str | None, Query(description="skip: objects to skip; limit: 1-100, default 10")]


def add_generic_reads(
    router: APIRouter, listing_of: Callable[[Services], Listing], grant: Grant
) -> None:
    """Serve get-list, count and get-item of one resource on the router."""
    # A default, not an Annotated alias: string annotations cannot name a local.
    reader = Depends(allowed(grant))

    def get_list(
        svc: ServicesDep,
        body: Annotated[ListBody | None, Depends(body_of(ListBody))],
        skip: Paging = None,
        limit: Paging = None,
        who: Principal = reader,
    ) -> dict[str, Any]:
        """A page; count is the total matching the query, not the page size."""
        listing = listing_of(svc)
        b = body or ListBody.model_validate({})
        skip_n, limit_n = parse_paging(
            skip if skip is not None else b.skip, limit if limit is not None else b.limit
        )
        spec = ListSpec(
            conditions=parse_query(listing.resource, b.query),
            fields=parse_select(listing.resource, b.select),
            sort=parse_sort(listing.resource, b.sort),
            skip=skip_n,
            limit=limit_n,
        )
        page = listing.list(who, spec)
        data = [dict(item) for item in page.items]
        return {"count": page.count, "limit": page.limit, "skip": page.skip, "data": data}

    def count(
        svc: ServicesDep,
        body: Annotated[CountBody | None, Depends(body_of(CountBody))],
        who: Principal = reader,
    ) -> dict[str, int]:
        """How many objects match the query."""
        listing = listing_of(svc)
        conditions = parse_query(listing.resource, body.query if body else None)
        return {"count": listing.count(who, conditions)}

    def get_item(
        item_id: str,
        svc: ServicesDep,
        body: Annotated[SelectBody | None, Depends(body_of(SelectBody))],
        who: Principal = reader,
    ) -> dict[str, Any]:
        """One object: _id plus the selected fields."""
        listing = listing_of(svc)
        fields = parse_select(listing.resource, body.select if body else None)
        return dict(listing.get(who, item_id, fields))

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
