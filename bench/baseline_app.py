"""The plain CRUD baseline: FastAPI plus one INSERT per request, on the service's stack.

Served by uvicorn (uvicorn[standard]: uvloop and httptools) with the service's
settings, it answers POST /items with one autocommit INSERT through a psycopg 3
ConnectionPool sized like the service's read-model pool (BASELINE_POOL_MAX, which
run.py reads from infrastructure/databases.py), run off the event loop
in a thread pool the way the service runs its store calls (api/blocking.py),
and a JSONResponse. What an incident create costs beyond this is the price of
the event store, the domain rules and the projection.

    uvicorn baseline_app:create_app --factory --app-dir bench
    (BASELINE_DATABASE_URL: the database; its table must exist, see create_table)
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from psycopg_pool import ConnectionPool
from pydantic import BaseModel, Field

TABLE = "bench_items"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, name text NOT NULL, "
    "created_at timestamptz NOT NULL DEFAULT now())"
)
INSERT = f"INSERT INTO {TABLE} (name) VALUES (%s) RETURNING id, created_at"
POOL_MIN = 1  # as infrastructure/databases.py's read-model pool; the size comes from there
THREADS = 32  # as api/blocking.py (its pool for writes)


class ItemIn(BaseModel):
    """The request body."""

    name: str = Field(min_length=1, max_length=255)


def create_table(url: str) -> None:
    """The baseline's table (call once, before the server starts)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(DDL)


def insert(pool: ConnectionPool, name: str) -> dict[str, Any]:
    """One row, one autocommit INSERT; the stored row."""
    with pool.connection() as conn:
        row = conn.execute(INSERT, (name,)).fetchone()
    assert row is not None
    return {"id": row[0], "name": name, "created_at": row[1].isoformat()}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the pool and the threads; close them on shutdown."""
    url = os.environ["BASELINE_DATABASE_URL"]
    size = int(os.environ.get("BASELINE_POOL_MAX", "16"))
    kwargs = {"autocommit": True}
    with ConnectionPool(url, min_size=POOL_MIN, max_size=size, kwargs=kwargs) as pool:
        app.state.pool = pool
        app.state.executor = ThreadPoolExecutor(THREADS, thread_name_prefix="request")
        yield
        app.state.executor.shutdown(wait=True)


async def create_item(item: ItemIn, request: Request) -> JSONResponse:
    """Store one item; 201 with the row."""
    loop = asyncio.get_running_loop()
    state = request.app.state
    row = await loop.run_in_executor(state.executor, insert, state.pool, item.name)
    return JSONResponse(row, status_code=201)


async def health() -> dict[str, str]:
    """Readiness probe."""
    return {"status": "ok"}


def create_app() -> FastAPI:
    """The baseline app (uvicorn factory)."""
    app = FastAPI(lifespan=lifespan)
    app.add_api_route("/items", create_item, methods=["POST"], status_code=201)
    app.add_api_route("/health", health, methods=["GET"])
    return app
