"""A route's use-case code runs through the services' dispatch (never blocking the
event loop), and its result goes out as JSON without FastAPI re-serialising it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from application.ports import Work


async def run(request: Request, work: Callable[[], Any], kind: Work = Work.WRITE) -> Any:
    """The result of work, run where its kind of work belongs."""
    return await request.app.state.services.dispatch.run(work, kind)


async def respond(
    request: Request, work: Callable[[], Any], status: int = 200, kind: Work = Work.WRITE
) -> Response:
    """work's result as a JSON response."""
    return JSONResponse(await run(request, work, kind), status_code=status)
