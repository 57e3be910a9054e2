"""The listable resources and their fields, as the seed names them."""

from __future__ import annotations

from application.query import Field, Kind, Resource

INCIDENT_STATE = Resource(
    name="incident-state",
    table="incident_states",
    fields=(
        Field("_id", "id", Kind.ID, nullable=False),
        Field("createdAt", "created_at", Kind.INSTANT, nullable=False),
        Field("updatedAt", "updated_at", Kind.INSTANT, nullable=False),
        Field("projectId", "project_id", Kind.ID, nullable=False),
        Field("project", "project", Kind.RELATION),
        Field("name", "name", Kind.TEXT, nullable=False),
        Field("slug", "slug", Kind.TEXT, nullable=False),
        Field("description", "description", Kind.TEXT),
        Field("createdByUserId", "created_by_user_id", Kind.ID),
        Field("createdByUser", "created_by_user", Kind.JSON),
        Field("color", "color", Kind.TEXT, nullable=False),
        Field("isCreatedState", "is_created_state", Kind.BOOL, nullable=False),
        Field("isAcknowledgedState", "is_acknowledged_state", Kind.BOOL, nullable=False),
        Field("isResolvedState", "is_resolved_state", Kind.BOOL, nullable=False),
        Field("order", "order_no", Kind.INT, nullable=False),
    ),
)

# Domain attribute -> client field name, for history and error messages.
STATE_FIELD_NAMES = {
    "project_id": "projectId",
    "name": "name",
    "slug": "slug",
    "description": "description",
    "created_by_user_id": "createdByUserId",
    "created_by_user": "createdByUser",
    "color": "color",
    "is_created_state": "isCreatedState",
    "is_acknowledged_state": "isAcknowledgedState",
    "is_resolved_state": "isResolvedState",
    "order": "order",
}

INCIDENT = Resource(
    name="incident",
    table="incidents",
    fields=(
        Field("_id", "id", Kind.ID, nullable=False),
        Field("number", "number", Kind.INT, nullable=False),
        Field("projectId", "project_id", Kind.ID, nullable=False),
        Field("scopeId", "scope_id", Kind.INT, nullable=False),
        Field("serviceId", "service_id", Kind.INT, nullable=False),
        Field("name", "name", Kind.TEXT, nullable=False),
        Field("description", "description", Kind.TEXT),
        Field("externalReference", "external_reference", Kind.TEXT),
        Field("externalLink", "external_link", Kind.TEXT),
        Field("severity", "severity", Kind.TEXT, nullable=False),
        Field("currentIncidentStateId", "current_state_id", Kind.ID, nullable=False),
        Field("status", "status", Kind.TEXT, nullable=False),
        Field("startImpactDate", "start_impact_date", Kind.INSTANT, nullable=False),
        Field("investigationDate", "investigation_date", Kind.INSTANT),
        Field("stableDate", "stable_date", Kind.INSTANT),
        Field("resolveDate", "resolve_date", Kind.INSTANT),
        Field("createdAt", "created_at", Kind.INSTANT, nullable=False),
        Field("updatedAt", "updated_at", Kind.INSTANT, nullable=False),
    ),
    public_via="scope",
)

# Scopes and services share their fields; a scope adds its public flag.
_CATALOG_FIELDS = (
    Field("uuid", "id", Kind.ID, nullable=False),
    Field("id", "number", Kind.INT, nullable=False),
    Field("project_id", "project_id", Kind.ID, nullable=False),
    Field("name", "name", Kind.TEXT, nullable=False),
    Field("description", "description", Kind.TEXT),
    Field("created_at", "created_at", Kind.INSTANT, nullable=False),
    Field("updated_at", "updated_at", Kind.INSTANT, nullable=False),
)

SCOPE = Resource(
    name="scope",
    table="scopes",
    fields=(*_CATALOG_FIELDS, Field("public", "public", Kind.BOOL, nullable=False)),
    public_via="self",
)

SERVICE = Resource(name="service", table="services", fields=_CATALOG_FIELDS)

# The seed-001 names of an incident's columns (the generic routes use INCIDENT's).
INCIDENT_SEED_FIELDS = {
    "id": "number",
    "uuid": "id",
    "project_id": "project_id",
    "scope": "scope_id",
    "service": "service_id",
    "name": "name",
    "description": "description",
    "external_reference": "external_reference",
    "external_link": "external_link",
    "severity": "severity",
    "status": "status",
    "start_impact_date": "start_impact_date",
    "investigation_date": "investigation_date",
    "stable_date": "stable_date",
    "resolve_date": "resolve_date",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
