"""HEAD answered as GET on the routes that only read (RFC 9110 9.3.2): the GET's
status and headers, no body. FastAPI routes declare GET alone, and adding HEAD
to them would give every read a second OpenAPI operation.

Only a path served with GET alone is read-only here: seed 000's paths that also
answer GET for a write (`.../update-item`, `.../delete-item`) take POST too, and
a HEAD there stays a 405, as link checkers and proxies take HEAD to be safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PathMethods = tuple[tuple[re.Pattern[str], frozenset[str]], ...]


def path_methods(routers: Iterable[APIRouter]) -> PathMethods:
    """Each path's pattern with every method it is served with (seed 000's paths
    have one route per method, and a 405 must name them all)."""
    methods: dict[str, set[str]] = {}
    patterns: dict[str, re.Pattern[str]] = {}
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                methods.setdefault(route.path, set()).update(route.methods or ())
                patterns[route.path] = route.path_regex
    return tuple((patterns[path], frozenset(served)) for path, served in methods.items())


def allowed(paths: PathMethods, scope: Scope) -> str | None:
    """The Allow header for a request's path: its methods, and HEAD where GET alone is."""
    path = route_path(scope)
    for pattern, served in paths:
        if pattern.match(path):
            return ", ".join(sorted(served | ({"HEAD"} if served == {"GET"} else set())))
    return None


def route_path(scope: Scope) -> str:
    """The path the routes match: without the root path a proxy or mount put before it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class HeadAsGet:
    """ASGI middleware: a HEAD request on a read-only path runs as a GET whose body
    is dropped; any other request passes through untouched."""

    def __init__(self, app: ASGIApp, paths: PathMethods) -> None:
        self.app = app
        self.reads = tuple(pattern for pattern, served in paths if served == {"GET"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite a HEAD on a read-only path; pass everything else on."""
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        if not any(path.match(route_path(scope)) for path in self.reads):
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
