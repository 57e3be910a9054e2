"""Page headers of the seed's lists: X-Total, X-Total-Pages, X-Per-Page, X-Page,
X-Next-Page, X-Prev-Page and a Link header with next/prev/first/last."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from application.incidents import IncidentPage


def paged_response(request: Request, page: IncidentPage) -> JSONResponse:
    """The page's items as a JSON array, with the paging headers."""
    pages = max(1, math.ceil(page.total / page.per_page))
    following = page.page + 1 if page.page < pages else None
    previous = page.page - 1 if 1 < page.page <= pages + 1 else None
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
    return JSONResponse(body, headers=headers)


def _links(
    request: Request, per_page: int, following: int | None, previous: int | None, last: int
) -> str:
    targets = {"next": following, "prev": previous, "first": 1, "last": last}
    return ", ".join(
        f'<{request.url.include_query_params(page=n, per_page=per_page)}>; rel="{rel}"'
        for rel, n in targets.items()
        if n is not None
    )
