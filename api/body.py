"""Request bodies: parsed and checked here, so every problem is a clear 400.

JSON is read whatever the Content-Type says (the seed's clients send JSON);
form bodies are read when the Content-Type says so. The model's schema is still
published in OpenAPI.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.formparsers import MultiPartException, MultiPartParser

from api.errors import describe
from application.errors import BodyTimedOut, InvalidRequest, TooLarge, UnsupportedEncoding
from domain.text import nested_within

M = TypeVar("M", bound=BaseModel)
BODY_DEPTH = 64  # far past any documented body; see domain.text.nested_within
# Bodies are read whole and checked on their way to the one writer thread; the
# largest documented one (a 20,000-character description) is far below this.
BODY_BYTES = 1024 * 1024
TOO_LARGE = f"body: larger than {BODY_BYTES} bytes"
# uvicorn waits for a body as long as the client likes: a client that declares
# more than it sends (or trickles it) would hold a connection and a task for
# good. The whole body must arrive within this; 1 MiB takes under a second on
# any working link.
BODY_SECONDS = 30.0
BOM = b"\xef\xbb\xbf"
_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([^\";\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class RawBody:
    """A request body, read but not yet parsed: routes parse it after the key check."""

    content_type: str
    data: bytes
    form: dict[str, Any] | None = None

    def payload(self) -> dict[str, Any] | None:
        """The body as a dict: JSON, or form fields; None when empty."""
        if self.form is not None:
            return self.form or None
        # curl -d '{...}' labels JSON as a form: a body opening with { is JSON.
        is_json = self.data.removeprefix(BOM).lstrip()[:1] == b"{"
        if self.content_type == "application/x-www-form-urlencoded" and not is_json:
            try:
                text = self.data.decode("utf-8")
                fields = parse_qsl(text, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise InvalidRequest("form body: must be UTF-8 text") from None
            return dict(fields) or None
        if not self.data.strip():
            return None
        try:
            payload = json.loads(self.data, parse_constant=_no_constants)
        except (json.JSONDecodeError, _Constant, UnicodeDecodeError) as error:
            raise InvalidRequest(f"malformed JSON body: {error}") from None
        except ValueError:  # an integer past the interpreter's digit limit
            raise InvalidRequest(f"malformed JSON body: {_unreadable_number()}") from None
        except RecursionError:
            raise InvalidRequest("malformed JSON body: nested too deeply") from None
        if not isinstance(payload, dict):
            raise InvalidRequest("body: must be a JSON object")
        if not nested_within(payload, BODY_DEPTH):
            raise InvalidRequest(f"body: nested more than {BODY_DEPTH} levels deep")
        return payload

    def fields(self) -> dict[str, Any]:
        """The payload, {} when empty."""
        return self.payload() or {}

    def model(self, model: type[M]) -> M | None:
        """The payload checked against a model; None when empty."""
        payload = self.payload()
        if payload is None:
            return None
        try:
            return model.model_validate(payload)
        except ValidationError as error:
            raise InvalidRequest(describe(error)) from None


async def raw_body(request: Request) -> RawBody:
    """A dependency: the body as sent (multipart forms are read here, they need the loop)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > BODY_BYTES:
        raise TooLarge(TOO_LARGE)
    coding = request.headers.get("content-encoding", "").strip().lower()
    if coding not in ("", "identity"):
        raise UnsupportedEncoding(
            f"Content-Encoding {coding}: not supported; send the body uncompressed"
        )
    data = await _bounded(request)
    if content_type == "multipart/form-data":
        return RawBody(content_type, b"", await _multipart(request, data))
    return RawBody(content_type, data)


async def _multipart(request: Request, data: bytes) -> dict[str, Any]:
    """The text fields of a multipart form, held to the rules of the other forms."""

    async def whole() -> AsyncGenerator[bytes, None]:
        yield data

    charset = _CHARSET.search(request.headers.get("content-type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        # Parts would be decoded in it, and form text is UTF-8 (checked below).
        raise InvalidRequest("multipart body: send it without a charset parameter (UTF-8)")

    try:
        form = await MultiPartParser(request.headers, whole()).parse()
    except MultiPartException as error:
        raise InvalidRequest(f"multipart body: {error.message}") from None
    try:
        files = [name for name, value in form.multi_items() if not isinstance(value, str)]
        if files:
            raise InvalidRequest(f"{files[0]}: must be text, not a file")
    finally:
        await form.close()
    try:  # text parts only: the whole body is text too
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest("form body: must be UTF-8 text") from None
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _bounded(request: Request) -> bytes:
    # Also a body sent without a length (chunked) stops at the bound.
    chunks, size = [], 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > BODY_BYTES:
                    raise TooLarge(TOO_LARGE)
                chunks.append(chunk)
    except TimeoutError:
        raise BodyTimedOut(f"body: not received whole within {BODY_SECONDS:g} s") from None
    return b"".join(chunks)


class _Constant(ValueError):
    """NaN or an infinity, which JSON has no words for."""


def _no_constants(name: str) -> None:
    raise _Constant(f"{name} is not JSON")


def _unreadable_number() -> str:
    return f"a number has more than {sys.get_int_max_str_digits()} digits"


def documented(
    model: type[BaseModel], *, required: bool = False, form: bool = False
) -> dict[str, Any]:
    """openapi_extra that shows the model as the request body (JSON, and form if asked)."""
    schema = _inline(model.model_json_schema())
    content = {"application/json": {"schema": schema}}
    if form:
        content["application/x-www-form-urlencoded"] = {"schema": schema}
    return {"requestBody": {"required": required, "content": content}}


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(defs[ref.split("/")[-1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return dict(resolve(schema))
