"""API-key authentication: `ApiKey: <secret>` or `Authorization: Bearer <secret>`.

A route declares the grant it needs with `allowed(GRANT)`; a public read asks
`Access.reader()`, which lets a request without a key through. The dependency
only reads the headers: the key is looked up inside the route's one blocking
call (see api.blocking), so a request costs one thread hop, not one per
dependency.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from application.access import Grant, Principal
from application.services import Services


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


def presented_secret(request: Request) -> str | None:
    """The key from `ApiKey: <secret>` or `Authorization: Bearer <secret>`.

    Read directly, not through FastAPI's security classes: each dependency
    costs per request; the schemes are documented in OpenAPI by api.errors."""
    secret = request.headers.get("apikey")
    if secret:
        return secret
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def allowed(grant: Grant) -> Callable[..., Awaitable[Access]]:
    """A route dependency: the access a key holding grant has (401/403 when checked)."""

    async def declare(request: Request) -> Access:
        return Access(request.app.state.services, presented_secret(request), grant)

    return declare
