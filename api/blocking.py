"""One thread hop per request: the route's blocking work (key lookup, store calls)
runs in a plain thread pool, and its result goes out as JSON without FastAPI
re-serialising it. anyio's per-call dispatch cost a third of the CPU per request."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from application.services import Services

THREADS = 64  # requests that may wait on the writer or the database at once


def start(app: FastAPI) -> None:
    """Give the app its pool (called in the lifespan)."""
    app.state.executor = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="request")


def stop(app: FastAPI) -> None:
    """Finish and release the pool."""
    app.state.executor.shutdown(wait=True)


async def run(request: Request, work: Callable[[], Any], *, read_only: bool = False) -> Any:
    """The result of work, run off the event loop.

    read_only: work only reads (never waits for the writer), so its queries
    may share one connection, taken from the pool once."""
    loop = asyncio.get_running_loop()
    if read_only:
        work = partial(_in_session, request.app.state.services, work)
    return await loop.run_in_executor(request.app.state.executor, work)


async def respond(
    request: Request, work: Callable[[], Any], status: int = 200, *, read_only: bool = False
) -> Response:
    """work's result as a JSON response."""
    return JSONResponse(await run(request, work, read_only=read_only), status_code=status)


def _in_session(services: Services, work: Callable[[], Any]) -> Any:
    with services.read_session():
        return work()
