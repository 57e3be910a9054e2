"""Documented shapes of the Incident API (seed 001).

Bodies arrive as JSON or form fields and are checked by the application (the
one place that knows the rules); these models describe them in OpenAPI.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

DATE = "YYYY-MM-DDTHH:MM (UTC) or ISO 8601 with an offset"
PATH_ID = "The ID of the incident, as in the path (may be left out)"


class IncidentCreateIn(BaseModel):
    """POST /incident/create."""

    scope: int = Field(description="The ID of the scope")
    service: int = Field(description="The ID of the service")
    name: str
    description: str | None = None
    external_reference: str | None = None
    external_link: str | None = Field(None, description="An http(s) URL")
    severity: str = Field(description="critical, high, moderate, low or minor")
    start_impact_date: str = Field(description=DATE)


RENAMED = " (the state of that name, also once renamed)"


class IncidentUpdateIn(IncidentCreateIn):
    """POST /incident/<id>/update: optional fields left out stay; an empty string clears."""

    id: int | None = Field(None, description=PATH_ID)
    status: str = Field(description="A state's name, lowercased: active, investigating, ...")
    investigation_date: str | None = Field(
        None, description=f"{DATE}; needed to enter investigating{RENAMED}"
    )
    stable_date: str | None = Field(None, description=f"{DATE}; needed to enter stable{RENAMED}")
    resolve_date: str | None = Field(None, description=f"{DATE}; needed to enter resolved{RENAMED}")


class CommentIn(BaseModel):
    """POST /incident/<id>/comment."""

    id: int | None = Field(None, description=PATH_ID)
    comment: str = Field(description="1-10,000 characters")
    internal: int | bool | None = Field(None, description="0/1 or true/false")


class CommentOut(BaseModel):
    """A comment."""

    id: int
    comment: str
    internal: bool
    created_at: str
    author: str | None


class IncidentOut(BaseModel):
    """An incident (with its visible comments on GET /incident/<id>)."""

    id: int
    uuid: str
    project_id: str
    scope: int
    service: int
    name: str
    description: str | None
    external_reference: str | None
    external_link: str | None
    severity: str
    status: str
    start_impact_date: str | None
    investigation_date: str | None
    stable_date: str | None
    resolve_date: str | None
    created_at: str
    updated_at: str
    comments: list[CommentOut] | None = None


class IncidentHistoryOut(BaseModel):
    """One recorded event of an incident."""

    version: int
    type: str
    recorded_at: str
    actor: str | None
    changes: dict[str, dict[str, Any]]
    occurred_at: str | None = None


class PeriodOut(BaseModel):
    """A stay in one status."""

    status: str
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


class ScopeIn(BaseModel):
    """POST /scope/create and /scope/<id>/update."""

    name: str
    description: str | None = None
    public: int | bool | None = Field(None, description="0/1 or true/false")


class ServiceIn(BaseModel):
    """POST /service/create and /service/<id>/update."""

    name: str
    description: str | None = None


class ScopeOut(BaseModel):
    """A scope."""

    id: int
    name: str
    description: str | None
    public: bool
    created_at: str
    updated_at: str


class ServiceOut(BaseModel):
    """A service."""

    id: int
    name: str
    description: str | None
    created_at: str
    updated_at: str
