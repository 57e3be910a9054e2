"""Rules every stored text obeys, whatever its field."""

from __future__ import annotations

from typing import Any

from domain.errors import InvalidValue


def check_text(field: str, value: str, max_length: int, *, stated: int | None = None) -> str:
    """Text without NUL characters or lone surrogates (no store keeps them), of bounded length."""
    # stated: the limit the message names where max_length is a looser guard
    # (a name checked before it is trimmed).
    if "\x00" in value:
        raise InvalidValue(field, "must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(field, "must be valid Unicode text") from None
    if len(value) > max_length:
        raise InvalidValue(field, f"must be at most {stated or max_length} characters")
    return value


def nested_within(value: Any, limit: int) -> bool:
    """Whether a JSON value's arrays and objects nest at most limit deep."""
    # Walked without recursion: encoders and the projection recurse, and a
    # value nested near the interpreter's limit got past the parser and then
    # failed there (a 500, or an event the read model could never project).
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True
