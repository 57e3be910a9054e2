"""Request bodies: parsed and checked here, so every problem is a clear 400.

JSON is read whatever the Content-Type says (the seed's clients send JSON);
form bodies are read when the Content-Type says so. The model's schema is still
published in OpenAPI.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from fastapi import Request
from pydantic import BaseModel, ValidationError

from api.errors import describe
from application.errors import InvalidRequest

M = TypeVar("M", bound=BaseModel)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def read_payload(request: Request) -> dict[str, Any] | None:
    """The body as a dict: JSON, or form fields; None when empty."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        if content_type == "multipart/form-data":
            form = await request.form()
            return {k: v for k, v in form.items() if isinstance(v, str)} or None
        raw = (await request.body()).decode("utf-8", "replace")
        return dict(parse_qsl(raw, keep_blank_values=True)) or None
    raw_bytes = await request.body()
    if not raw_bytes.strip():
        return None
    try:
        payload = json.loads(raw_bytes, parse_constant=_no_constants)
    except ValueError as error:
        raise InvalidRequest(f"malformed JSON body: {error}") from None
    except RecursionError:
        raise InvalidRequest("malformed JSON body: nested too deeply") from None
    if not isinstance(payload, dict):
        raise InvalidRequest("body: must be a JSON object")
    return payload


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def body_of(model: type[M]) -> Callable[[Request], Awaitable[M | None]]:
    """A dependency giving the checked body, or None when there is none."""

    async def dependency(request: Request) -> M | None:
        payload = await read_payload(request)
        if payload is None:
            return None
        try:
            return model.model_validate(payload)
        except ValidationError as error:
            raise InvalidRequest(describe(error)) from None

    return dependency


def documented(
    model: type[BaseModel], *, required: bool = False, form: bool = False
) -> dict[str, Any]:
    """openapi_extra that shows the model as the request body (JSON, and form if asked)."""
    schema = _inline(model.model_json_schema())
    content = {"application/json": {"schema": schema}}
    if form:
        content["application/x-www-form-urlencoded"] = {"schema": schema}
    return {"requestBody": {"required": required, "content": content}}


async def payload_or_empty(request: Request) -> dict[str, Any]:
    """A dependency: the JSON or form body as a dict ({} when empty)."""
    return await read_payload(request) or {}


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
