"""The changes an update makes: what an Updated event records."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any


def changes_to(
    aggregate: object, values: Mapping[str, Any], fields: Collection[str]
) -> dict[str, dict[str, Any]]:
    """{field: {"before", "after"}} for each allowed field whose value differs."""
    return {
        field: {"before": getattr(aggregate, field), "after": value}
        for field, value in values.items()
        if field in fields and getattr(aggregate, field) != value
    }
