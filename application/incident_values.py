"""Checks of incident payloads: the seed's fields, as JSON or form values.

Values arrive as the client sent them (form values are strings); each is
checked and converted here, and every problem names its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from application.query_values import INT_MAX, read_integer
from application.times import iso, parse_instant
from domain.errors import InvalidValue
from domain.incident_rules import DATE_FIELDS, check_severity
from domain.state_rules import NAME_MAX
from domain.text import check_text

TEXT_LIMITS = {"name": 255, "description": 20_000, "external_reference": 255, "external_link": 2048}
OPTIONAL_TEXT = ("description", "external_reference", "external_link")
CREATE_REQUIRED = ("scope", "service", "name", "severity", "start_impact_date")
UPDATE_REQUIRED = ("scope", "service", "name", "severity", "status", "start_impact_date")
KNOWN = (*UPDATE_REQUIRED, *OPTIONAL_TEXT, *DATE_FIELDS[1:])


def check_incident(values: Mapping[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    """The checked fields under their domain names; a left-out optional field is absent,
    an empty one is None (cleared)."""
    unknown = sorted(set(values) - set(KNOWN))
    if unknown:
        raise InvalidValue(unknown[0], "is not a field of an incident")
    for field in required:
        if _blank(values.get(field)):
            raise InvalidValue(field, "is required")
    checked: dict[str, Any] = {}
    for field, value in values.items():
        checked.update(_check(field, value))
    return checked


def _check(field: str, value: Any) -> dict[str, Any]:
    if field in ("scope", "service"):
        return {f"{field}_id": whole_number(field, value)}
    if field == "severity":
        return {"severity": check_severity(_text(field, value).strip().lower())}
    if field == "status":
        return {"status": _text(field, value).strip().lower()}
    if field in DATE_FIELDS:
        return {field: None if _blank(value) else instant(field, value)}
    if field in OPTIONAL_TEXT and value is None:
        return {field: None}  # JSON null clears, as an empty string does
    return {field: _check_text(field, _text(field, value))}


def _check_text(field: str, text: str) -> str | None:
    if field == "name":
        return _limited(field, text.strip())
    if not text.strip():
        return None
    if field == "external_link":
        check_link(text.strip())
    return _limited(field, text if field == "description" else text.strip())


def integer(field: str, value: Any) -> int:
    """An integer of any sign, also from a form's text (ASCII digits only)."""
    number = read_integer(value)
    if number is None:
        raise InvalidValue(field, "must be an integer")
    return number


def whole_number(field: str, value: Any) -> int:
    """An integer from 0 up to the stores' bigint."""
    number = integer(field, value)
    if number < 0:
        raise InvalidValue(field, "must be 0 or more")
    if number > INT_MAX:
        raise InvalidValue(field, "is out of range")
    return number


def path_id(value: Any) -> int | None:
    """A path's id: an integer (else a 400); None for one no row can have (below 0,
    past bigint), which is not found rather than bad input."""
    number = integer("id", value)
    return number if 0 <= number <= INT_MAX else None


def body_id(raw: Mapping[str, Any], number: int) -> dict[str, Any]:
    """The body without its id, which the seed lists beside the path's: it may repeat
    the path's id (or be empty), never name another."""
    fields = dict(raw)
    given = fields.pop("id", None)
    if not _blank(given) and integer("id", given) != number:
        raise InvalidValue("id", f"must be {number}, the id in the path, or left out")
    return fields


def instant(field: str, value: Any) -> str:
    """YYYY-MM-DDTHH:MM (UTC) or ISO 8601 with an offset, as canonical UTC text."""
    if not isinstance(value, str):
        raise InvalidValue(field, "must be a date like 2026-11-22T05:27 (UTC)")
    text = value.strip()
    if len(text) < 16 or text[10] not in "T ":
        raise InvalidValue(field, "must be a date and time like 2026-11-22T05:27 (UTC)")
    try:
        return iso(parse_instant(text))
    except ValueError:
        raise InvalidValue(field, "must be a date like 2026-11-22T05:27 (UTC)") from None


def check_link(url: str) -> None:
    """An absolute http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise InvalidValue("external_link", "must be an http(s) URL")


def flag(field: str, value: Any) -> bool:
    """0/1, true/false (JSON or form text)."""
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false"):
        return value.strip().lower() in ("1", "true")
    raise InvalidValue(field, "must be 0, 1, true or false")


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue(field, "must be a string")
    # The widest limit guards the untrimmed text; the message names the field's own.
    stated = TEXT_LIMITS.get(field, NAME_MAX)  # severity, status: a state's name
    return check_text(field, value, max(TEXT_LIMITS.values()), stated=stated)


def _limited(field: str, text: str) -> str:
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        raise InvalidValue(field, f"must be at most {limit} characters")
    return text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
