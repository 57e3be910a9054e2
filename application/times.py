"""One text form for instants, so that they sort and compare alike on every store."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """The canonical UTC form: 2026-11-22T05:27:52.123456Z (fixed width, sortable)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_instant(text: str) -> datetime:
    """Read ISO 8601 (a date, or a time with or without offset; no offset means UTC)."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
