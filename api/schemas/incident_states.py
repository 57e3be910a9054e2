"""Request and response models of the Incident State API (seed 000)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

# Client field name -> domain attribute.
DOMAIN_NAMES = {
    "name": "name",
    "slug": "slug",
    "description": "description",
    "color": "color",
    "createdByUser": "created_by_user",
    "createdByUserId": "created_by_user_id",
    "isCreatedState": "is_created_state",
    "isAcknowledgedState": "is_acknowledged_state",
    "isResolvedState": "is_resolved_state",
    "order": "order",
}


class _StateFields(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    projectId: UUID | None = None  # noqa: N815
    slug: StrictStr | None = Field(
        None, description="Lowercase words joined by '-'; generated from the name when left out."
    )
    description: StrictStr | None = None
    createdByUser: Any = Field(None, description="Recorded as given.")  # noqa: N815
    createdByUserId: UUID | None = None  # noqa: N815
    isCreatedState: StrictBool | None = None  # noqa: N815
    isAcknowledgedState: StrictBool | None = None  # noqa: N815
    isResolvedState: StrictBool | None = None  # noqa: N815
    order: StrictInt | None = Field(None, description="Positive; default last + 1.")

    def domain_values(self) -> dict[str, Any]:
        """The given fields under their domain names."""
        given = self.model_dump(include=set(DOMAIN_NAMES) & self.model_fields_set)
        if given.get("createdByUserId") is not None:
            given["createdByUserId"] = str(given["createdByUserId"])
        return {DOMAIN_NAMES[k]: v for k, v in given.items()}


class StateCreate(_StateFields):
    """The fields of a new incident state."""

    name: StrictStr = Field(description="1-100 characters, unique in the project (any case).")
    color: StrictStr = Field(description="Hex colour, #RRGGBB or #RGB.")


class StateUpdate(_StateFields):
    """The fields to change; _id, createdAt and updatedAt are ignored."""

    name: StrictStr | None = None
    color: StrictStr | None = None
    id_: Any = Field(None, alias="_id")
    createdAt: Any = None  # noqa: N815
    updatedAt: Any = None  # noqa: N815


class CreateBody(BaseModel):
    """`{"data": {...}}` of a create."""

    model_config = ConfigDict(extra="forbid")
    data: StateCreate


class UpdateBody(BaseModel):
    """`{"data": {...}}` of an update."""

    model_config = ConfigDict(extra="forbid")
    data: StateUpdate


class ProjectRef(BaseModel):
    """The project relation, when selected."""

    id_: str = Field(alias="_id")
    name: str | None


class StateOut(BaseModel):
    """An incident state with every field."""

    model_config = ConfigDict(populate_by_name=True)

    id_: str = Field(alias="_id")
    createdAt: str  # noqa: N815
    updatedAt: str  # noqa: N815
    projectId: str  # noqa: N815
    project: ProjectRef | None = None
    name: str
    slug: str
    description: str | None
    createdByUserId: str | None  # noqa: N815
    createdByUser: Any  # noqa: N815
    color: str
    isCreatedState: bool  # noqa: N815
    isAcknowledgedState: bool  # noqa: N815
    isResolvedState: bool  # noqa: N815
    order: int
