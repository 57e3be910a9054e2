"""Every error becomes {"error": "..."} with its status, mapped here once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from api.head import allowed
from application.errors import (
    BodyTimedOut,
    Forbidden,
    InvalidRequest,
    StoreUnavailable,
    TooLarge,
    Unauthenticated,
    UnsupportedEncoding,
)
from domain.errors import Conflict, DomainError, InvalidValue, NotFound

log = logging.getLogger(__name__)

STATUS: tuple[tuple[type[Exception], int], ...] = (
    (InvalidValue, 400),
    (InvalidRequest, 400),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (BodyTimedOut, 408),
    (Conflict, 409),
    (TooLarge, 413),
    (UnsupportedEncoding, 415),
    (StoreUnavailable, 503),
)
# A 401 names the scheme a client may answer with (RFC 9110 11.6.1); the ApiKey
# header is no Authorization scheme, so only Bearer is announced.
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="incident-ledger"'}
# The rest of a body that stalled may still come; the connection cannot carry
# another request after it, so uvicorn is told to close it.
CLOSE = {"Connection": "close"}


class ErrorOut(BaseModel):
    """Every error's body."""

    error: str


DOCUMENTED: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "Malformed JSON, a bad value, id, query, select or sort",
    },
    401: {"model": ErrorOut, "description": "No, unknown or revoked API key"},
    403: {"model": ErrorOut, "description": "The key lacks the permission"},
    404: {"model": ErrorOut, "description": "Missing, deleted, or in another project"},
    409: {"model": ErrorOut, "description": "Conflicts with the current state"},
    503: {"model": ErrorOut, "description": "The database is unavailable"},
}


SECURITY_SCHEMES = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "ApiKey"},
    "Bearer": {"type": "http", "scheme": "bearer"},
}


def document(app: FastAPI) -> None:
    """OpenAPI with the key schemes, and without FastAPI's 422 (bad input is a 400)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    operation.get("responses", {}).pop("422", None)
                    # Either header authenticates (public reads also answer without).
                    operation["security"] = [{"ApiKey": []}, {"Bearer": []}]
            schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The one error shape of the API. A message may quote the client's input, which
    JSON lets hold lone surrogates (a key "\\ud800"): those are escaped, not a 500."""
    safe = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse({"error": safe}, status_code=status, headers=headers)


def describe(error: ValidationError | RequestValidationError) -> str:
    """One line naming each field at fault."""
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        if item.get("type") == "extra_forbidden":
            # Also a whole part the call does not take ("select" on count).
            parts.append(f"{loc}: not a field this call takes")
        elif item.get("type") == "json_invalid":
            parts.append(f"malformed JSON: {item.get('msg')}")
        elif item.get("type") in ("model_type", "dict_type", "model_attributes_type"):
            parts.append(f"{loc or 'body'}: must be a JSON object")  # not pydantic's class names
        else:
            parts.append(f"{loc or 'body'}: {item.get('msg')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(DomainError, _on_domain)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(ClientDisconnect, _on_disconnect)
    app.add_exception_handler(Exception, _on_unexpected)


_HEADERS = {401: CHALLENGE, 408: CLOSE}


async def _on_domain(request: Request, exc: Exception) -> JSONResponse:
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return error_response(status, str(exc), _HEADERS.get(status))
    return await _on_unexpected(request, exc)


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError | ValidationError)
    return error_response(400, describe(exc))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})  # Starlette's own, such as a 405's Allow
    if exc.status_code == 405:
        # Starlette names the methods of the first route on the path alone, in
        # no fixed order.
        paths = getattr(request.app.state, "path_methods", ())
        starlettes = ", ".join(sorted(m.strip() for m in headers.pop("Allow", "").split(",")))
        allow = allowed(paths, request.scope) or starlettes
        if allow:
            headers["Allow"] = allow
    return error_response(exc.status_code, str(exc.detail), headers)


async def _on_disconnect(request: Request, _: Exception) -> Response:
    # The client left mid-body: nothing was read whole, so nothing was written,
    # and nobody is left to answer (not an error of the service).
    log.info("client left mid-body: %s %s", request.method, request.url.path)
    return Response(status_code=400)


async def _on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error", exc_info=exc)
    return error_response(500, "internal error")
