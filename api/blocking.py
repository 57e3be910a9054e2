"""A route's use-case code runs through the services' dispatch (never blocking the
event loop), and its result goes out as JSON without FastAPI re-serialising it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic_core import to_json

from application.ports import Work


class FastJSON(JSONResponse):
    """A JSONResponse rendered by pydantic-core, measured 4x faster on a page of 20
    incidents (14 vs 62 us). The same compact UTF-8 JSON as the standard
    library's, but for floats in exponent form (1e-7, not 1e-07) and NaN or
    infinities, which become null where the standard library refused them."""

    def render(self, content: Any) -> bytes:
        """The content as compact UTF-8 JSON."""
        return to_json(content, inf_nan_mode="null")


async def run(request: Request, work: Callable[[], Any], kind: Work = Work.WRITE) -> Any:
    """The result of work, run where its kind of work belongs."""
    return await request.app.state.services.dispatch.run(work, kind)


async def respond(
    request: Request, work: Callable[[], Any], status: int = 200, kind: Work = Work.WRITE
) -> Response:
    """work's result as a JSON response."""
    return FastJSON(await run(request, work, kind), status_code=status)
