"""API-key authentication: `ApiKey: <secret>` or `Authorization: Bearer <secret>`.

A route declares the grant it needs with `allowed(GRANT)` (or
`allowed_or_anonymous(GRANT)` for public reads). The dependency only reads the
headers; the key is looked up inside the route's one blocking call (see
api.blocking), so a request costs one thread hop, not one per dependency.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from application.access import Grant, Principal
from application.services import Services

api_key_header = APIKeyHeader(name="ApiKey", auto_error=False)
bearer = HTTPBearer(auto_error=False)


async def services(request: Request) -> Services:
    """The services built by the app's lifespan."""
    built: Services = request.app.state.services
    return built


ServicesDep = Annotated[Services, Depends(services)]


@dataclass(frozen=True)
class Access:
    """The presented key and the grant the route needs; checked when asked."""

    services: Services
    secret: str | None
    grant: Grant

    def caller(self) -> Principal:
        """The key's principal if it holds the grant; else 401 or 403."""
        who = self.services.auth.authenticate(self.secret)
        who.require(self.grant)
        return who

    def reader(self) -> Principal | None:
        """None without a key (a public read); else as caller()."""
        return None if self.secret is None else self.caller()


async def _secret(
    api_key: Annotated[str | None, Depends(api_key_header)],
    token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    return api_key or (token.credentials if token else None)


def allowed(grant: Grant) -> Callable[..., Awaitable[Access]]:
    """A route dependency: the access a key holding grant has (401/403 when checked)."""

    async def declare(svc: ServicesDep, secret: Annotated[str | None, Depends(_secret)]) -> Access:
        return Access(svc, secret, grant)

    return declare
