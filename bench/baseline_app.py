"""The plain CRUD baseline: FastAPI plus one INSERT per request, on the service's stack.

Served by uvicorn (uvicorn[standard]: uvloop and httptools) with the service's
settings, it answers POST /items with one autocommit INSERT through a psycopg 3
AsyncConnectionPool sized like the service's read-model pools (BASELINE_POOL_MAX,
which run.py reads from infrastructure/postgres_db.py), awaited on the event loop
as the service awaits its queries on Postgres (infrastructure/bridge.py), a
JSONResponse, and the collector tuned as `incident-ledger serve` tunes it
(api.collector.tune_collector). What an incident create costs beyond this is the price of
the event store, the domain rules and the projection.

    uvicorn baseline_app:create_app --factory --app-dir bench
    (BASELINE_DATABASE_URL: the database; its table must exist, see create_table)
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel, Field

from api.collector import tune_collector

TABLE = "bench_items"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, name text NOT NULL, "
    "created_at timestamptz NOT NULL DEFAULT now())"
)
INSERT = f"INSERT INTO {TABLE} (name) VALUES (%s) RETURNING id, created_at"
POOL_MIN = 1  # as infrastructure/postgres_db.py's read-model pools; the size comes from there


class ItemIn(BaseModel):
    """The request body."""

    name: str = Field(min_length=1, max_length=255)


def create_table(url: str) -> None:
    """The baseline's table (call once, before the server starts)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(DDL)


async def insert(pool: AsyncConnectionPool[Any], name: str) -> dict[str, Any]:
    """One row, one autocommit INSERT; the stored row."""
    async with pool.connection() as conn:
        cur = await conn.execute(INSERT, (name,))
        row = await cur.fetchone()
    assert row is not None
    return {"id": row[0], "name": name, "created_at": row[1].isoformat()}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the pool; close it on shutdown."""
    url = os.environ["BASELINE_DATABASE_URL"]
    size = int(os.environ.get("BASELINE_POOL_MAX", "16"))
    kwargs = {"autocommit": True}
    pool = AsyncConnectionPool(url, min_size=POOL_MIN, max_size=size, kwargs=kwargs, open=False)
    async with pool:
        app.state.pool = pool
        tune_collector()
        yield


async def create_item(item: ItemIn, request: Request) -> JSONResponse:
    """Store one item; 201 with the row."""
    row = await insert(request.app.state.pool, item.name)
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
