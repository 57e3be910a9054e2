"""One text form for instants, so that they sort and compare alike on every store."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """The canonical UTC form: 2026-11-22T05:27:52.123456Z (fixed width, sortable)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    m = moment.astimezone(UTC)
    # Not strftime: its %Y drops the leading zeros of years before 1000.
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T"
        f"{m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}Z"
    )


def parse_instant(text: str) -> datetime:
    """Read ISO 8601 (a date, or a time with or without offset; no offset means UTC).

    Raises ValueError also for an instant that exists only outside UTC's range.
    """
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is out of range in UTC") from None
