"""Rules every stored text obeys, whatever its field."""

from __future__ import annotations

from domain.errors import InvalidValue


def check_text(field: str, value: str, max_length: int, *, stated: int | None = None) -> str:
    """Text without NUL characters or lone surrogates (no store keeps them), of bounded length.

    stated: the limit the message names, where max_length is a looser guard
    (a name checked before it is trimmed)."""
    if "\x00" in value:
        raise InvalidValue(field, "must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(field, "must be valid Unicode text") from None
    if len(value) > max_length:
        raise InvalidValue(field, f"must be at most {stated or max_length} characters")
    return value
