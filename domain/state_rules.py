"""Value rules of an incident state: name, colour, slug and order."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from domain.errors import InvalidValue
from domain.text import check_text, nested_within

NAME_MAX = 100
SLUG_MAX = 100
DESCRIPTION_MAX = 20_000
CREATED_BY = "createdByUser"  # as clients name it: the rule's messages quote it
CREATED_BY_MAX = 20_000
CREATED_BY_DEPTH = 32
# Orders stay far below the stores' 64-bit range, however often they shift.
ORDER_MAX = 1_000_000_000
_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def check_name(name: str) -> str:
    """Return the trimmed name, or raise if it is empty or too long."""
    trimmed = check_text("name", name, 10 * NAME_MAX, stated=NAME_MAX).strip()
    if not trimmed:
        raise InvalidValue("name", "must not be empty")
    if len(trimmed) > NAME_MAX:
        raise InvalidValue("name", f"must be at most {NAME_MAX} characters")
    return trimmed


def check_description(description: str | None) -> str | None:
    """Optional free text of at most 20,000 characters."""
    if description is None:
        return None
    return check_text("description", description, DESCRIPTION_MAX)


def check_created_by_user(value: Any) -> Any:
    """Any JSON value a store can keep, recorded as given (a NUL too: JSON escapes it)."""
    # No lone surrogate in its strings (keys too), finite numbers, nesting and
    # size bounded (compact JSON, as clients count it).
    if not nested_within(value, CREATED_BY_DEPTH):
        raise InvalidValue(CREATED_BY, f"must nest at most {CREATED_BY_DEPTH} levels deep")
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:
        raise InvalidValue(CREATED_BY, "must hold finite numbers only") from None
    if len(text) > CREATED_BY_MAX:
        raise InvalidValue(CREATED_BY, f"must be at most {CREATED_BY_MAX} characters as JSON")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(CREATED_BY, "must be valid Unicode text") from None
    return value


def name_key(name: str) -> str:
    """The case-insensitive key under which a name must be unique in a project."""
    return name.strip().lower()


def check_color(color: str) -> str:
    """Return the colour if it is hex #RRGGBB or #RGB."""
    if not _HEX_COLOR.fullmatch(color):
        raise InvalidValue("color", "must be a hex colour like #32a852 or #3ad")
    return color


def check_slug(slug: str) -> str:
    """Return the slug if it has the slug shape and length."""
    if len(slug) > SLUG_MAX or not _SLUG.fullmatch(slug):
        raise InvalidValue(
            "slug", "must match ^[a-z0-9]+(-[a-z0-9]+)*$ and be at most 100 characters"
        )
    return slug


def check_order(order: int) -> int:
    """Return the order if it is a positive integer."""
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= ORDER_MAX:
        raise InvalidValue("order", f"must be a positive integer up to {ORDER_MAX}")
    return order


def slugify(name: str) -> str:
    """Lowercase the name and join its alphanumeric runs with '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG_CHARS.sub("-", ascii_name.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "state"


def numbered_slug(base: str, number: int) -> str:
    """The n-th candidate for a taken slug: base, base-2, base-3..., within 100 chars."""
    if number == 1:
        return base
    suffix = f"-{number}"
    return base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
