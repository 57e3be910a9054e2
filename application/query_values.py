"""Values in queries: checked against the field's kind and put in stored form."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from application.errors import InvalidRequest
from application.times import iso, parse_instant

if TYPE_CHECKING:
    from application.query import Field

INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # every store's integer range
SHOWN_MAX = 200  # characters of a client's value an error message repeats
DIGITS_MAX = 30  # past any bigint: a longer integer stands for BEYOND, never converted
BEYOND: int = 10**DIGITS_MAX
_SIGNED = re.compile(r"[+-]?[0-9]+")
_NO_PLUS = re.compile(r"-?[0-9]+")


def read_integer(value: Any, *, plus: bool = True) -> int | None:
    """An integer, or one written in ASCII digits with an optional sign (a "+" only
    if plus), as a form or query string sends it; None for anything else. One of
    more than DIGITS_MAX digits stands for -BEYOND or BEYOND, past every range checked."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not (_SIGNED if plus else _NO_PLUS).fullmatch(text):
        return None
    if len(text.lstrip("+-").lstrip("0")) > DIGITS_MAX:
        return -BEYOND if text.startswith("-") else BEYOND
    return int(text)


def coerce(field: Field, value: Any) -> Any:
    """A query value checked and converted for the field's kind, or a 400 naming it."""
    try:
        return _COERCERS[field.kind.value](value)
    except (TypeError, ValueError):
        raise InvalidRequest(
            f"query.{field.name}: {shown(value)} is not a valid {field.kind.value} value"
        ) from None


def shown(value: Any) -> str:
    """A client's value in an error message, as JSON (true, null, "text"), not Python."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return type(value).__name__
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def _as_id(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return str(UUID(value))


def _as_text(value: Any) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise TypeError
    value.encode("utf-8")  # a lone surrogate raises (a ValueError): no store takes it
    return value


def _as_instant(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return iso(parse_instant(value))


def _as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    if not INT_MIN <= value <= INT_MAX:
        raise ValueError  # beyond every store's 64-bit integers
    return value


_COERCERS: dict[str, Callable[[Any], Any]] = {
    "id": _as_id,
    "text": _as_text,
    "instant": _as_instant,
    "bool": _as_bool,
    "int": _as_int,
}
