"""Models of the generic routes shared by every resource."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ListBody(BaseModel):
    """Optional body of get-list: filter, fields and order (paging may come here too)."""

    model_config = ConfigDict(extra="forbid")

    query: dict[str, Any] | None = Field(None, description="Field filters, AND-combined.")
    select: dict[str, Any] | None = Field(None, description="Fields to return besides _id.")
    sort: dict[str, Any] | None = Field(None, description='e.g. {"createdAt": -1}')
    # Checked by the application (a whole number, not true or 2.0), as the query's.
    skip: Any = Field(
        None,
        description="Objects to skip: 0 or more (default 0).",
        json_schema_extra={"type": "integer", "minimum": 0},
    )
    limit: Any = Field(
        None,
        description="Objects per page: 1-100 (default 10).",
        json_schema_extra={"type": "integer", "minimum": 1, "maximum": 100},
    )


class CountBody(BaseModel):
    """Optional body of count."""

    model_config = ConfigDict(extra="forbid")

    query: dict[str, Any] | None = None


class SelectBody(BaseModel):
    """Optional body of get-item."""

    model_config = ConfigDict(extra="forbid")

    select: dict[str, Any] | None = None


class ListOut(BaseModel):
    """A page: count is the total matching the query, not the page size."""

    count: int
    limit: int
    skip: int
    data: list[dict[str, Any]]


class CountOut(BaseModel):
    """The number of matching objects."""

    count: int


class HistoryChange(BaseModel):
    """A field's value before and after an event."""

    before: Any = None
    after: Any = None


class HistoryEntryOut(BaseModel):
    """One recorded event of an aggregate."""

    version: int
    type: str
    recordedAt: str  # noqa: N815 - the API's camelCase
    actor: str | None
    changes: dict[str, HistoryChange]
    causedBy: str | None = Field(  # noqa: N815 - the API's camelCase
        None, description="For an order shift or a lost flag: the state whose change caused it"
    )
