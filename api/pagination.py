"""Page headers of the seed's lists: X-Total, X-Total-Pages, X-Per-Page, X-Page,
X-Next-Page, X-Prev-Page and a Link header with next/prev/first/last."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from api.blocking import FastJSON
from application.errors import InvalidRequest
from application.incidents import IncidentPage

PAGING = ("page", "per_page")


def list_params(request: Request, *, only: tuple[str, ...] | None = None) -> dict[str, str]:
    """The query string, one value per name: a name given twice is a 400 (which one
    would count?), as is one outside only, when given."""
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in params:
            raise InvalidRequest(f"{name}: given more than once")
        if only is not None and name not in only:
            raise InvalidRequest(f"{name}: unknown parameter; use {', '.join(only)}")
        params[name] = value
    return params


def paged_response(request: Request, page: IncidentPage) -> FastJSON:
    """The page's items as a JSON array, with the paging headers."""
    # As GitLab's headers: at least one page, and a page past the last points
    # nowhere but first and last (Kaminari's out_of_range).
    pages = max(1, math.ceil(page.total / page.per_page))
    following = page.page + 1 if page.page < pages else None
    previous = page.page - 1 if 1 < page.page <= pages else None
    headers = {
        "X-Total": str(page.total),
        "X-Total-Pages": str(pages),
        "X-Per-Page": str(page.per_page),
        "X-Page": str(page.page),
        "X-Next-Page": str(following or ""),
        "X-Prev-Page": str(previous or ""),
        "Link": _links(request, page.per_page, following, previous, pages),
    }
    body: list[dict[str, Any]] = [dict(item) for item in page.items]
    return FastJSON(body, headers=headers)


def _links(
    request: Request, per_page: int, following: int | None, previous: int | None, last: int
) -> str:
    # As URL.include_query_params would give, but the rest of the query is
    # encoded once for all four links (a tenth of a list's server time before).
    url = request.url
    kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in PAGING])
    base = f"{url.scheme}://{url.netloc}{url.path}?{kept}{'&' if kept else ''}"
    targets = {"next": following, "prev": previous, "first": 1, "last": last}
    return ", ".join(
        f'<{base}page={n}&per_page={per_page}>; rel="{rel}"'
        for rel, n in targets.items()
        if n is not None
    )
