"""The FastAPI application; services are built in its lifespan, never at import."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from api import errors
from api.collector import tune_collector
from api.head import HeadAsGet, path_methods
from api.routers import catalog, incident_generic, incident_states, incidents
from infrastructure.wiring import build_services

# A request is matched against each router in turn, and a router that does not
# serve it still costs 7-15 us to say so (FastAPI 0.165): the Incident API, the
# busiest for status pages and on-call tools, comes first.
ROUTERS = (
    incidents.router,
    incident_states.router,
    incident_generic.router,
    catalog.scope_router,
    catalog.service_router,
)


def serving_app() -> FastAPI:
    """The app `incident-ledger serve` runs: create_app() with the collector tuned for it."""
    return create_app(serving=True)


def create_app(url: str | None = None, *, serving: bool = False) -> FastAPI:
    """The app for the store at url (default: DATABASE_URL); serving: a long-lived server
    process (the collector is tuned once it has started)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        shared = os.environ.get("INCIDENT_LEDGER_SHARED_STORE") == "1"
        services = await run_in_threadpool(build_services, url, shared=shared)
        app.state.services = services
        await services.dispatch.start()
        for task in services.background:
            await task.start()
        if serving:
            tune_collector()
        try:
            yield
        finally:
            for task in services.background:
                await task.stop()
            await services.dispatch.stop()
            await run_in_threadpool(services.close)

    app = FastAPI(
        title="incident-ledger",
        version="0.1.0",
        description="Event-sourced incident lifecycle service. Authenticate with the "
        "`ApiKey` header (or `Authorization: Bearer`).",
        lifespan=lifespan,
    )
    errors.install(app)
    app.state.path_methods = path_methods(ROUTERS)
    app.add_middleware(HeadAsGet, paths=app.state.path_methods)
    for router in ROUTERS:
        app.include_router(router, responses=errors.DOCUMENTED)
    errors.document(app)
    return app
