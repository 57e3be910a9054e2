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

# Write requests wait on the writer's batches; 32 lets 32 connections' writes
# share a batch (incident create: 511/s with 64 threads, 556/s with 32).
THREADS = 32
# Read-only requests never wait on the writer, only on short queries; more
# threads than this only fight over the GIL: at 32 connections, incident get
# served 687/s with 64 threads, 1,321/s with 8, 1,209/s with 4, 1,117/s with 16.
READ_THREADS = 8


def start(app: FastAPI) -> None:
    """Give the app its pools (called in the lifespan)."""
    app.state.executor = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="request")
    app.state.read_executor = ThreadPoolExecutor(
        max_workers=READ_THREADS, thread_name_prefix="read"
    )


def stop(app: FastAPI) -> None:
    """Finish and release the pools."""
    app.state.executor.shutdown(wait=True)
    app.state.read_executor.shutdown(wait=True)


async def run(request: Request, work: Callable[[], Any], *, read_only: bool = False) -> Any:
    """The result of work, run off the event loop (read_only: on the read pool)."""
    # Read-only work never waits for the writer, so its queries may share one
    # connection, taken from the pool once.
    loop = asyncio.get_running_loop()
    state = request.app.state
    if read_only:
        return await loop.run_in_executor(
            state.read_executor, partial(_in_session, state.services, work)
        )
    return await loop.run_in_executor(state.executor, work)


async def respond(
    request: Request, work: Callable[[], Any], status: int = 200, *, read_only: bool = False
) -> Response:
    """work's result as a JSON response."""
    return JSONResponse(await run(request, work, read_only=read_only), status_code=status)


def _in_session(services: Services, work: Callable[[], Any]) -> Any:
    with services.read_session():
        return work()
