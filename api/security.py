"""API-key authentication: `ApiKey: <secret>` or `Authorization: Bearer <secret>`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from application.access import Grant, Principal
from application.services import Services

api_key_header = APIKeyHeader(name="ApiKey", auto_error=False)
bearer = HTTPBearer(auto_error=False)


async def services(request: Request) -> Services:
    """The services built by the app's lifespan (async: no I/O, so no thread hop)."""
    built: Services = request.app.state.services
    return built


def principal(
    request: Request,
    api_key: Annotated[str | None, Depends(api_key_header)],
    token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller's key, or 401."""
    secret = api_key or (token.credentials if token else None)
    built: Services = request.app.state.services
    return built.auth.authenticate(secret)


Caller = Annotated[Principal, Depends(principal)]
ServicesDep = Annotated[Services, Depends(services)]


def allowed(grant: Grant) -> Callable[[Principal], Awaitable[Principal]]:
    """A route dependency: the caller, if its key holds the grant (else 403)."""

    async def check(who: Caller) -> Principal:
        who.require(grant)
        return who

    return check


def optional_principal(
    request: Request,
    api_key: Annotated[str | None, Depends(api_key_header)],
    token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal | None:
    """The caller's key, or None for a reader without one (a bad key is still a 401)."""
    secret = api_key or (token.credentials if token else None)
    if secret is None:
        return None
    built: Services = request.app.state.services
    return built.auth.authenticate(secret)


def allowed_or_anonymous(
    grant: Grant,
) -> Callable[[Principal | None], Awaitable[Principal | None]]:
    """A route dependency for public reads: None without a key, else a key holding grant."""

    async def check(
        who: Annotated[Principal | None, Depends(optional_principal)],
    ) -> Principal | None:
        if who is not None:
            who.require(grant)
        return who

    return check
